// Deterministic synthetic interaction history: customers, then their events in time order, streamed
// row by row into a sink (memory stays flat). Same options => same rows on any machine; rows mirror
// db/schema.sql. Each customer has its own PRNG stream, so customer i does not depend on `customers`.
// All customers advance in weekly steps together. Rates are per 30.44-day month unless stated.
//
// CUSTOMERS  45% existing base (signup before `start`, age ~ Exp(mean 420 d)); 55% acquired over the
//   window (+15% growth, more around promotions). Plans basic 35% / standard 30% / premium 13% /
//   discount 22% (45% among partner-acquired). 2.5% VIPs (purchase rate x2, spend x5).
// ACTIVITY of a live customer, scaled by engagement and season:
//   purchase   rate PLAN_RATE (0.9/1.2/1.6/1.0) x Gamma(1.3, mean 1); amount = customer mean
//              (PLAN_SPEND 40/60/120/25 x lognormal sigma 0.6) x lognormal sigma 0.5, in cents.
//              Season: Singles' Day 11.11, Black Friday, December, 3 weeks before Chinese New Year
//              (dip in CNY week), 618 (June 16-18), summer lull.
//   refund     3.5% of purchases (discount 6%), 1-30 days later, amount NEGATIVE (full, or 20-60%),
//              text = the purchase's event_id. Net revenue = SUM(amount) over purchase + refund.
//   login      2.6 x channel factor x sqrt(purchase-rate factor) x Gamma(2, mean 1), channel app/web.
//   email_open 1.3 x Gamma(1.2, mean 1); text = campaign ('newsletter-2025-03', 'promo-1111-2025').
//   support_ticket 0.08 x Gamma(1.5, mean 1) + 0.01 x purchase rate, and 1% of purchases; text = what
//              the customer wrote (below). 85% get a ticket_resolved (text = the ticket's event_id)
//              after lognormal(median 20 h, sigma 1.1); discount -7 points, overseas -10. The rest stay
//              unresolved.
//   survey     an invitation every 90-150 days, 30% reply: NPS 0-10 = round(8.2 + satisfaction
//              N(0,1.2) + N(0,1.1) + 0.4 e - 3 if a ticket is unresolved - 2.5 while leaving
//              - 3 once gone), clamped to 0..10; a comment from 40% of detractors, 20% of passives,
//              25% of promoters.
//   care_contact company calls: 0.015 + 0.25 with an unresolved ticket + 0.15 within 30 days of a
//              detractor reply + 0.08 for VIPs; text = the staff's note of the call (reason, the
//              customer's mood, the outcome).
// FREE TEXT (feedback-text.ts, from a second stream per customer, so it moves no other column):
//   Chinese names write Chinese (10%, overseas 30%, mixed with English), the others English. The tone
//   follows the hazard's state: satisfaction, engagement, an open earlier ticket (the next ticket
//   escalates), the NPS reply, leaving or gone (threats to leave); care notes record the mood. Themes:
//   delivery more overseas and west, price on the discount plan, service for premium and VIPs, app
//   for the app channel, billing elsewhere; promoters praise. Planted personal data (phones, e-mails,
//   names, order numbers, addresses) in 8% of tickets, 10% of care notes, 2% of comments.
// ENGAGEMENT e: weekly AR(1), e' = 0.93 e + N(0, 0.18) (sd ~0.5); logins x exp(e), purchases and
//   email opens x exp(e/2). A ticket unresolved after 7 days drops e by 0.7 once.
// CHURN  monthly hazard while alive, capped at 0.8:
//   h = 0.02 x frailty (lognormal, mean 1, sigma 0.5) x plan (discount 1.9, basic 1, standard 0.85,
//       premium 0.6) x (1 + 1.5 exp(-tenure months / 4)) x exp(-0.8 e)
//       x 5 while a ticket opened 7-120 days ago is unresolved
//       x 4 / 1.1 / 0.7 when the latest NPS reply (within 180 days) was 0-6 / 7-8 / 9-10
//       x 0.6 for 60 days after a retention, ticket or satisfaction call; x 1.4 after a comeback.
//   When it fires, 25% leave at once; 75% taper for L ~ U{3..10} weeks, all activity x
//   (1 - k/(L+1))^1.5 in week k, then leave. This visible decay is what makes churn predictable.
//   After leaving: no purchases; logins x 0.02, email opens x 0.15, tickets x 0.05, 5% survey replies.
//   Win-back: 7% (discount 10%) return after 45 + Gamma(2, 40) days, 20% after a win-back call
//   (7-56 days later); a return starts with a purchase.
// At a cutoff, "no purchase in the next 90 days" is driven by purchase rate, recency, decaying
// logins/purchases, unresolved tickets, detractor replies and plan: a logistic model on such
// features reaches ROC-AUC ~0.87 (50k customers, recency alone ~0.83).
// Timestamps: whole seconds, UTC, within [start 00:00:00, end 23:59:59], never before signup.

import { UserError } from '../errors.ts';
import type { EventType } from '../vocabulary.ts';
import { Rng } from './prng.ts';
import { FeedbackWriter, textSeed, type CareReason, type Feeling } from './feedback-text.ts';
import { fakeContact, type Contact } from './names.ts';

export interface GenerateOptions {
  customers: number;
  seed: number;
  /** First day of the window, 'YYYY-MM-DD' (default 2024-07-01). */
  start?: string;
  /** Last day of the window, inclusive (default 2026-06-30). */
  end?: string;
}

export interface CustomerRow {
  customer_id: string;
  signup_date: string; // 'YYYY-MM-DD'
  region: string;
  channel: string;
  plan: string;
  name: string | null;
  email: string | null;
  phone: string | null;
}

export interface EventRow {
  event_id: string;
  customer_id: string;
  ts: number; // epoch milliseconds, UTC, whole seconds
  type: EventType;
  amount: number | null;
  score: number | null;
  channel: string | null;
  text: string | null;
}

export interface HistorySink {
  customer(c: CustomerRow): void;
  event(e: EventRow): void;
  /** Optional: called after each simulated week (done and total in weeks). */
  progress?(done: number, total: number): void;
}

export interface GenerateSummary {
  customers: number;
  events: number;
  byType: Record<string, number>;
}

export const DEFAULT_START = '2024-07-01';
export const DEFAULT_END = '2026-06-30';
export const EVENT_ID_WIDTH = 10;

export const DAY_MS = 86_400_000;
export const MONTH = 30.44;

export const REGIONS = ['north', 'south', 'east', 'west', 'overseas'] as const;
export const REGION_W = cumulative([0.27, 0.25, 0.27, 0.13, 0.08]);
export const CHANNELS = ['web', 'app', 'store', 'referral', 'partner'] as const;
export const CHANNEL_W = cumulative([0.34, 0.3, 0.16, 0.12, 0.08]);
const PLANS = ['basic', 'standard', 'premium', 'discount'] as const;
type Plan = (typeof PLANS)[number];
const PLAN_W = cumulative([0.35, 0.3, 0.13, 0.22]);
const PARTNER_PLAN_W = cumulative([0.25, 0.2, 0.1, 0.45]);

const PLAN_RATE: Record<Plan, number> = { basic: 0.9, standard: 1.2, premium: 1.6, discount: 1.0 };
const PLAN_SPEND: Record<Plan, number> = { basic: 40, standard: 60, premium: 120, discount: 25 };
const PLAN_HAZARD: Record<Plan, number> = { basic: 1, standard: 0.85, premium: 0.6, discount: 1.9 };
const CHANNEL_LOGIN: Record<string, number> = { web: 1, app: 1.3, store: 0.5, referral: 1, partner: 0.8 };
const APP_SHARE: Record<string, number> = { web: 0.2, app: 0.85, store: 0.5, referral: 0.5, partner: 0.4 };

const BASE_HAZARD = 0.02;
const ABRUPT_SHARE = 0.25;
const UNRESOLVED_HAZARD = 5;
const DETRACTOR_HAZARD = 4;

const CATEGORIES = ['electronics', 'apparel', 'home', 'beauty', 'grocery', 'books', 'sports', 'toys'];
// The draws the former fixed texts made on the main stream (a topic, a follow-up line, a comment): still
// made, so that moving the text to its own stream changed no other column for a seed.
const LEGACY_TOPICS = 10;
// UTC hour-of-day weights for customer-initiated activity.
const HOUR_W = cumulative([
  1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3, 3.5, 4, 4.5, 5, 5, 4.5, 4, 4, 4.5, 5.5, 6.5, 7, 6.5, 4.5, 2.5,
]);

// Chinese New Year, the one moving holiday that shapes the calendar.
const CNY: Record<number, string> = {
  2018: '02-16',
  2019: '02-05',
  2020: '01-25',
  2021: '02-12',
  2022: '02-01',
  2023: '01-22',
  2024: '02-10',
  2025: '01-29',
  2026: '02-17',
  2027: '02-06',
  2028: '01-26',
  2029: '02-13',
  2030: '02-03',
  2031: '01-23',
  2032: '02-11',
  2033: '01-31',
  2034: '02-19',
  2035: '02-08',
};

/**
 * Streams a synthetic history into `sink` and returns what was produced. All customers come first
 * (in id order), then all events in time order; event ids increase with time.
 */
export function generateHistory(options: GenerateOptions, sink: HistorySink): GenerateSummary {
  const { customers, seed } = options;
  if (!Number.isInteger(customers) || customers < 0) throw new UserError(`invalid customers: ${customers}`);
  if (!Number.isSafeInteger(seed)) throw new UserError(`invalid seed: ${seed}`);
  const startDay = parseDay(options.start ?? DEFAULT_START, 'start');
  const endDay = parseDay(options.end ?? DEFAULT_END, 'end');
  if (endDay < startDay)
    throw new UserError(`invalid end: ${options.end} is before start ${options.start ?? DEFAULT_START}`);

  const cal = buildCalendar(startDay, endDay);
  const idWidth = Math.max(6, String(customers).length);
  const sims: CustomerSim[] = [];
  for (let i = 0; i < customers; i++) {
    // One stream per customer: customer i is the same whatever the number of customers.
    const rng = new Rng(seed, i + 1);
    // Free text draws from a stream of its own: what a customer writes never moves their other events.
    const voice = new Rng(textSeed(seed), i + 1);
    const customerId = 'C' + String(i + 1).padStart(idWidth, '0');
    const profile = drawProfile(rng, cal);
    sink.customer(customerRow(customerId, profile));
    const writer = new FeedbackWriter(voice, { ...profile, language: profile.contact.language });
    sims.push(new CustomerSim(rng, profile, cal, customerId, writer));
  }

  // All customers advance one week at a time, so events come out in time order without holding the
  // whole history: only the current week (plus refunds/resolutions scheduled later) is in memory.
  const queue = new EventQueue(sink);
  const weeks = Math.ceil((endDay - startDay + 1) / 7);
  for (let w = 0; w < weeks; w++) {
    const weekStart = startDay + 7 * w;
    const n = Math.min(7, endDay - weekStart + 1);
    for (const sim of sims) sim.step(weekStart, n, queue);
    queue.flushBefore((weekStart + n) * DAY_MS);
    sink.progress?.(w + 1, weeks);
  }
  return { customers, events: queue.emitted, byType: queue.byType };
}

// ---------------------------------------------------------------- calendar

interface Calendar {
  startDay: number; // epoch days
  endDay: number; // inclusive
  endMs: number; // exclusive
  purchaseSeason: Float64Array; // per day of the window, mean 1
  campaign: string[]; // email campaign running on each day of the window
  signupCdf: Float64Array; // acquisition weight per day of the window, cumulative
}

function buildCalendar(startDay: number, endDay: number): Calendar {
  const days = endDay - startDay + 1;
  const season = new Float64Array(days);
  const campaign: string[] = new Array(days);
  let sum = 0;
  for (let i = 0; i < days; i++) {
    const s = shoppingSeason(startDay + i);
    season[i] = s.weight;
    campaign[i] = s.campaign;
    sum += s.weight;
  }
  for (let i = 0; i < days; i++) season[i] *= days / sum;
  const signup = new Float64Array(days);
  let acc = 0;
  for (let i = 0; i < days; i++) {
    acc += (1 + (0.15 * i) / days) * (0.6 + 0.4 * season[i]);
    signup[i] = acc;
  }
  return { startDay, endDay, endMs: (endDay + 1) * DAY_MS, purchaseSeason: season, campaign, signupCdf: signup };
}

function shoppingSeason(day: number): { weight: number; campaign: string } {
  const date = new Date(day * DAY_MS);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  const dom = date.getUTCDate();
  let weight = 1;
  let campaign = `newsletter-${year}-${String(month).padStart(2, '0')}`;
  if (month === 7 || month === 8) weight -= 0.1;
  if (month === 11) {
    weight += 0.2;
    if (dom >= 1 && dom <= 11) campaign = `promo-1111-${year}`;
    if (dom === 11) weight += 2;
    else if (dom === 9 || dom === 10) weight += 0.8;
    const blackFriday = 22 + ((4 - new Date(Date.UTC(year, 10, 1)).getUTCDay() + 7) % 7) + 1;
    if (dom >= blackFriday - 4 && dom <= blackFriday + 3) campaign = `promo-blackfriday-${year}`;
    if (dom === blackFriday) weight += 0.8;
    if (dom === blackFriday + 3) weight += 0.5; // Cyber Monday
  }
  if (month === 12 && dom <= 24) weight += 0.35;
  if (month === 6 && dom <= 18) {
    campaign = `promo-618-${year}`;
    if (dom >= 16) weight += 0.6;
  }
  // The CNY that matters for a January/February day is this year's.
  const cny = cnyDay(year);
  if (day >= cny - 21 && day < cny) {
    weight += 0.5;
    campaign = `promo-cny-${year}`;
  } else if (day >= cny && day < cny + 7) {
    weight -= 0.4;
  }
  return { weight, campaign };
}

function cnyDay(year: number): number {
  const mmdd = CNY[year] ?? '02-05';
  return parseDay(`${year}-${mmdd}`, 'cny');
}

// ---------------------------------------------------------------- customers

interface Profile {
  signupDay: number;
  region: (typeof REGIONS)[number];
  channel: (typeof CHANNELS)[number];
  plan: Plan;
  contact: ReturnType<typeof fakeContact>;
  vip: boolean;
  purchaseRate: number;
  spend: number; // mean amount of one purchase
  loginRate: number;
  emailRate: number;
  ticketRate: number;
  appShare: number;
  storeShare: number;
  category: string;
  frailty: number;
  satisfaction: number;
  resolveProb: number;
}

function drawProfile(rng: Rng, cal: Calendar): Profile {
  const existing = rng.chance(0.45);
  const signupDay = existing
    ? cal.startDay - Math.min(3650, Math.floor(rng.exponential(420)))
    : cal.startDay + rng.pickCumulative(cal.signupCdf);
  const region = REGIONS[rng.pickCumulative(REGION_W)];
  const channel = CHANNELS[rng.pickCumulative(CHANNEL_W)];
  const plan = PLANS[rng.pickCumulative(channel === 'partner' ? PARTNER_PLAN_W : PLAN_W)];
  const contact = fakeContact(rng, region === 'overseas');
  const vip = rng.chance(0.025);
  const rateFactor = rng.gamma(1.3, 1 / 1.3);
  const purchaseRate = PLAN_RATE[plan] * rateFactor * (vip ? 2 : 1);
  return {
    signupDay,
    region,
    channel,
    plan,
    contact,
    vip,
    purchaseRate,
    spend: PLAN_SPEND[plan] * rng.lognormal(-0.18, 0.6) * (vip ? 5 : 1),
    loginRate: 2.6 * CHANNEL_LOGIN[channel] * Math.sqrt(rateFactor) * rng.gamma(2, 0.5),
    emailRate: 1.3 * rng.gamma(1.2, 1 / 1.2),
    ticketRate: 0.08 * rng.gamma(1.5, 1 / 1.5) + 0.01 * purchaseRate,
    appShare: APP_SHARE[channel],
    storeShare: channel === 'store' ? 0.55 : 0.05,
    category: rng.pick(CATEGORIES),
    frailty: rng.lognormal(-0.125, 0.5),
    satisfaction: 1.2 * rng.normal(),
    resolveProb: 0.85 - (plan === 'discount' ? 0.07 : 0) - (region === 'overseas' ? 0.1 : 0),
  };
}

// ---------------------------------------------------------------- events

/**
 * Holds drafted events until no earlier event can appear any more, then emits them in (ts, creation)
 * order and numbers them. Columns live in reused typed arrays: a week of events as objects would
 * survive long enough to make garbage collection the main cost of generating.
 */
class EventQueue {
  emitted = 0;
  readonly byType: Record<string, number> = {};
  private size = 0;
  private capacity = 1 << 16;
  private ts = new Float64Array(this.capacity);
  private seq = new Float64Array(this.capacity);
  private amount = new Float64Array(this.capacity); // NaN = null
  private score = new Float64Array(this.capacity); // NaN = null
  private ref = new Float64Array(this.capacity); // seq of the event this one refers to, -1 = none
  private referenced = new Uint8Array(this.capacity);
  private keys = new Float64Array(this.capacity);
  private customer: string[] = [];
  private type: EventType[] = [];
  private channel: (string | null)[] = [];
  private text: (string | null)[] = [];
  private nextSeq = 0;
  /** event_id by seq, for events a later one refers to (refund -> purchase, resolution -> ticket). */
  private ids = new Map<number, string>();

  constructor(private readonly sink: HistorySink) {}

  /** Queues an event; returns its seq, which a later event can pass as `ref` to carry its id. */
  add(
    customer: string,
    ts: number,
    type: EventType,
    amount: number | null,
    score: number | null,
    channel: string | null,
    text: string | null,
    ref = -1,
  ): number {
    if (this.size === this.capacity) this.grow();
    const i = this.size++;
    const seq = this.nextSeq++;
    this.ts[i] = ts;
    this.seq[i] = seq;
    this.amount[i] = amount ?? NaN;
    this.score[i] = score ?? NaN;
    this.ref[i] = ref;
    this.referenced[i] = 0;
    this.customer[i] = customer;
    this.type[i] = type;
    this.channel[i] = channel;
    this.text[i] = text;
    if (ref >= 0) {
      // The referenced event was queued just before this one (same customer step).
      for (let j = i - 1; j >= 0; j--) {
        if (this.seq[j] === ref) {
          this.referenced[j] = 1;
          break;
        }
      }
    }
    return seq;
  }

  /** Emits every queued event before `limitMs`; later ones (also those after the window) stay queued. */
  flushBefore(limitMs: number): void {
    const { ts } = this;
    let base = Infinity;
    for (let i = 0; i < this.size; i++) if (ts[i] < limitMs && ts[i] < base) base = ts[i];
    // Sort key: seconds since `base` times SLOT plus the queue slot (= creation order); exact in a double.
    let ready = 0;
    for (let i = 0; i < this.size; i++) {
      if (ts[i] >= limitMs) continue;
      const seconds = (ts[i] - base) / 1000;
      if (seconds >= 2 ** 25) throw new Error(`event queue: ${seconds} s between queued events`);
      this.keys[ready++] = seconds * SLOT + i;
    }
    const order = this.keys.subarray(0, ready).sort();
    for (let k = 0; k < ready; k++) this.emit(order[k] % SLOT);
    let kept = 0;
    for (let i = 0; i < this.size; i++) if (ts[i] >= limitMs) this.move(i, kept++);
    this.size = kept;
    this.customer.length = this.type.length = this.channel.length = this.text.length = kept;
  }

  private emit(i: number): void {
    const id = 'E' + String(++this.emitted).padStart(EVENT_ID_WIDTH, '0');
    const type = this.type[i];
    this.byType[type] = (this.byType[type] ?? 0) + 1;
    if (this.referenced[i]) this.ids.set(this.seq[i], id);
    let text = this.text[i];
    if (this.ref[i] >= 0) {
      text = this.ids.get(this.ref[i]) ?? null;
      this.ids.delete(this.ref[i]);
    }
    const amount = this.amount[i];
    const score = this.score[i];
    this.sink.event({
      event_id: id,
      customer_id: this.customer[i],
      ts: this.ts[i],
      type,
      amount: Number.isNaN(amount) ? null : amount,
      score: Number.isNaN(score) ? null : score,
      channel: this.channel[i],
      text,
    });
  }

  private move(from: number, to: number): void {
    if (from === to) return;
    this.ts[to] = this.ts[from];
    this.seq[to] = this.seq[from];
    this.amount[to] = this.amount[from];
    this.score[to] = this.score[from];
    this.ref[to] = this.ref[from];
    this.referenced[to] = this.referenced[from];
    this.customer[to] = this.customer[from];
    this.type[to] = this.type[from];
    this.channel[to] = this.channel[from];
    this.text[to] = this.text[from];
  }

  private grow(): void {
    if (this.capacity * 2 > SLOT) throw new Error(`event queue: more than ${SLOT} events pending`);
    this.capacity *= 2;
    const widen = <T extends Float64Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(this.capacity);
      b.set(a);
      return b;
    };
    const f64 = (n: number) => new Float64Array(n);
    this.ts = widen(this.ts, f64);
    this.seq = widen(this.seq, f64);
    this.amount = widen(this.amount, f64);
    this.score = widen(this.score, f64);
    this.ref = widen(this.ref, f64);
    this.keys = widen(this.keys, f64);
    this.referenced = widen(this.referenced, (n) => new Uint8Array(n));
  }
}

const SLOT = 2 ** 28;

/** The days of one simulated week a customer lives through (from signup, in their first week). */
interface Week {
  day: number;
  end: number;
  /** Days in it. */
  n: number;
  months: number;
  /** Index of `day` in the calendar's daily series. */
  offset: number;
}

interface Ticket {
  openDay: number;
  resolvedDay: number; // Infinity when never resolved
  soured: boolean;
}

const ALIVE = 0;
const LEAVING = 1;
const CHURNED = 2;

/** One customer's latent state, advanced a week at a time (see the header for the mechanism). */
class CustomerSim {
  private readonly first: number;
  private started = false;
  private state = ALIVE;
  private leaveWeeks = 0;
  private leaveWeek = 0;
  private engagement: number;
  private comebackDay = Infinity;
  private comebacks = 0;
  private tickets: Ticket[] = [];
  private npsDay = -Infinity;
  private nps = 10;
  private protectedUntil = -Infinity;
  private nextSurvey: number;
  private queue!: EventQueue;

  constructor(
    private readonly rng: Rng,
    private readonly p: Profile,
    private readonly cal: Calendar,
    private readonly id: string,
    private readonly writer: FeedbackWriter,
  ) {
    this.first = Math.max(p.signupDay, cal.startDay);
    this.engagement = 0.3 * rng.normal();
    this.nextSurvey = this.first + rng.int(120);
  }

  step(weekStart: number, weekDays: number, queue: EventQueue): void {
    const weekEnd = weekStart + weekDays;
    if (this.first >= weekEnd) return; // not signed up yet
    this.queue = queue;
    const day = Math.max(weekStart, this.first);
    const n = weekEnd - day;
    const week: Week = { day, end: weekEnd, n, months: n / MONTH, offset: day - this.cal.startDay };
    // The order of the steps is the order of the random draws: changing it changes every customer.
    this.begin(day);
    this.comeBack(weekEnd);
    const unresolved = this.soursOnTickets(day);
    this.maybeLeave(day, week.months, unresolved);
    const state = this.state;
    const activity = this.activity();
    const boost = Math.exp(this.engagement);
    const halfBoost = Math.sqrt(boost);
    if (state !== CHURNED) this.purchases(week, halfBoost, activity);
    this.logins(week, state === CHURNED ? 0.02 : boost * activity);
    this.emailOpens(week, state === CHURNED ? 0.15 : halfBoost * (0.4 + 0.6 * activity));
    const newTickets = this.rng.poisson(this.p.ticketRate * week.months * (state === CHURNED ? 0.05 : 1));
    for (let j = 0; j < newTickets; j++) this.ticket(day + this.rng.int(n));
    if (this.nextSurvey < weekEnd) {
      const reply = state === ALIVE ? 0.3 : state === LEAVING ? 0.2 : 0.05;
      if (this.rng.chance(reply)) this.survey(this.nextSurvey, unresolved);
      this.nextSurvey += 90 + this.rng.int(61);
    }
    this.careContacts(week, state, unresolved);
    this.engagement = 0.93 * this.engagement + 0.18 * this.rng.normal();
    if (state === LEAVING && this.leaveWeek >= this.leaveWeeks) this.churn(weekEnd);
  }

  /** The first week: a new customer often buys and logs in on the day they sign up. */
  private begin(day: number): void {
    if (this.started) return;
    this.started = true;
    if (this.p.signupDay >= this.cal.startDay) {
      if (this.rng.chance(0.55)) this.purchase(day);
      if (this.rng.chance(0.7)) this.add(at(this.rng, day), 'login', null, null, this.loginChannel(), null);
    }
  }

  /** A churned customer whose comeback day falls in this week is alive again, with a purchase. */
  private comeBack(weekEnd: number): void {
    if (this.state !== CHURNED || this.comebackDay >= weekEnd) return;
    this.state = ALIVE;
    this.engagement = 0.3;
    this.comebacks++;
    this.purchase(this.comebackDay);
    this.comebackDay = Infinity;
  }

  /** Whether a ticket of the last 120 days is a week old and unanswered; each such ticket sours the customer once. */
  private soursOnTickets(day: number): boolean {
    if (this.tickets.length > 0 && this.tickets[0].openDay < day - 120)
      this.tickets = this.tickets.filter((t) => t.openDay >= day - 120);
    let unresolved = false;
    for (const t of this.tickets) {
      if (t.openDay > day - 7 || t.openDay < day - 120 || t.resolvedDay <= day) continue;
      unresolved = true;
      // A week without an answer sours the customer once: activity drops right away.
      if (!t.soured) this.engagement -= 0.7;
      t.soured = true;
    }
    return unresolved;
  }

  /** A live customer may churn this week: at once, or leaving over a few weeks. */
  private maybeLeave(day: number, months: number, unresolved: boolean): void {
    const { rng } = this;
    if (this.state === ALIVE && rng.next() < 1 - Math.exp(-this.hazard(day, unresolved) * months)) {
      if (rng.chance(ABRUPT_SHARE)) this.churn(day);
      else {
        this.state = LEAVING;
        this.leaveWeeks = 3 + rng.int(8);
        this.leaveWeek = 0;
      }
    }
  }

  /** How active the customer is this week: 1 alive, fading while leaving (a week further each call), 0 churned. */
  private activity(): number {
    if (this.state === LEAVING) return Math.pow(1 - ++this.leaveWeek / (this.leaveWeeks + 1), 1.5);
    return this.state === CHURNED ? 0 : 1;
  }

  /** Purchases follow the daily shopping season inside the week. */
  private purchases(w: Week, halfBoost: number, activity: number): void {
    const { rng, cal } = this;
    let seasonSum = 0;
    for (let k = 0; k < w.n; k++) seasonSum += cal.purchaseSeason[w.offset + k];
    const count = rng.poisson(this.p.purchaseRate * (seasonSum / MONTH) * halfBoost * activity);
    for (let j = 0; j < count; j++) {
      let x = rng.next() * seasonSum;
      let k = 0;
      while (k < w.n - 1 && x >= cal.purchaseSeason[w.offset + k]) x -= cal.purchaseSeason[w.offset + k++];
      this.purchase(w.day + k);
    }
  }

  private logins(w: Week, factor: number): void {
    const { rng } = this;
    const loginSeason = 1 + 0.3 * (this.cal.purchaseSeason[w.offset] - 1);
    const logins = rng.poisson(this.p.loginRate * w.months * loginSeason * factor);
    for (let j = 0; j < logins; j++)
      this.add(at(rng, w.day + rng.int(w.n)), 'login', null, null, this.loginChannel(), null);
  }

  private emailOpens(w: Week, factor: number): void {
    const { rng } = this;
    const opens = rng.poisson(this.p.emailRate * w.months * factor);
    for (let j = 0; j < opens; j++) {
      const k = rng.int(w.n);
      this.add(at(rng, w.day + k), 'email_open', null, null, 'email', this.cal.campaign[w.offset + k]);
    }
  }

  /** Calls from customer care: more after an unresolved ticket or a detractor's survey; win-back offers may bring a churned customer back. */
  private careContacts(w: Week, state: number, unresolved: boolean): void {
    const { rng, p } = this;
    const detractorRecently = w.day - this.npsDay <= 30 && this.nps <= 6;
    const careRate =
      0.015 +
      (unresolved ? 0.25 : 0) +
      (detractorRecently ? 0.15 : 0) +
      (p.vip ? 0.08 : 0) +
      (state === CHURNED ? 0.05 : 0);
    const calls = rng.poisson(careRate * w.months);
    for (let j = 0; j < calls; j++) {
      const callDay = w.day + rng.int(w.n);
      let reason: CareReason;
      let accepted = false;
      if (state === CHURNED) {
        reason = 'win-back offer';
        if (this.comebackDay === Infinity && rng.chance(0.2)) {
          this.comebackDay = callDay + 7 + rng.int(50);
          accepted = true;
        }
      } else {
        reason = unresolved
          ? 'ticket follow-up'
          : detractorRecently
            ? 'satisfaction follow-up'
            : p.vip
              ? 'account review'
              : 'retention offer';
        if (reason !== 'account review') this.protectedUntil = callDay + 60;
      }
      const note = this.writer.careNote(reason, this.feeling(callDay, unresolved), accepted);
      this.add(businessHours(rng, callDay), 'care_contact', null, null, 'phone', note);
    }
  }

  /** Monthly churn hazard of a live customer (constants in the header). */
  private hazard(day: number, unresolved: boolean): number {
    const { p } = this;
    const tenureMonths = (day - p.signupDay) / MONTH;
    let h =
      BASE_HAZARD *
      p.frailty *
      PLAN_HAZARD[p.plan] *
      (1 + 1.5 * Math.exp(-tenureMonths / 4)) *
      Math.exp(-0.8 * this.engagement);
    if (unresolved) h *= UNRESOLVED_HAZARD;
    if (day - this.npsDay <= 180) h *= this.nps <= 6 ? DETRACTOR_HAZARD : this.nps <= 8 ? 1.1 : 0.7;
    if (day < this.protectedUntil) h *= 0.6;
    if (this.comebacks > 0) h *= 1.4;
    return Math.min(h, 0.8);
  }

  private churn(day: number): void {
    this.state = CHURNED;
    const winBack = this.rng.chance(this.p.plan === 'discount' ? 0.1 : 0.07);
    this.comebackDay = winBack ? day + 45 + Math.round(this.rng.gamma(2, 40)) : Infinity;
  }

  private add(
    ts: number,
    type: EventType,
    amount: number | null,
    score: number | null,
    channel: string | null,
    text: string | null,
    ref = -1,
  ): number {
    return this.queue.add(this.id, ts, type, amount, score, channel, text, ref);
  }

  private loginChannel(): string {
    return this.rng.chance(this.p.appShare) ? 'app' : 'web';
  }

  private purchase(day: number): void {
    const { rng, p } = this;
    const ts = at(rng, day);
    const amount = cents(Math.max(0.5, p.spend * rng.lognormal(-0.125, 0.5)));
    const channel = rng.chance(p.storeShare) ? 'store' : rng.chance(p.appShare) ? 'app' : 'web';
    const d = this.add(ts, 'purchase', amount, null, channel, rng.chance(0.5) ? p.category : rng.pick(CATEGORIES));
    if (rng.chance(p.plan === 'discount' ? 0.06 : 0.035)) {
      const share = rng.chance(0.7) ? 1 : rng.uniform(0.2, 0.6);
      const refundTs = ts + (1 + Math.floor(rng.gamma(2, 4))) * DAY_MS + rng.int(36_000) * 1000;
      this.add(refundTs, 'refund', -Math.max(0.01, cents(amount * share)), null, channel, null, d);
    }
    if (rng.chance(0.01)) this.ticket(day + rng.int(5));
  }

  private ticket(day: number): void {
    if (day > this.cal.endDay) return;
    const { rng } = this;
    const ts = at(rng, day);
    const channel = rng.chance(0.45) ? 'email' : rng.chance(0.64) ? 'chat' : 'phone';
    rng.int(LEGACY_TOPICS);
    if (rng.chance(0.03)) rng.int(2);
    const open = this.tickets.some((t) => t.openDay <= day && t.resolvedDay > day);
    const text = this.writer.ticket(this.feeling(day, open));
    const d = this.add(ts, 'support_ticket', null, null, channel, text);
    let resolvedDay = Infinity;
    if (rng.chance(this.p.resolveProb)) {
      const hours = Math.max(1, rng.lognormal(Math.log(20), 1.1));
      const resolvedTs = ts + Math.round(hours * 3600) * 1000;
      resolvedDay = Math.floor(resolvedTs / DAY_MS);
      this.add(resolvedTs, 'ticket_resolved', null, null, channel, null, d);
    }
    this.tickets.push({ openDay: day, resolvedDay, soured: false });
  }

  private survey(day: number, unresolved: boolean): void {
    const { rng, state } = this;
    const raw =
      8.2 +
      this.p.satisfaction +
      1.1 * rng.normal() +
      0.4 * this.engagement -
      (unresolved ? 3 : 0) -
      (state === LEAVING ? 2.5 : 0) -
      (state === CHURNED ? 3 : 0);
    this.nps = Math.min(10, Math.max(0, Math.round(raw)));
    this.npsDay = day;
    if (rng.chance(0.25)) (rng.int(LEGACY_TOPICS), rng.chance(0.05));
    const comment = this.writer.surveyComment(this.nps, this.feeling(day, unresolved));
    this.add(at(rng, day), 'survey', null, this.nps, rng.chance(0.6) ? 'email' : 'app', comment);
  }

  /** The state behind the churn hazard, as the text composer reads it on `day`. */
  private feeling(day: number, unresolved: boolean): Feeling {
    return {
      satisfaction: this.p.satisfaction,
      engagement: this.engagement,
      unresolved,
      nps: day - this.npsDay <= 180 ? this.nps : null,
      leaving: this.state === LEAVING,
      churned: this.state === CHURNED,
    };
  }
}

/** A generated customer's row: the profile's signup day, region, channel, plan (at signup) and contact fields. */
export function customerRow(
  customerId: string,
  p: { signupDay: number; region: string; channel: string; plan: string; contact: Omit<Contact, 'language'> },
): CustomerRow {
  return {
    customer_id: customerId,
    signup_date: isoDay(p.signupDay),
    region: p.region,
    channel: p.channel,
    plan: p.plan,
    name: p.contact.name,
    email: p.contact.email,
    phone: p.contact.phone,
  };
}

/** A customer-initiated moment on `day`, following the hour-of-day curve. */
export function at(rng: Rng, day: number): number {
  return day * DAY_MS + rng.pickCumulative(HOUR_W) * 3_600_000 + rng.int(3600) * 1000;
}

export function businessHours(rng: Rng, day: number): number {
  return day * DAY_MS + (9 + rng.int(9)) * 3_600_000 + rng.int(3600) * 1000;
}

// ---------------------------------------------------------------- helpers

export function cents(x: number): number {
  return Math.round(x * 100) / 100;
}

export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let acc = 0;
  weights.forEach((w, i) => (out[i] = acc += w));
  return out;
}

export function parseDay(text: string, name: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!match || Number.isNaN(ms) || isoDay(ms / DAY_MS) !== text) throw new UserError(`invalid ${name} date: ${text}`);
  return ms / DAY_MS;
}

export function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
