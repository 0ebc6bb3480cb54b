// Keeps text_signals (schema.sql) equal to the feedback texts of the events: language, sentiment and
// complaint themes per text (docs/voice.md). Features call ensureTextSignals before a snapshot, as they
// do for event_links. Loads only append, so new texts are read on their own; a new version of the
// reading, other themes or types, or a quarter more scored answers than the sentiment model was
// trained on, read everything again.
import { silentLogger, type Logger } from '../log.ts';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type SerialisedSentiment } from '../../models/text/index.ts';
import { labelFromScore, trainSentiment, type TrainedSentiment } from '../../models/text/sentiment-model.ts';
import { systemClock, type Clock } from '../clock.ts';
import { mergeThemes, type Theme, type VoiceConfig } from '../config/voice-config.ts';
import type { Database } from '../db/database.ts';
import { readNamedSql } from '../db/named-sql.ts';
import { textPool } from './text-pool.ts';

const sql = () => readNamedSql(import.meta.url, 'text-signals.sql');

/** Sentiment below this is negative feedback (the lexicon's neutral band is +-0.05, as VADER's). */
export const NEGATIVE_BELOW = -0.05;
/** Texts per batch handed to a reader. */
const BATCH = 20_000;
/** Below this many texts to read, worker threads cost more than they save. */
const WORKERS_FROM = 60_000;
/** The sentiment model is trained again once the scored answers grew by this share. */
const RETRAIN_GROWTH = 1.25;

export interface TextState {
  events: number;
  version: string;
  themes: { code: string; label: Theme['label'] }[];
  source: 'model' | 'lexicon';
  labelled: number;
  quality: SentimentQuality;
  model: SerialisedSentiment | null;
  builtAt: string;
}

/** How sentiment was read, for the model card and the report. */
export interface SentimentQuality {
  source: 'model' | 'lexicon';
  reason: string;
  labelled: number;
  holdout: TrainedSentiment['holdout'];
}

export interface TextSignalsResult {
  /** Texts read by this call (0 when text_signals was current). */
  read: number;
  rebuilt: boolean;
  state: TextState;
}

export interface TextSignalsOptions {
  seed?: number;
  /** Worker threads; default: 2 (or the cores there are) from WORKERS_FROM texts, else none. */
  workers?: number;
  now?: Clock;
  /** Progress of the read (a terminal only) and a line saying how many texts were read. */
  logger?: Logger;
}

/** The state text_signals was built in, or null before the first build. */
export async function textState(db: Database): Promise<TextState | null> {
  return (await stateAndEvents(db)).state;
}

/** The stored state and the number of events now, in one query. */
async function stateAndEvents(db: Database): Promise<{ state: TextState | null; events: number }> {
  const [row] = await db.all<{ events: number; state: string | null }>(sql().state, {}, 'text signals (state)');
  return { state: row.state === null ? null : parseState(row.state), events: row.events };
}

function parseState(json: string): TextState {
  const s = JSON.parse(json) as Record<string, unknown>;
  return {
    events: Number(s.events),
    version: String(s.version),
    themes: JSON.parse(String(s.themes)),
    source: s.source as TextState['source'],
    labelled: Number(s.labelled),
    quality: JSON.parse(String(s.quality)),
    model: s.model === null ? null : JSON.parse(String(s.model)),
    builtAt: String(s.built_at),
  };
}

/** Brings text_signals up to date with the events (and the voice config); reads only what it must. */
export async function ensureTextSignals(
  db: Database,
  voice: VoiceConfig,
  options: TextSignalsOptions = {},
): Promise<TextSignalsResult> {
  const themes = mergeThemes(voice.themes);
  const version = readingVersion(voice, themes, options.seed ?? 0);
  const { state, events } = await stateAndEvents(db);
  if (state && state.version === version && state.events === events) return { read: 0, rebuilt: false, state };
  const [{ n: labelled }] = await db.all<{ n: number }>(sql().labelled_count, {}, 'text signals (labelled)');
  const retrain = state === null || state.version !== version || grewEnough(state, labelled, voice.minLabelled);
  return db.transaction(async () => {
    const sentiment = retrain ? await learnSentiment(db, voice, options.seed ?? 0) : stateSentiment(state!);
    if (retrain) await db.run(sql().clear, {}, 'text signals (clear)');
    const read = await readPending(db, voice, themes, sentiment.model, options);
    const next: TextState = {
      events,
      version,
      themes: themes.map((t) => ({ code: t.code, label: t.label })),
      source: sentiment.quality.source,
      labelled: sentiment.quality.labelled,
      quality: sentiment.quality,
      model: sentiment.model,
      builtAt: (options.now ?? systemClock)().toISOString(),
    };
    await record(db, next);
    return { read, rebuilt: retrain, state: next };
  });
}

/** Whether the scored answers grew enough since the sentiment model (or the lexicon) was chosen. */
function grewEnough(state: TextState, labelled: number, minLabelled: number): boolean {
  if (state.source === 'lexicon') return labelled >= minLabelled && labelled > state.labelled;
  return labelled >= state.labelled * RETRAIN_GROWTH;
}

const stateSentiment = (state: TextState) => ({ model: state.model, quality: state.quality });

/** The company's own sentiment model from its scored answers, or the lexicon when they are too few or it is no better. */
async function learnSentiment(
  db: Database,
  voice: VoiceConfig,
  seed: number,
): Promise<{ model: SerialisedSentiment | null; quality: SentimentQuality }> {
  const rows = await db.all<{ text: string; score: number; scale: 'nps' | 'csat' | 'stars' }>(
    sql().labelled,
    {},
    'text signals (scored answers)',
  );
  const examples: { text: string; positive: boolean }[] = [];
  for (const r of rows) {
    const positive = labelFromScore(r.score, r.scale);
    if (positive !== null) examples.push({ text: r.text, positive });
  }
  const base = { labelled: rows.length };
  if (rows.length < voice.minLabelled)
    return {
      model: null,
      quality: {
        ...base,
        source: 'lexicon',
        reason: `${rows.length} scored answers with text, fewer than voice.minLabelled (${voice.minLabelled})`,
        holdout: null,
      },
    };
  const trained = await trainSentiment(examples, { seed, minExamples: voice.minLabelled });
  if (trained.use === 'model' && trained.model)
    return {
      model: trained.model,
      quality: { ...base, source: 'model', reason: trained.reason, holdout: trained.holdout },
    };
  return { model: null, quality: { ...base, source: 'lexicon', reason: trained.reason, holdout: trained.holdout } };
}

/** Reads the feedback texts not yet in text_signals, each distinct text once, in batches (on worker threads when there are many); returns the events read. */
async function readPending(
  db: Database,
  voice: VoiceConfig,
  themes: readonly Theme[],
  model: SerialisedSentiment | null,
  options: TextSignalsOptions,
): Promise<number> {
  const q = sql();
  await db.run(q.pending, { types: voice.types }, 'text signals (pending)');
  await db.run(q.numbers, {}, 'text signals (numbers)');
  const [{ events, n }] = await db.all<{ events: number; n: number }>(q.pending_count, {}, 'text signals (pending)');
  const threads = options.workers ?? (n >= WORKERS_FROM ? Math.min(2, availableParallelism()) : 0);
  const pool = textPool({ model, themes }, threads);
  const logger = options.logger ?? silentLogger;
  const progress = logger.progress('reading feedback text', n);
  try {
    // Batches are read ahead while the threads work: at most two per thread in flight.
    const inFlight: Promise<{ from: number; columns: Awaited<ReturnType<typeof pool.read>> }>[] = [];
    const depth = Math.max(1, threads * 2);
    for (let from = 0; from < n || inFlight.length > 0; ) {
      while (from < n && inFlight.length < depth) {
        const start = from;
        const { other } = await db.vectors(q.pending_texts, { from, to: from + BATCH }, 'text signals (texts)');
        inFlight.push(pool.read(other.text as string[]).then((columns) => ({ from: start, columns })));
        from += BATCH;
      }
      const { from: start, columns } = await inFlight.shift()!;
      const pos = new Int32Array(columns.lang.length);
      for (let i = 0; i < pos.length; i++) pos[i] = start + i;
      await db.appendColumns('text_numbers', [pos, columns.lang, columns.sentiment, columns.themes]);
      progress.tick(start + pos.length);
    }
  } finally {
    progress.done();
    await pool.close();
  }
  if (events > 0)
    logger.info(
      `feedback text: read ${events.toLocaleString('en')} texts (${n.toLocaleString('en')} distinct)${threads ? ` on ${threads} threads` : ''}`,
    );
  await db.run(q.insert, { negative_below: NEGATIVE_BELOW }, 'text signals (insert)');
  await db.run(q.cleanup, {}, 'text signals (cleanup)');
  return events;
}

async function record(db: Database, s: TextState): Promise<void> {
  await db.run(
    sql().record,
    {
      events: s.events,
      version: s.version,
      themes: JSON.stringify(s.themes),
      source: s.source,
      labelled: s.labelled,
      quality: JSON.stringify(s.quality),
      model: s.model === null ? null : JSON.stringify(s.model),
      built_at: s.builtAt,
    },
    'text signals (record)',
  );
}

/**
 * What a reading depends on: the code that reads (models/text and this folder, hashed from their
 * sources so any change reads again), the themes, the feedback types, the sentiment settings.
 */
function readingVersion(voice: VoiceConfig, themes: readonly Theme[], seed: number): string {
  return createHash('sha256')
    .update(codeVersion())
    .update(JSON.stringify({ themes, types: voice.types, minLabelled: voice.minLabelled, seed }))
    .digest('hex')
    .slice(0, 16);
}

let code: string | null = null;

/** A hash of the reading code's sources, read on first use only: a run builds many snapshots. */
function codeVersion(): string {
  if (code !== null) return code;
  const hash = createHash('sha256');
  for (const dir of ['../../models/text/', './']) {
    const path = fileURLToPath(new URL(dir, import.meta.url));
    for (const file of readdirSync(path).sort())
      if (/\.(ts|sql)$/.test(file)) hash.update(file).update(readFileSync(`${path}${file}`));
  }
  return (code = hash.digest('hex'));
}
