// Deterministic synthetic history of a subscription business (`churn demo --business subscription`):
// customers with declared attributes (subscription-profile.ts), then each customer's events. Same
// options => same rows. Each customer has their own PRNG stream and is simulated start to end before
// the next; events come out customer by customer (time-sorted within one), and the database load sorts
// them by time. Rates are per 30.44-day month.
//
// CUSTOMERS  all sign up within the window (the service launches at `start`), more later (+60%).
//   Plans basic 40% / standard 40% / premium 20%, list prices 29 / 49 / 79 a month; standard and
//   premium go up on 2025-04-01 (55 / 89), basic on 2026-01-01 (32). Contracts month-to-month 55% /
//   one-year 24% / two-year 21% (partners sell more month-to-month, stores more two-year); half the
//   one-year contracts pay the year up front (one payment of 12 x price, term_months 12), the rest
//   and two-year contracts pay monthly (term_months 1). Contracts keep their price until renewal;
//   month-to-month pays the list price of the day. Usage (logins) is lower for the frail (below).
// EVENTS  subscription_start (plan, term); a payment on each billing day; `renewal` at the end of each
//   term; plan_change up (0.8%/month, more when engaged) or down (0.6%/month, x4 after a price
//   increase, x4 while leaving); payment_failed (by payment method: electronic check 7%, mailed check
//   5%, card 3%, bank transfer 1.5%), retried 3-5 days later (65% recovered), then 55% recovered
//   within two weeks, else the subscription ends (half with a cancellation "payment failed", half a
//   lapse); logins (6/month x usage x e^engagement), add-on purchases, support tickets (85% resolved;
//   more after a failed payment); cancellation with a reason (in the customer's language, following
//   the cause). After leaving, a few logins; 6% come back 2-8 months later.
// CHURN  month-to-month: monthly hazard
//   h = 0.04 x frailty (Gamma(0.9), mean 1) x traits (payment method, age, plan, channel, region)
//       x (1 + 1.5 exp(-tenure months / 5)) x exp(-0.9 engagement)
//       x 2.5 within 60 days of a failed payment x 3 with a ticket unresolved for a week
//       x (1 + 0.25 tickets in 90 days) x (1 + price sensitivity) within 180 days of a price increase
//       x 1.5 within 180 days of a downgrade x 1.3 after a comeback; capped at 0.6.
//   When it fires the customer leaves 1-3 months later (75% cancel, the rest stop paying), fading
//   first (logins and add-ons x 0.4, then x 0.15; 20% show no fading).
//   Contracts: early termination at h x 0.06; three months before a term ends the customer decides
//   to renew or leave with P = 1 - exp(-k h / tenure factor / 0.04), k 0.3 (one-year) or 0.22
//   (two-year), fades over those months, and gives notice (a cancellation) 55% of the time, else lets
//   the contract lapse. Engagement: monthly AR(1), e' = 0.8 e + N(0, 0.3).
//   Frailty makes cohort retention rise with tenure (the sBG shape); contract, failed payments,
//   tickets, price increases, logins and attributes make churn learnable (demo, 2,000 customers:
//   AUC ~0.8 against ~0.5 for recency), the unobserved frailty keeps it from being trivial.
// Timestamps: whole seconds, UTC, within [start 00:00:00, end 23:59:59], never before signup.

import { UserError } from '../errors.ts';
import type { EventType } from '../vocabulary.ts';
import {
  at,
  cents,
  cumulative,
  customerRow,
  DAY_MS,
  isoDay,
  MONTH,
  parseDay,
  type CustomerRow,
  type EventRow,
  type GenerateOptions,
  type GenerateSummary,
} from './generator.ts';
import type { CancelReason } from './feedback-phrases.ts';
import { cancellationText, textSeed } from './feedback-text.ts';
import { Rng } from './prng.ts';
import {
  attributeValues,
  drawSubscriber,
  listPrice,
  PAYMENT_FAILS,
  SUB_PLANS,
  TERM_MONTHS,
  type SubPlan,
  type SubscriberProfile,
} from './subscription-profile.ts';

export const SUBSCRIPTION_START = '2023-07-01';
export const SUBSCRIPTION_END = '2026-06-30';

export interface SubscriptionEventRow extends EventRow {
  plan: string | null;
  term_months: number | null;
}

export interface AttributeRow {
  customer_id: string;
  name: string;
  value: string | null;
  number: number | null;
}

export interface SubscriptionSink {
  customer(c: CustomerRow): void;
  attribute(a: AttributeRow): void;
  event(e: SubscriptionEventRow): void;
  /** Optional: called after each customer (done and total in customers). */
  progress?(done: number, total: number): void;
}

const BASE_HAZARD = 0.04;
const TERM_END_HAZARD: Record<string, number> = { 'one-year': 0.3, 'two-year': 0.22 };
const WIN_BACK = 0.06;

const TICKET_TOPICS: readonly (readonly [string, string])[] = [
  ['Charged twice this month', '本月重复扣款'],
  ['Cannot log in', '无法登录'],
  ['Video keeps buffering', '视频一直缓冲'],
  ['How do I change my plan?', '如何更换套餐？'],
  ['Invoice is wrong', '发票有误'],
  ['App crashes on start', '应用启动时闪退'],
  ['Why did my price go up?', '为什么涨价了？'],
];
const BILLING_TOPIC = ['My payment failed, please help', '付款失败，请帮忙处理'] as const;
const ADD_ONS = ['movie rental', 'sports pass', 'extra screen', 'kids pack', 'cloud storage'];

/**
 * Simulates every customer in id order and streams customers, their declared attributes and their
 * events (time-sorted within each customer) into `sink`.
 */
export function generateSubscriptionHistory(options: GenerateOptions, sink: SubscriptionSink): GenerateSummary {
  const { customers, seed } = options;
  if (!Number.isInteger(customers) || customers < 0) throw new UserError(`invalid customers: ${customers}`);
  if (!Number.isSafeInteger(seed)) throw new UserError(`invalid seed: ${seed}`);
  const start = options.start ?? SUBSCRIPTION_START;
  const startDay = parseDay(start, 'start');
  const endDay = parseDay(options.end ?? SUBSCRIPTION_END, 'end');
  if (endDay < startDay) throw new UserError(`invalid end: ${options.end} is before start ${start}`);
  const signupCdf = cumulative(
    Array.from({ length: endDay - startDay + 1 }, (_, i) => 1 + (0.6 * i) / (endDay - startDay + 1)),
  );
  const idWidth = Math.max(6, String(customers).length);
  const summary: GenerateSummary = { customers, events: 0, byType: {} };
  for (let i = 0; i < customers; i++) {
    // One stream per customer: customer i is the same whatever the number of customers.
    const rng = new Rng(seed, i + 1);
    // Cancellation reasons draw from a stream of their own: their wording never moves other events.
    const voice = new Rng(textSeed(seed), i + 1);
    const customerId = 'C' + String(i + 1).padStart(idWidth, '0');
    const profile = drawSubscriber(rng, startDay + rng.pickCumulative(signupCdf));
    // The plan at signup: a current plan would tell the model about changes after its cutoffs.
    sink.customer(customerRow(customerId, profile));
    for (const a of attributeValues(profile)) sink.attribute({ customer_id: customerId, ...a });
    for (const e of new SubscriberSim(rng, voice, profile, endDay).run(customerId)) {
      summary.byType[e.type] = (summary.byType[e.type] ?? 0) + 1;
      summary.events++;
      sink.event(e);
    }
    sink.progress?.(i + 1, customers);
  }
  return summary;
}

interface Draft {
  ts: number;
  seq: number;
  type: EventType;
  amount: number | null;
  plan: string | null;
  term: number | null;
  channel: string | null;
  text: string | null;
  /** ticket_resolved: the seq of its ticket, whose event id becomes the text. */
  ref: number;
}

interface Ticket {
  openDay: number;
  resolvedDay: number;
}

/** Why a subscription ended: a cancellation event with a reason, or a lapse (no event). */
type Ending = { day: number } | null;

/** One customer from signup to the end of the window (see the header for the mechanism). */
class SubscriberSim {
  private drafts: Draft[] = [];
  private readonly zh: boolean;
  private readonly endMs: number;
  private engagement: number;
  private plan: SubPlan;
  private tickets: Ticket[] = [];
  private failedDay = -Infinity;
  private increaseDay = -Infinity;
  private downgradeDay = -Infinity;
  private returning = false;
  private lastMonthly = NaN;
  /** A leaver who shows no fading first. */
  private quiet = false;

  constructor(
    private readonly rng: Rng,
    private readonly voice: Rng,
    private readonly p: SubscriberProfile,
    private readonly endDay: number,
  ) {
    this.zh = p.contact.language === 'zh';
    this.endMs = (endDay + 1) * DAY_MS;
    this.engagement = 0.4 * rng.normal();
    this.plan = p.plan;
  }

  run(customerId: string): SubscriptionEventRow[] {
    let startDay = this.p.signupDay;
    for (;;) {
      const ending = this.subscription(startDay);
      if (ending === null) break;
      const back = this.rng.chance(WIN_BACK) ? ending.day + 60 + this.rng.int(180) : Infinity;
      this.afterglow(ending.day, Math.min(back, this.endDay + 1));
      if (back > this.endDay) break;
      startDay = back;
      this.returning = true;
      this.plan = this.rng.chance(0.6) ? 'basic' : 'standard';
      this.engagement = 0.2;
    }
    return this.finish(customerId);
  }

  /** One subscription from its start: null while it runs past the window, else the day it ended. */
  private subscription(startDay: number): Ending {
    const { p, rng } = this;
    const term = TERM_MONTHS[p.contract];
    const startTs = at(rng, startDay);
    this.add(startTs, 'subscription_start', null, this.plan, term, rng.chance(p.appShare) ? 'app' : 'web', null);
    let price = listPrice(this.plan, startDay);
    let leaving = -1; // months of fading left before the customer goes; -1 while staying
    for (let m = 0; ; m++) {
      const d0 = addMonths(startDay, m);
      const d1 = addMonths(startDay, m + 1);
      if (d0 > this.endDay) return null;
      const contractMonth = m % term;
      if (term > 1 && m > 0 && contractMonth === 0) {
        if (leaving === 0) return { day: d0 }; // notice given or the contract lapses now
        price = listPrice(this.plan, d0);
        this.add(billingTime(rng, d0), 'renewal', null, this.plan, term, null, null);
      }
      if (term === 1) price = listPrice(this.plan, d0);
      const billed = p.prepaid ? contractMonth === 0 : true;
      if (
        billed &&
        !this.bill(d0, p.prepaid ? 12 * price : price, p.prepaid ? 12 : 1, m === 0 ? startTs : null, leaving >= 0)
      )
        return { day: d0 };
      const fade = leaving < 0 || this.quiet ? 1 : leaving >= 2 ? 0.4 : 0.15;
      this.activity(d0, d1, fade);
      if (!p.prepaid) price = this.changePlan(d0, d1, price, leaving >= 0, term === 1);
      const h = this.hazard(d0, startDay);
      if (term === 1) {
        if (leaving < 0 && rng.chance(1 - Math.exp(-h))) leaving = this.leave(rng.pick([1, 2, 2, 3, 3]));
        if (leaving === 0) return this.leaveMonthly(d0, d1);
        if (leaving > 0) leaving--;
      } else if (leaving < 0 && rng.chance(1 - Math.exp(-0.06 * h))) {
        return { day: this.cancel(d0 + rng.int(d1 - d0)) };
      } else if (leaving < 0 && contractMonth === term - 3) {
        const k = TERM_END_HAZARD[p.contract] / tenureFactor(d0, startDay);
        if (rng.chance(1 - Math.exp(-k * (h / BASE_HAZARD)))) leaving = this.leave(2);
      } else if (leaving >= 0 && contractMonth === term - 1) {
        leaving = 0;
        if (rng.chance(0.55)) this.cancel(Math.max(d0, d1 - 30) + rng.int(Math.min(30, d1 - d0) - 1));
      } else if (leaving > 0) leaving--;
      this.engagement = 0.8 * this.engagement + 0.3 * rng.normal();
    }
  }

  /** The customer decided to go in `months` months; 20% show no fading before. */
  private leave(months: number): number {
    this.quiet = this.rng.chance(0.2);
    return months;
  }

  /** A month-to-month subscriber goes within [d0, d1): 75% cancel, the rest stop paying. */
  private leaveMonthly(d0: number, d1: number): Ending {
    const { rng } = this;
    if (rng.chance(0.75)) return { day: this.cancel(d0 + 1 + rng.int(Math.max(1, d1 - d0 - 2))) };
    // Payments stop: some with a declined attempt on the next billing day, then nothing.
    if (rng.chance(0.4)) this.add(billingTime(rng, d1), 'payment_failed', null, this.plan, 1, null, null);
    return { day: d1 };
  }

  /**
   * Bills `amount` on `day` (right after `afterTs` on the first day); a failed attempt is retried,
   * then dunning ends the subscription. Returns whether it was paid.
   */
  private bill(day: number, amount: number, months: number, afterTs: number | null, leaving: boolean): boolean {
    const { rng } = this;
    const ts = afterTs === null ? billingTime(rng, day) : afterTs + (1 + rng.int(120)) * 1000;
    const pay = (t: number) => this.add(t, 'payment', cents(amount), this.plan, months, null, null);
    const monthly = amount / months;
    // A higher price without a plan change is a price increase the customer feels.
    if (monthly > this.lastMonthly + 0.005) this.increaseDay = day;
    this.lastMonthly = monthly;
    if (!rng.chance(PAYMENT_FAILS[this.p.payment] * (leaving ? 1.5 : 1))) {
      pay(ts);
      return true;
    }
    this.failedDay = day;
    this.add(ts, 'payment_failed', null, this.plan, months, null, null);
    if (rng.chance(0.3)) this.ticket(day + rng.int(3), BILLING_TOPIC[this.zh ? 1 : 0]);
    const retry = day + 3 + rng.int(3);
    if (rng.chance(0.65)) return pay(billingTime(rng, retry)) >= 0;
    this.add(billingTime(rng, retry), 'payment_failed', null, this.plan, months, null, null);
    if (rng.chance(0.55)) return pay(at(rng, retry + 2 + rng.int(8))) >= 0;
    if (rng.chance(0.5)) this.cancel(retry + 9 + rng.int(6), 'payment');
    return false;
  }

  /** Logins, add-on purchases and support tickets within [d0, d1), scaled by `fade` while leaving. */
  private activity(d0: number, d1: number, fade: number): void {
    const { rng, p } = this;
    const months = (d1 - d0) / MONTH;
    const boost = Math.exp(this.engagement);
    const logins = rng.poisson(p.loginRate * boost * fade * months);
    for (let j = 0; j < logins; j++)
      this.add(at(rng, d0 + rng.int(d1 - d0)), 'login', null, null, null, this.device(), null);
    const addOns = rng.poisson(p.addOnRate * Math.sqrt(boost) * fade * months);
    for (let j = 0; j < addOns; j++) {
      const amount = cents(Math.max(1, p.addOnSpend * rng.lognormal(-0.08, 0.4)));
      this.add(at(rng, d0 + rng.int(d1 - d0)), 'purchase', amount, null, null, this.device(), rng.pick(ADD_ONS));
    }
    const failedLately = d0 - this.failedDay <= 30 ? 2 : 0;
    const tickets = rng.poisson(p.ticketRate * (1 + failedLately) * months);
    for (let j = 0; j < tickets; j++) this.ticket(d0 + rng.int(d1 - d0), rng.pick(TICKET_TOPICS)[this.zh ? 1 : 0]);
  }

  /** Monthly billing may change plan: up when engaged, down after a price increase or while leaving. */
  private changePlan(d0: number, d1: number, price: number, leaving: boolean, listPriced: boolean): number {
    const { rng } = this;
    const i = SUB_PLANS.indexOf(this.plan);
    const up = i < SUB_PLANS.length - 1 && !leaving && rng.chance(0.008 * Math.exp(0.5 * this.engagement));
    const downRate = 0.006 * (d0 - this.increaseDay <= 120 ? 4 : 1) * (leaving ? 4 : 1);
    const down = !up && i > 0 && rng.chance(downRate);
    if (!up && !down) return price;
    const day = d0 + 1 + rng.int(Math.max(1, d1 - d0 - 2));
    this.plan = SUB_PLANS[i + (up ? 1 : -1)];
    if (down) this.downgradeDay = day;
    this.add(at(rng, day), 'plan_change', null, this.plan, null, this.device(), null);
    // The next payment is at the new plan's price; a contract's list price of today, not the month's.
    this.lastMonthly = NaN;
    return listPriced ? price : listPrice(this.plan, day);
  }

  /** The monthly hazard now (the header's formula). */
  private hazard(day: number, startDay: number): number {
    const { p } = this;
    let h = BASE_HAZARD * p.frailty * p.risk * tenureFactor(day, startDay) * Math.exp(-0.9 * this.engagement);
    if (day - this.failedDay <= 60) h *= 2.5;
    const recent = this.tickets.filter((t) => t.openDay >= day - 90);
    this.tickets = recent;
    if (recent.some((t) => t.openDay <= day - 7 && t.resolvedDay > day)) h *= 3;
    h *= 1 + 0.25 * recent.length;
    if (day - this.increaseDay <= 180) h *= 1 + p.priceSensitivity;
    if (day - this.downgradeDay <= 180) h *= 1.5;
    if (this.returning) h *= 1.3;
    return Math.min(h, 0.6);
  }

  /** Why the customer leaves, following what happened to them. */
  private reason(day: number): CancelReason {
    const { rng } = this;
    let key: CancelReason;
    if (day - this.increaseDay <= 150 && rng.chance(0.5)) key = 'increase';
    else if (this.tickets.some((t) => t.resolvedDay > day) && rng.chance(0.5)) key = 'service';
    else if (this.engagement < -0.3 && rng.chance(0.5)) key = 'unused';
    else key = rng.pick(['price', 'unused', 'technical', 'competitor', 'competitor', 'moving'] as const);
    return key;
  }

  private cancel(day: number, reason = this.reason(day)): number {
    const text = cancellationText(this.voice, this.zh ? 'zh' : 'en', reason);
    this.add(at(this.rng, day), 'cancellation', null, null, null, this.device(), text);
    return day;
  }

  private ticket(day: number, topic: string): void {
    const { rng } = this;
    const ts = at(rng, day);
    const channel = rng.chance(0.45) ? 'email' : rng.chance(0.64) ? 'chat' : 'phone';
    const seq = this.add(ts, 'support_ticket', null, null, null, channel, topic);
    let resolvedDay = Infinity;
    if (rng.chance(this.p.resolveProb)) {
      const resolvedTs = ts + Math.round(Math.max(1, rng.lognormal(Math.log(20), 1.1)) * 3600) * 1000;
      resolvedDay = Math.floor(resolvedTs / DAY_MS);
      this.add(resolvedTs, 'ticket_resolved', null, null, null, channel, null, seq);
    }
    this.tickets.push({ openDay: day, resolvedDay });
  }

  /** A former subscriber still drops by now and then until `until` (a comeback or the window's end). */
  private afterglow(from: number, until: number): void {
    const { rng } = this;
    if (until <= from) return;
    const logins = rng.poisson(this.p.loginRate * 0.04 * ((until - from) / MONTH));
    for (let j = 0; j < logins; j++)
      this.add(at(rng, from + rng.int(until - from)), 'login', null, null, null, this.device(), null);
  }

  private device(): string {
    return this.rng.chance(this.p.appShare) ? 'app' : 'web';
  }

  private add(
    ts: number,
    type: EventType,
    amount: number | null,
    plan: string | null,
    term: number | null,
    channel: string | null,
    text: string | null,
    ref = -1,
  ): number {
    const seq = this.drafts.length;
    this.drafts.push({ ts, seq, type, amount, plan, term, channel, text, ref });
    return seq;
  }

  /** The drafts within the window in time order, numbered; a resolution's text is its ticket's event id. */
  private finish(customerId: string): SubscriptionEventRow[] {
    const kept = this.drafts.filter((d) => d.ts < this.endMs).sort((a, b) => a.ts - b.ts || a.seq - b.seq);
    // Ids are unique across customers without a global counter: the customer's number, then the event's.
    const ids = new Map(kept.map((d, k) => [d.seq, `E${customerId.slice(1)}-${String(k + 1).padStart(5, '0')}`]));
    return kept.map((d) => ({
      event_id: ids.get(d.seq) as string,
      customer_id: customerId,
      ts: d.ts,
      type: d.type,
      amount: d.amount,
      score: null,
      channel: d.channel,
      text: d.ref >= 0 ? (ids.get(d.ref) ?? null) : d.text,
      plan: d.plan,
      term_months: d.term,
    }));
  }
}

/** Early months are riskier: the hazard falls with tenure in this subscription. */
function tenureFactor(day: number, startDay: number): number {
  return 1 + 1.5 * Math.exp(-(day - startDay) / MONTH / 5);
}

/** The same day of the month `k` months after `day` (the 29th-31st fall back to the month's last day). */
function addMonths(day: number, k: number): number {
  const d = new Date(day * DAY_MS);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + k;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), last)) / DAY_MS;
}

/** The billing system's nightly run. */
function billingTime(rng: Rng, day: number): number {
  return day * DAY_MS + (2 + rng.int(4)) * 3_600_000 + rng.int(3600) * 1000;
}
