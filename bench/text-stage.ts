// Text benchmark at scale (issue 20's target: 1M customers / 5M texts in under 60 s on 2 cores): a
// scratch database with N feedback texts written by the demo's own composer (pipeline/generate/
// feedback-text.ts: varied tickets, survey comments and care notes in Chinese and English, not a few
// repeated strings), then `ensureTextSignals` timed as features run it: a full read (language,
// sentiment, themes; worker threads) and an incremental read after a load of 1% more texts.
// Usage: npx tsx bench/text-stage.ts [--customers 1000000] [--texts 5000000] [--db PATH] [--workers N] [--unique]
// Prints one JSON line on stdout; progress on stderr.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_VOICE } from '../pipeline/config/voice-config.ts';
import { openDatabase, type Database } from '../pipeline/db/database.ts';
import { FeedbackWriter, type Feeling } from '../pipeline/generate/feedback-text.ts';
import { Rng } from '../pipeline/generate/prng.ts';
import { ensureTextSignals } from '../pipeline/text/text-signals.ts';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    texts: { type: 'string', default: '5000000' },
    db: { type: 'string', default: 'bench/tmp/text/churn.duckdb' },
    workers: { type: 'string' },
    // Every text different (a reference number appended): the worst case, where no text repeats.
    unique: { type: 'boolean', default: false },
  },
});
const customers = Number(values.customers);
const texts = Number(values.texts);
const path = values.db!;
const log = (line: string) => process.stderr.write(`${line}\n`);

const REGIONS = ['north', 'south', 'east', 'west', 'overseas'];
const PLANS = ['basic', 'standard', 'premium', 'discount'];
const CHANNELS = ['web', 'app', 'store', 'referral', 'partner'];
const TYPES = ['support_ticket', 'survey', 'care_contact'] as const;

/** Appends `count` texts (ids from `first`), spread over the customers and one year, composed per customer. */
async function writeTexts(db: Database, first: number, count: number): Promise<void> {
  const appender = await db.appender('events');
  const writers = new Map<number, FeedbackWriter>();
  const rng = new Rng(7, first + 1);
  const start = Date.UTC(2025, 6, 1);
  for (let k = 0; k < count; k++) {
    const c = rng.int(customers);
    let writer = writers.get(c);
    if (!writer) {
      const own = new Rng(11, c + 1);
      writer = new FeedbackWriter(own, {
        language: own.chance(0.4) ? 'zh' : 'en',
        region: REGIONS[own.int(5)],
        plan: PLANS[own.int(4)],
        channel: CHANNELS[own.int(5)],
        vip: own.chance(0.025),
        category: 'electronics',
        contact: { name: null, email: null, phone: null, language: 'en' },
      });
      if (writers.size < 200_000) writers.set(c, writer);
    }
    const feeling: Feeling = {
      satisfaction: rng.normal(),
      engagement: rng.normal() / 2,
      unresolved: rng.chance(0.15),
      nps: null,
      leaving: rng.chance(0.1),
      churned: false,
    };
    const type = TYPES[k % 3];
    const nps = rng.int(11);
    const text =
      type === 'support_ticket'
        ? writer.ticket(feeling)
        : type === 'care_contact'
          ? writer.careNote('ticket follow-up', feeling)
          : (writer.surveyComment(nps, feeling) ?? writer.ticket(feeling));
    const ts = start + rng.int(365 * 86_400) * 1000;
    appender.appendVarchar(`T${first + k}`);
    appender.appendVarchar(`C${c}`);
    appender.appendTimestamp({ micros: BigInt(ts) * 1000n } as never);
    appender.appendVarchar(type);
    for (let i = 4; i < EVENT_COLUMNS; i++) {
      if (i === SCORE && type === 'survey') appender.appendDouble(nps);
      else if (i === TEXT) appender.appendVarchar(values.unique ? `${text} (ref ${first + k})` : text);
      else appender.appendNull();
    }
    appender.endRow();
    if ((k + 1) % 1_000_000 === 0) log(`  ${(k + 1).toLocaleString('en')} texts written`);
  }
  appender.closeSync();
}

let EVENT_COLUMNS = 0;
let SCORE = 0;
let TEXT = 0;

async function main(): Promise<void> {
  if (existsSync(dirname(path))) rmSync(dirname(path), { recursive: true, force: true });
  mkdirSync(dirname(path), { recursive: true });
  const db = await openDatabase(path);
  const columns = await db.all<{ name: string }>(
    "SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'events' ORDER BY ordinal_position",
  );
  const names = columns.map((c) => c.name);
  [EVENT_COLUMNS, SCORE, TEXT] = [names.length, names.indexOf('score'), names.indexOf('text')];
  if (names.slice(0, 4).join() !== 'event_id,customer_id,ts,type') throw new Error(`events columns: ${names}`);
  let t = performance.now();
  log(`writing ${texts.toLocaleString('en')} texts for ${customers.toLocaleString('en')} customers into ${path}`);
  await writeTexts(db, 0, texts);
  const writeSeconds = (performance.now() - t) / 1000;
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  t = performance.now();
  const full = await ensureTextSignals(db, { ...DEFAULT_VOICE, minLabelled: 10_000_000 }, { workers });
  const fullSeconds = (performance.now() - t) / 1000;
  log(`full read: ${full.read.toLocaleString('en')} texts in ${fullSeconds.toFixed(1)} s`);
  const more = Math.round(texts / 100);
  await writeTexts(db, texts, more);
  t = performance.now();
  const added = await ensureTextSignals(db, { ...DEFAULT_VOICE, minLabelled: 10_000_000 }, { workers });
  const addedSeconds = (performance.now() - t) / 1000;
  log(`incremental read: ${added.read.toLocaleString('en')} texts in ${addedSeconds.toFixed(1)} s`);
  const [facts] = await db.all<{ distinct_texts: number; negative: number }>(
    'SELECT count(DISTINCT e.text) AS distinct_texts, avg(s.negative::INT) AS negative FROM text_signals s JOIN events e USING (event_id)',
  );
  db.close();
  process.stdout.write(
    `${JSON.stringify({
      customers,
      texts,
      unique: values.unique,
      distinctTexts: facts.distinct_texts,
      negativeShare: facts.negative,
      writeSeconds,
      fullSeconds,
      textsPerSecond: full.read / fullSeconds,
      incremental: { texts: added.read, seconds: addedSeconds },
    })}\n`,
  );
}

await main();
