// The free text of the synthetic histories (issue 20, "a demo that talks"): support tickets, survey
// comments, care notes and cancellation reasons, composed from the fragments of feedback-phrases.ts
// (opening, complaint or praise with a concrete detail, what the customer wants, closing).
// - Who writes: customers with a Chinese name write Chinese, 10% of them (30% overseas) mixed with
//   English words; the others write English. Care notes are the staff's, in the customer's language.
// - How they feel (`mood`, 0 calm .. 3 furious) follows the state that drives the churn hazard: low
//   satisfaction, low engagement, an earlier ticket still open, a detractor reply, leaving or gone.
//   So the wording carries signal beyond the score: an open ticket makes the next one angrier and an
//   escalation, a leaving customer threatens to go, a care note records the customer's mood.
// - What about (`themeWeights`): delivery more overseas and in the west, price on the discount plan,
//   service attitude among premium and VIP customers, app problems for app-channel customers, billing
//   elsewhere. Promoters praise (fast delivery, good service); passives praise "but" complain mildly.
// - Planted personal data (`PLANT_SHARE`): 8% of tickets, 10% of care notes and 2% of survey comments
//   carry a phone, e-mail, name, order number or street address: the customer's own contact (45%
//   where it is usable), someone else's (15%), an order number (25%) or an address (15%), so the masking
//   of free text is tested end to end.
// Every draw comes from the caller's text stream (`textSeed`), never the simulation's: the text can
// change without changing any other column of the history.
import { fakeContact, type Contact } from './names.ts';
import {
  EN,
  EN_STREET_TYPES,
  EN_STREETS,
  MIXED_CLOSING,
  MIXED_OPENING,
  MIXED_SWAPS,
  THEME_CODES,
  ZH,
  ZH_CITIES,
  ZH_ROADS,
  type Bank,
  type CancelReason,
  type ThemeCode,
} from './feedback-phrases.ts';
import type { Rng } from './prng.ts';

export type Writing = 'en' | 'zh' | 'mixed';
export type Mood = 0 | 1 | 2 | 3;

/** Shares of texts that carry planted personal data, by kind of text. */
export const PLANT_SHARE = { ticket: 0.08, care: 0.1, survey: 0.02 } as const;
/** Shares of survey replies with a comment: the unhappy write more. */
export const COMMENT_SHARE = { detractor: 0.4, passive: 0.2, promoter: 0.25 } as const;

const TEXT_SALT = 0x7e47_5a17;

/** The seed of the text streams: the run's seed with its low 32 bits salted (never the seed itself). */
export function textSeed(seed: number): number {
  const hi = Math.floor(seed / 4294967296);
  return hi * 4294967296 + ((seed ^ TEXT_SALT) >>> 0);
}

/** Who writes: fixed per customer. */
export interface Writer {
  language: 'en' | 'zh';
  region: string;
  plan: string;
  channel: string;
  vip: boolean;
  /** The category the customer buys most (an items key of the banks). */
  category: string;
  contact: Contact;
}

/** The customer's state when writing: the same quantities that drive the churn hazard. */
export interface Feeling {
  satisfaction: number;
  engagement: number;
  /** An earlier ticket is still open. */
  unresolved: boolean;
  /** The latest NPS reply of the last 180 days, or null. */
  nps: number | null;
  leaving: boolean;
  churned: boolean;
}

export type CareReason =
  | 'ticket follow-up'
  | 'satisfaction follow-up'
  | 'account review'
  | 'retention offer'
  | 'win-back offer';

/** Relative weights of the complaint themes for a writer (THEME_CODES order). */
export function themeWeights(w: Pick<Writer, 'region' | 'plan' | 'channel' | 'vip'>): number[] {
  const elsewhere = w.region !== 'overseas' && w.region !== 'west' && w.plan !== 'discount' && w.channel !== 'app';
  return [
    w.region === 'overseas' ? 3.5 : w.region === 'west' ? 2.2 : 1, // delivery
    w.plan === 'discount' ? 3.5 : w.plan === 'premium' ? 0.4 : 0.8, // price
    1, // quality
    w.plan === 'premium' || w.vip ? 3 : 0.7, // service
    elsewhere ? 2 : 0.9, // billing
    w.channel === 'app' ? 3.5 : 0.5, // app
  ];
}

const PRAISE_WEIGHTS = (w: Writer): number[] => [
  w.region === 'overseas' || w.region === 'west' ? 0.5 : 2, // fast delivery
  w.plan === 'discount' ? 1.5 : 0.8,
  1,
  w.plan === 'premium' || w.vip ? 1 : 1.8, // good service
  0.3,
  w.channel === 'app' ? 1.5 : 0.5,
];

/** Mood 0..3 from the state, with some noise: the unhappy and the leaving write angrier. */
export function mood(rng: Rng, f: Feeling): Mood {
  const x =
    0.3 -
    0.45 * f.satisfaction -
    0.5 * f.engagement +
    (f.unresolved ? 1.3 : 0) +
    (f.leaving ? 1 : 0) +
    (f.churned ? 1.2 : 0) +
    (f.nps === null ? 0 : f.nps <= 6 ? 0.8 : f.nps >= 9 ? -0.5 : 0) +
    0.6 * rng.normal();
  return x < 0.3 ? 0 : x < 1.1 ? 1 : x < 2 ? 2 : 3;
}

/** One customer's voice: composes their tickets, survey comments and the staff's notes of calls. */
export class FeedbackWriter {
  readonly writing: Writing;
  private readonly bank: Bank;
  private readonly themes: number[];
  private readonly praiseThemes: number[];
  private lastTheme: ThemeCode | null = null;

  constructor(
    private readonly rng: Rng,
    private readonly w: Writer,
  ) {
    const mixed = w.language === 'zh' && rng.chance(w.region === 'overseas' ? 0.3 : 0.1);
    this.writing = w.language === 'en' ? 'en' : mixed ? 'mixed' : 'zh';
    this.bank = w.language === 'en' ? EN : ZH;
    this.themes = cumulativeOf(themeWeights(w));
    this.praiseThemes = cumulativeOf(PRAISE_WEIGHTS(w));
  }

  /** A support ticket: a calm customer often just asks; otherwise a complaint, angrier with the mood. */
  ticket(f: Feeling): string {
    const { rng, bank } = this;
    const m = mood(rng, f);
    if (m === 0 && !f.unresolved && rng.chance(0.45))
      return this.customerText(
        [pick(rng, bank.opening[0]), pick(rng, bank.inquiry), pick(rng, bank.closing[0])],
        'ticket',
      );
    // A follow-up usually returns to the problem that is still open.
    const theme = f.unresolved && this.lastTheme !== null && rng.chance(0.6) ? this.lastTheme : this.theme();
    this.lastTheme = theme;
    const parts = [pick(rng, bank.opening[m])];
    if (f.unresolved && rng.chance(0.7)) parts.push(pick(rng, bank.escalation));
    parts.push(pick(rng, bank.complaint[theme]));
    if (rng.chance(0.75)) parts.push(pick(rng, bank.want[theme]));
    if (((f.leaving || f.churned) && rng.chance(0.6)) || (m === 3 && rng.chance(0.3)))
      parts.push(pick(rng, bank.leaving));
    parts.push(pick(rng, bank.closing[m]));
    return this.customerText(parts, 'ticket');
  }

  /** The comment of a survey reply with score `nps`, or null (most replies carry none). */
  surveyComment(nps: number, f: Feeling): string | null {
    const { rng, bank } = this;
    const kind = nps <= 6 ? 'detractor' : nps <= 8 ? 'passive' : 'promoter';
    if (!rng.chance(COMMENT_SHARE[kind])) return null;
    const parts: string[] = [];
    if (kind === 'promoter') {
      const theme = THEME_CODES[rng.pickCumulative(this.praiseThemes)];
      parts.push(pick(rng, bank.praise[theme]), pick(rng, bank.praiseExtra));
    } else if (kind === 'passive') {
      const theme = this.theme();
      const space = bank.join === '' ? '' : ' ';
      const mild = pick(rng, bank.mild[theme]);
      parts.push(pick(rng, bank.passiveStart) + space + pick(rng, bank.but) + space + mild + bank.stop);
      // A middling score from an unhappy state: the comment says more than the score.
      if (mood(rng, f) >= 2 && rng.chance(0.5)) parts.push(pick(rng, bank.complaint[theme]));
    } else {
      const m = Math.max(mood(rng, f), nps <= 3 ? 2 : 1) as Mood;
      const theme = this.theme();
      this.lastTheme = theme;
      if (rng.chance(0.5)) parts.push(pick(rng, bank.opening[m]));
      parts.push(pick(rng, bank.complaint[theme]), pick(rng, bank.detractorExtra));
    }
    // What the score does not say: an open ticket, a customer on the way out.
    if (kind !== 'promoter' && f.unresolved && rng.chance(0.5)) parts.push(pick(rng, bank.escalation));
    if (kind !== 'promoter' && (f.leaving || f.churned) && rng.chance(0.5)) parts.push(pick(rng, bank.leaving));
    return this.customerText(parts, 'survey');
  }

  /**
   * The staff's note of a care call, in the customer's language: what it was about, the customer's
   * mood and the outcome. `accepted`: a win-back call that brings the customer back.
   */
  careNote(reason: CareReason, f: Feeling, accepted = false): string {
    const { rng, bank } = this;
    const care = bank.care;
    if (rng.chance(0.12)) return this.withPlant(pick(rng, care.noAnswer), 'care');
    const m = mood(rng, f);
    const feel = pick(rng, care.mood[m]);
    const theme = this.lastTheme ?? this.theme();
    const sp = bank.join === '' ? '' : ' ';
    let note: string;
    switch (reason) {
      case 'ticket follow-up': {
        const head = pick(rng, care.ticketHead).replace('{topic}', pick(rng, care.topic[theme]));
        note = head + sp + feel + bank.comma + pick(rng, rng.chance(0.7) ? care.action[theme] : care.ticket);
        break;
      }
      case 'satisfaction follow-up':
        note =
          pick(rng, care.satisfaction) +
          sp +
          feel +
          bank.comma +
          pick(rng, care.said) +
          sp +
          pick(rng, bank.mild[theme]);
        break;
      case 'account review':
        note =
          pick(rng, care.review) +
          sp +
          feel +
          bank.comma +
          (m <= 1 ? pick(rng, care.reviewGood) : pick(rng, care.said) + sp + pick(rng, bank.mild[theme]));
        break;
      case 'retention offer': {
        const yes = rng.chance(m <= 1 ? 0.6 : 0.25);
        note =
          pick(rng, care.retention) + sp + feel + bank.comma + pick(rng, yes ? care.retentionYes : care.retentionNo);
        break;
      }
      case 'win-back offer':
        note =
          pick(rng, care.winBack) +
          sp +
          pick(rng, care.winBackWhy) +
          bank.comma +
          pick(rng, accepted ? care.winBackYes : care.winBackNo);
        break;
    }
    return this.withPlant(this.fill(note) + bank.stop, 'care');
  }

  private theme(): ThemeCode {
    return THEME_CODES[this.rng.pickCumulative(this.themes)];
  }

  /** Joins what a customer wrote (now and then on two lines), plants personal data, mixes languages. */
  private customerText(parts: string[], kind: 'ticket' | 'survey'): string {
    const { rng, bank } = this;
    const sep = rng.chance(0.06) ? '\n' : bank.join;
    const filled = parts.filter((p) => p !== '').map((p) => this.fill(p));
    // After an opening like "Hi," people go on in lower case.
    for (let i = 1; i < filled.length; i++)
      if (filled[i - 1].endsWith(',') && !/^I\b/.test(filled[i]))
        filled[i] = filled[i][0].toLowerCase() + filled[i].slice(1);
    let text = this.withPlant(filled.join(sep), kind);
    if (this.writing === 'mixed') {
      for (const [zh, en] of MIXED_SWAPS) if (text.includes(zh) && rng.chance(0.6)) text = text.replace(zh, en);
      text = pick(rng, MIXED_OPENING) + text + (rng.chance(0.5) ? ' ' + pick(rng, MIXED_CLOSING) : '');
    }
    return text.replace(/ {2,}/g, ' ').trim();
  }

  private withPlant(text: string, kind: keyof typeof PLANT_SHARE): string {
    const { rng } = this;
    if (!rng.chance(PLANT_SHARE[kind])) return text;
    const sentence = this.personalData(kind === 'care');
    const sep = this.bank.join === '' ? '' : ' ';
    return rng.chance(0.3) ? sentence + sep + text : text + sep + sentence;
  }

  /** One sentence with personal data (see the header for the shares). */
  private personalData(care: boolean): string {
    const { rng, bank, w } = this;
    const plant = bank.plant;
    const own = w.contact;
    const other = fakeContact(rng, w.region === 'overseas');
    const u = rng.next();
    const values = {
      phone: u < 0.35 ? usable(own.phone) : usable(other.phone),
      email: u < 0.35 ? usable(own.email) : usable(other.email),
      name: u < 0.45 ? usable(own.name) : usable(other.name),
      order: orderNumber(rng),
      address: this.address(),
    };
    let frame: string;
    if (care) frame = pick(rng, plant.care);
    else if (u < 0.2) frame = pick(rng, plant.ownPhone);
    else if (u < 0.35) frame = pick(rng, plant.ownEmail);
    else if (u < 0.45) frame = pick(rng, plant.ownName);
    else if (u < 0.52) frame = pick(rng, plant.otherName);
    else if (u < 0.6) frame = pick(rng, plant.otherPhone);
    else if (u < 0.85) frame = pick(rng, plant.order);
    else frame = pick(rng, plant.address);
    const slot = /\{(phone|email|name|order|address)\}/.exec(frame)?.[1] as keyof typeof values;
    // A contact field may be empty or messy ('-', a formula): then the text names an order instead.
    if (values[slot] === null) return pick(rng, plant.order).replace('{order}', values.order);
    return frame.replace(`{${slot}}`, values[slot] as string);
  }

  private address(): string {
    const { rng } = this;
    if (this.bank === ZH) {
      const [city, districts] = pick(rng, ZH_CITIES);
      return `${city}${pick(rng, districts)}${pick(rng, ZH_ROADS)}${1 + rng.int(300)}号${1 + rng.int(20)}栋${1 + rng.int(6)}单元${1 + rng.int(30)}0${1 + rng.int(4)}室`;
    }
    return `${1 + rng.int(200)} ${pick(rng, EN_STREETS)} ${pick(rng, EN_STREET_TYPES)}, Apt ${1 + rng.int(40)}`;
  }

  /** Fills the placeholders of a fragment with concrete details. */
  private fill(fragment: string): string {
    const { rng, bank, w } = this;
    return fragment.replace(/\{(\w+)\}/g, (_, key: string) => {
      switch (key) {
        case 'item': {
          const items = bank.items[rng.chance(0.6) ? w.category : pick(rng, Object.keys(bank.items))];
          return pick(rng, items ?? bank.items.home);
        }
        case 'days':
          return String(2 + rng.int(12));
        case 'hours':
          return String(2 + rng.int(22));
        case 'times':
          return String(2 + rng.int(4));
        case 'pct':
          return String(5 * (1 + rng.int(6)));
        case 'amount': {
          const value = 5 + rng.int(300);
          return bank === ZH ? String(value) : `$${value}.${String(rng.int(100)).padStart(2, '0')}`;
        }
        case 'weekday':
          return pick(rng, bank.weekday);
        default:
          return key;
      }
    });
  }
}

/** A subscription's cancellation reason in the customer's language, now and then with a detail. */
export function cancellationText(rng: Rng, language: 'en' | 'zh', reason: CancelReason): string {
  const bank = language === 'zh' ? ZH : EN;
  const main = pick(rng, bank.cancel[reason]);
  const detail = rng.chance(0.4) ? pick(rng, bank.cancelDetail[reason]) : '';
  if (detail === '') return main;
  const filled = detail
    .replace('{amount}', String(20 + rng.int(80)))
    .replace('{pct}', String(5 * (1 + rng.int(6))))
    .replace('{days}', String(2 + rng.int(12)));
  return main + bank.join + filled;
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)];
}

function cumulativeOf(weights: readonly number[]): number[] {
  let acc = 0;
  return weights.map((w) => (acc += w));
}

/** A contact value a person would type into a text, or null (missing, a placeholder, a formula). */
function usable(value: string | null): string | null {
  if (value === null || value.length < 3 || /^[=+@-]/.test(value)) return null;
  return value;
}

function orderNumber(rng: Rng): string {
  let digits = String(2024 + rng.int(3));
  for (let i = 0; i < 8; i++) digits += String(rng.int(10));
  return digits;
}
