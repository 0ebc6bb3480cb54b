// voice.json: the Voice of the customer page (docs/voice.md, "The report page"). Reads text_signals and
// text_state (pipeline/text/), which features keep current: how sentiment is read, per theme its volume,
// complaints, share, trend, churn rate after a complaint and the current risk of recent complainers;
// sentiment by month and language; the themes and words that grow; a few recent complaints per theme as
// quotes. Only masked text leaves here (voice-quote.ts). `{available: false}` without feedback text.
import type { Config } from '../config/config-schema.ts';
import { mergeThemes } from '../config/voice-config.ts';
import type { Database } from '../db/database.ts';
import { readNamedSql } from '../db/named-sql.ts';
import { compileThemes, tagThemes } from '../text/theme-tagger.ts';
import { textState, type TextState } from '../text/text-signals.ts';
import { maskedText, publishedText } from './voice-quote.ts';
import { growingWords } from './voice-words.ts';

/** Quotes per theme, and the latest complaints read to find them (duplicates are skipped). */
const QUOTES = 3;
const QUOTE_CANDIDATES = 30;
/** At most this many complaints are tokenised for the word counts (a fixed share of both windows). */
const WORD_TEXTS = 50_000;

/** maskFreeText's placeholders ([name], [phone], ...). */
const PLACEHOLDER = /\[(?:email|phone|id|card|order|address|name|url)\]/g;

const SQL = () => readNamedSql(import.meta.url, 'publish-voice.sql');
const round = (v: number | null | undefined, digits: number) =>
  v === null || v === undefined || !Number.isFinite(v) ? null : Number(v.toFixed(digits));
const rate = (part: number, whole: number) => (whole > 0 ? round(part / whole, 4) : null);

type Group = { customers: number; churned: number; rate: number | null };
type Risk = { customers: number; churnProb: number | null };

export async function voiceReport(db: Database, asOf: string, config: Config) {
  const state = await textState(db);
  const sql = SQL();
  if (state === null) return { asOf, available: false };
  await db.run(sql.texts, { as_of: asOf, themes: state.themes.length }, 'voice texts');
  const [totals] = await db.all<Record<string, number | string | null>>(sql.totals, {}, 'voice totals');
  if (Number(totals.texts) === 0) return { asOf, available: false };
  const params = { as_of: asOf, horizon: config.horizonDays };
  const counts = await db.all<Record<string, number>>(sql.theme_counts, {}, 'voice theme counts');
  const churn = byGroup(await db.all<Record<string, number>>(sql.churn_rates, params, 'voice churn rates'), (r) => ({
    customers: r.customers,
    churned: r.churned,
    rate: rate(r.churned, r.customers),
  }));
  const risk = byGroup(
    await db.all<Record<string, number>>(sql.current_risk, { as_of: asOf }, 'voice current risk'),
    (r) => ({
      customers: r.customers,
      churnProb: round(r.churn_prob, 4),
    }),
  );
  const quotes = await themeQuotes(db);
  const negative = Number(totals.negative);
  const themes = state.themes.map((theme, bit) => {
    const c = counts.find((r) => r.bit === bit) ?? { texts: 0, negative: 0, recent: 0, previous: 0 };
    return {
      code: theme.code,
      label: theme.label,
      texts: c.texts,
      negative: c.negative,
      negativeShare: rate(c.negative, negative),
      recent: c.recent,
      previous: c.previous,
      ...trend(c.recent, c.previous),
      churn: churn.get(bit) ?? { customers: 0, churned: 0, rate: null },
      risk: risk.get(bit) ?? { customers: 0, churnProb: null },
      quotes: quotes.get(bit) ?? [],
    };
  });
  return {
    asOf,
    available: true,
    horizonDays: config.horizonDays,
    sentiment: sentimentSource(state),
    texts: totals.texts,
    negative,
    customers: totals.customers,
    first: totals.first,
    last: totals.last,
    recent: totals.negative_recent,
    previous: totals.negative_previous,
    themes,
    churnBaseline: {
      negative: churn.get(-1) ?? { customers: 0, churned: 0, rate: null },
      everyone: churn.get(-2) ?? { customers: 0, churned: 0, rate: null },
    },
    riskBaseline: {
      negative: risk.get(-1) ?? { customers: 0, churnProb: null },
      everyone: risk.get(-2) ?? { customers: 0, churnProb: null },
    },
    monthly: (await db.all<Record<string, number | string>>(sql.monthly, {}, 'voice monthly')).map((m) => ({
      month: m.month,
      lang: m.lang,
      texts: m.texts,
      sentiment: round(m.sentiment as number, 4),
      negativeShare: round(m.negative_share as number, 4),
    })),
    growing: {
      themes: themes
        .filter((t) => t.recent > t.previous)
        .sort((a, b) => b.recent - b.previous - (a.recent - a.previous) || (a.code < b.code ? -1 : 1))
        .map((t) => ({ code: t.code, recent: t.recent, previous: t.previous, growth: t.growth, isNew: t.isNew })),
      words: await newWords(db, config),
    },
  };
}

/** Complaints in the last 90 days against the 90 before: growth as a share, "new" when there were none. */
function trend(recent: number, previous: number) {
  return {
    growth: previous > 0 ? round((recent - previous) / previous, 4) : null,
    isNew: previous === 0 && recent > 0,
  };
}

/** How sentiment is read: the company's model (with its held-out AUC and ECE) or the lexicon, and why. */
function sentimentSource(state: TextState) {
  const h = state.quality.holdout;
  return {
    source: state.source,
    reason: state.quality.reason,
    labelled: state.labelled,
    holdout: h
      ? {
          n: h.n,
          auc: round(h.auc, 4),
          ece: round(h.ece, 4),
          brier: round(h.brier, 4),
          lexiconAuc: round(h.lexiconAuc, 4),
        }
      : null,
  };
}

function byGroup<T>(rows: Record<string, number>[], map: (r: Record<string, number>) => T): Map<number, T> {
  return new Map(rows.map((r) => [r.grp, map(r)]));
}

/** The latest distinct complaints per theme, masked (the writer's own contact data included) and cut short. */
async function themeQuotes(db: Database) {
  const rows = await db.all<Record<string, string | number | null>>(
    SQL().quotes,
    { candidates: QUOTE_CANDIDATES },
    'voice quotes',
  );
  const out = new Map<number, { date: string; type: string; lang: string; sentiment: number | null; text: string }[]>();
  for (const r of rows) {
    const list = out.get(r.bit as number) ?? [];
    out.set(r.bit as number, list);
    if (list.length >= QUOTES) continue;
    const text = publishedText(String(r.text ?? ''), r);
    if (text === '' || list.some((q) => q.text === text)) continue;
    list.push({
      date: r.date as string,
      type: r.type as string,
      lang: r.lang as string,
      sentiment: round(r.sentiment as number, 3),
      text,
    });
  }
  return out;
}

/** Words and phrases that grew most in complaints and that no configured theme covers. */
async function newWords(db: Database, config: Config) {
  const sql = SQL();
  const [{ n }] = await db.all<{ n: number }>(sql.word_texts_count, {}, 'voice word texts (count)');
  const every = Math.max(1, Math.ceil(n / WORD_TEXTS));
  const texts = await db.all<{ text: string | null; recent: boolean; name: string; email: string; phone: string }>(
    sql.word_texts,
    { every },
    'voice word texts',
  );
  const compiled = compileThemes(mergeThemes(config.voice.themes));
  // Counted in the masked text, placeholders dropped: a name written in many complaints is no "word".
  const words = growingWords(
    texts.map((t) => ({ text: maskedText(t.text ?? '', t).replace(PLACEHOLDER, ' '), recent: t.recent })),
    (term) => tagThemes(term, compiled).length > 0,
  );
  return { sampled: every > 1 ? round(1 / every, 6) : 1, terms: words.map((w) => ({ ...w, isNew: w.previous === 0 })) };
}
