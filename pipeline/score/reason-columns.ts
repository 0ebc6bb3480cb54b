// The reasons of every scored customer as numbers: per rank, an id into a table of distinct
// sentences, and the reason's attribution. Many customers share a sentence ("No login in 75 days"),
// so each is written once and the database joins it in: at 1M customers, building and handing over
// a JSON string per customer took longer than the network.
import { DRIVER_CODES } from './drivers.ts';
import { REASON_RULES, type ReasonInput, type ReasonRule } from './reasons.ts';

export interface ReasonSentence {
  code: string;
  en: string;
  zh: string;
}

export interface ReasonColumns {
  /** Per rank, most important first: the customer's sentence (index into `sentences`), -1 past their last reason. */
  ids: Int32Array[];
  /** Per rank: the reason's attribution, rounded to 3 decimals; NaN without attributions or past the last reason. */
  impacts: Float64Array[];
  sentences: ReasonSentence[];
}

/**
 * The same reasons as `reasonsFor` for customers 0..n-1 (`fill(i)` loads customer i into `input`):
 * those that hold, by attribution (equal ones in rule order), at most `max`.
 * `attributions` are per reason code in DRIVER_CODES order, or null for the rule order.
 */
export function reasonColumns(
  n: number,
  fill: (i: number) => void,
  input: ReasonInput,
  attributions: readonly Float64Array[] | null,
  options: {
    max?: number;
    holding?: readonly Uint8Array[];
    /** The reason book's rules and driver codes (reason-book.ts); default the fixed ones. */
    rules?: readonly ReasonRule[];
    codes?: readonly string[];
  } = {},
): ReasonColumns {
  const max = options.max ?? 3;
  const rules = options.rules ?? REASON_RULES;
  const codes = options.codes ?? DRIVER_CODES;
  const driver = rules.map((rule) => codes.indexOf(rule.code));
  const weights = driver.map((g) => (attributions ? (attributions[g] ?? null) : null));
  // Which reasons hold, when already known (holdingMasks, in DRIVER_CODES order): not evaluated again.
  const masks =
    options.holding && driver.every((g) => options.holding![g] !== undefined)
      ? driver.map((g) => options.holding![g])
      : null;
  const ids = Array.from({ length: max }, () => new Int32Array(n).fill(-1));
  const impacts = Array.from({ length: max }, () => new Float64Array(n).fill(NaN));
  const sentences: ReasonSentence[] = [];
  const known = new Map<number | string, number>();
  const sentenceId = (r: number) => {
    const rule = rules[r];
    const args = rule.args(input);
    const packed = sentenceKey(r, args);
    // Arguments that do not pack into a number are keyed as text: slower, never a sentence per customer.
    const key = packed >= 0 ? packed : `${r}:${args.join(',')}`;
    let id = known.get(key);
    if (id === undefined) {
      const text = rule.text(args);
      id = sentences.push({ code: rule.code, en: text.en, zh: text['zh-CN'] }) - 1;
      known.set(key, id);
    }
    return id;
  };
  const holding = new Int32Array(rules.length);
  const weight = new Float64Array(rules.length);
  for (let i = 0; i < n; i++) {
    let filled = masks === null;
    if (filled) fill(i);
    let count = 0;
    for (let r = 0; r < rules.length; r++) {
      if (masks ? masks[r][i] === 0 : !rules[r].applies(input)) continue;
      const w = weights[r] ? weights[r]![i] : 0;
      if (rules[r].raisesRiskOnly && !(w > 0)) continue;
      // Insertion by weight, highest first; an equal weight stays after those before it (a stable sort).
      let j = count++;
      for (; j > 0 && weight[j - 1] < w; j--) {
        holding[j] = holding[j - 1];
        weight[j] = weight[j - 1];
      }
      holding[j] = r;
      weight[j] = w;
    }
    if (count > 0 && !filled) {
      fill(i);
      filled = true;
    }
    for (let rank = 0; rank < Math.min(count, max); rank++) {
      ids[rank][i] = sentenceId(holding[rank]);
      if (attributions) impacts[rank][i] = Math.round(weight[rank] * 1000) / 1000;
    }
  }
  return { ids, impacts, sentences };
}

/**
 * One number per (rule, arguments), or -1 when the arguments do not pack: at most two, each a
 * multiple of 0.1 in [0, 2^23) that its tenths give back exactly (so no two arguments share a key).
 */
export function sentenceKey(rule: number, args: readonly number[]): number {
  if (args.length > 2 || rule >= 16) return -1;
  let key = 0;
  for (let a = args.length - 1; a >= 0; a--) {
    const tenths = Math.round(args[a] * 10);
    if (!(tenths >= 0 && tenths < 2 ** 23 && tenths / 10 === args[a])) return -1;
    key = key * 2 ** 23 + tenths;
  }
  // 46 bits of arguments, 2 of their count, 4 of the rule: an exact integer.
  return (key * 4 + args.length) * 16 + rule;
}
