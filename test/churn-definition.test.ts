// Churn as the business defines it (config `churn`): the labels of each definition on a hand-written
// history, the window edges to the second; the config's refusals; event types checked against the
// history; snapshots never reused across definitions; the definition in words.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { churnSentence, type ChurnConfig } from '../pipeline/config/churn-definition.ts';
import { parseConfig } from '../pipeline/config/config.ts';
import type { Database } from '../pipeline/db/database.ts';
import { buildSnapshot, featuresQuery } from '../pipeline/features/build-features.ts';
import { currentSnapshot } from '../pipeline/features/snapshot-state.ts';
import { siteInfo } from '../pipeline/report/publish-site.ts';
import { insertHistory, tempDatabase } from './helpers/temp-db.ts';

const CUTOFF = '2024-06-01';
// Churn window [2024-06-01 00:00:00, 2024-07-01 00:00:00); value window a year, fully observed.
const options = { cutoff: CUTOFF, horizonDays: 30, valueHorizonDays: 365, observedUntil: '2025-07-01' };

const NO_PURCHASE: ChurnConfig = { definition: 'no_purchase' };
const NO_ACTIVITY: ChurnConfig = { definition: 'no_activity', eventTypes: ['login', 'app_session'] };
const CANCELS: ChurnConfig = { definition: 'event', eventTypes: ['cancellation'] };

let db: Database;
let cleanup: () => void;

beforeEach(async () => {
  ({ db, cleanup } = await tempDatabase());
  await insertHistory(
    db,
    [
      ['a', '2024-01-01'],
      ['b', '2024-01-01'],
      ['c', '2024-01-01'],
      ['d', '2024-01-01'],
      ['e', '2024-01-01'],
      ['g', '2024-01-01'],
      ['late', '2024-06-02'], // signs up after the cutoff: no row
    ],
    [
      ['a', '2024-06-30 23:59:59', 'login'], // last second of the window
      ['b', '2024-05-31 23:59:59', 'login'], // last second before the cutoff: a feature, not a label
      ['b', '2024-07-01 00:00:00', 'login'], // first second after the window
      ['c', '2024-06-01 00:00:00', 'cancellation'], // first second of the window
      ['c', '2024-06-15 12:00:00', 'purchase', 40],
      ['d', '2024-05-31 23:59:59', 'purchase', 25],
      ['d', '2024-07-01 00:00:00', 'cancellation'], // just after the window
      ['e', '2024-05-31 23:59:59', 'cancellation'], // just before the cutoff
      ['g', '2024-06-10 08:00:00', 'app_session'], // a custom type, counted as activity
      ['g', '2024-06-20 08:00:00', 'refund', -10],
    ],
  );
});

afterEach(() => cleanup());

async function labels(churn: ChurnConfig | undefined, opts = options) {
  await buildSnapshot(db, { ...opts, churn });
  const rows = await db.all<{ customer_id: string; churned: number | null; future_value: number | null }>(
    'SELECT customer_id, churned, future_value FROM features WHERE cutoff = CAST($c AS DATE) ORDER BY customer_id',
    { c: opts.cutoff },
  );
  return {
    churned: Object.fromEntries(rows.map((r) => [r.customer_id, r.churned])),
    value: Object.fromEntries(rows.map((r) => [r.customer_id, r.future_value])),
  };
}

describe('labels of each definition at a cutoff', () => {
  it('no_purchase (the default) keeps no purchase in [C, C + H); no_activity: none of the listed types, edges to the second', async () => {
    const byDefault = await labels(undefined);
    expect(byDefault.churned).toEqual({ a: 1, b: 1, c: 0, d: 1, e: 1, g: 1 });
    expect((await labels(NO_PURCHASE)).churned).toEqual(byDefault.churned);
    expect((await labels(NO_ACTIVITY)).churned).toEqual({ a: 0, b: 1, c: 1, d: 1, e: 1, g: 0 });
    expect((await labels({ definition: 'no_activity', eventTypes: ['login'] })).churned).toEqual({
      a: 0,
      b: 1,
      c: 1,
      d: 1,
      e: 1,
      g: 1,
    });
  });

  it('event: at least one of the listed types in [C, C + H), edges to the second; the value label stays net spend', async () => {
    const cancels = await labels(CANCELS);
    expect(cancels.churned).toEqual({ a: 0, b: 0, c: 1, d: 0, e: 0, g: 0 });
    const value = { a: 0, b: 0, c: 40, d: 0, e: 0, g: 0 };
    expect(cancels.value).toEqual(value);
    expect((await labels(NO_ACTIVITY)).value).toEqual(value);
  });

  it('a window not fully observed gives NULL, one observed to its last second the definition label', async () => {
    const cases: [ChurnConfig, Record<string, number>][] = [
      [NO_ACTIVITY, { a: 0, b: 1, c: 1, d: 1, e: 1, g: 0 }],
      [CANCELS, { a: 0, b: 0, c: 1, d: 0, e: 0, g: 0 }],
    ];
    for (const [churn, expected] of cases) {
      const open = await labels(churn, { ...options, observedUntil: '2024-06-30' });
      expect(Object.values(open.churned).every((v) => v === null)).toBe(true);
      // 2024-07-01 is the first day the window does not need.
      expect((await labels(churn, { ...options, observedUntil: '2024-07-01' })).churned).toEqual(expected);
    }
  });
});

describe('event types are checked against the history', () => {
  it('refuses a type neither built in nor in the events, naming the field and the known types', async () => {
    const error = await buildSnapshot(db, {
      ...options,
      churn: { definition: 'event', eventTypes: ['cancelation'] },
    }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('UserError');
    expect((error as Error).message).toMatch(
      /^config churn\.eventTypes: unknown event type cancelation; known types: /,
    );
    expect((error as Error).message).toContain('app_session, cancellation, care_contact');
    expect((error as Error).message).not.toContain('\n');
    // A built-in type the history does not hold yet is known: nobody has had one.
    expect((await labels({ definition: 'event', eventTypes: ['email_open'] })).churned).toEqual({
      a: 0,
      b: 0,
      c: 0,
      d: 0,
      e: 0,
      g: 0,
    });
  });
});

describe('the config section', () => {
  const refused = (churn: unknown) => {
    try {
      parseConfig({ churn });
    } catch (error) {
      return (error as Error).message.split('\n').slice(1);
    }
    throw new Error('accepted');
  };

  it('defaults to no_purchase without event types', () => {
    expect(parseConfig({}).churn).toEqual({ definition: 'no_purchase' });
    expect(parseConfig({ churn: { definition: 'event', eventTypes: ['cancellation'] } }).churn).toEqual(CANCELS);
  });

  it('refuses each bad section with one line naming the field', () => {
    expect(refused({ definition: 'no_activity' })).toEqual([
      'churn.eventTypes: required with definition "no_activity": the event types it counts, e.g. ["login"]',
    ]);
    expect(refused({ definition: 'event' })).toEqual([
      'churn.eventTypes: required with definition "event": the event types it counts, e.g. ["login"]',
    ]);
    expect(refused({ definition: 'no_activity', eventTypes: [] })).toEqual([
      'churn.eventTypes: expected at least one event type',
    ]);
    expect(refused({ definition: 'no_purchase', eventTypes: ['login'] })).toEqual([
      'churn.eventTypes: not used by definition "no_purchase" (churn = no purchase in horizonDays): remove it',
    ]);
    expect(refused({ definition: 'event', eventTypes: ['Cancel-Order'] })).toEqual([
      'churn.eventTypes.0: expected an event type name: lowercase letters, digits and underscores',
    ]);
    expect(refused({ definition: 'no_login' })[0]).toMatch(/^churn\.definition: /);
    expect(refused({ definition: 'event', eventTypes: ['x'], days: 30 })[0]).toMatch(/^churn: .*days/);
  });
});

describe('snapshot state', () => {
  it('a snapshot built under one definition is never current under another', async () => {
    const sql = (await featuresQuery(db)).sql;
    await buildSnapshot(db, { ...options });
    expect(await currentSnapshot(db, CUTOFF, sql, NO_PURCHASE)).not.toBeNull();
    expect(await currentSnapshot(db, CUTOFF, sql, NO_ACTIVITY)).toBeNull();
    expect(await currentSnapshot(db, CUTOFF, sql, CANCELS)).toBeNull();
    await buildSnapshot(db, { ...options, churn: NO_ACTIVITY });
    expect(await currentSnapshot(db, CUTOFF, sql, NO_ACTIVITY)).not.toBeNull();
    expect(await currentSnapshot(db, CUTOFF, sql, NO_PURCHASE)).toBeNull();
    // Other types make another definition too.
    expect(await currentSnapshot(db, CUTOFF, sql, { definition: 'no_activity', eventTypes: ['login'] })).toBeNull();
  });
});

describe('the definition in words', () => {
  it('English and Simplified Chinese, from the definition and the horizon', () => {
    const say = (churn: ChurnConfig, days: number) => [
      churnSentence(churn, days, 'en'),
      churnSentence(churn, days, 'zh-CN'),
    ];
    expect(say(NO_PURCHASE, 90)).toEqual(['no purchase in 90 days', '90 天内无购买']);
    expect(say({ definition: 'no_activity', eventTypes: ['login'] }, 30)).toEqual([
      'no login in 30 days',
      '30 天内无登录',
    ]);
    expect(say(NO_ACTIVITY, 30)).toEqual(['no app session or login in 30 days', '30 天内无 app session 或登录']);
    expect(say(CANCELS, 90)).toEqual(['at least one cancellation in 90 days', '90 天内至少一次 cancellation']);
  });

  it('site.json carries the sentence in both languages for the report', () => {
    const config = parseConfig({ horizonDays: 30, churn: { definition: 'no_activity', eventTypes: ['login'] } });
    expect(siteInfo(config, '2024-06-01', 'm-1').churnDefinition).toEqual({
      en: 'no login in 30 days',
      'zh-CN': '30 天内无登录',
    });
    expect(siteInfo(parseConfig({}), '2024-06-01', 'm-1').churnDefinition.en).toBe('no purchase in 90 days');
  });
});
