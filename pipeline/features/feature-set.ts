// Which features a history has: the fixed ones of features.sql, and those that only some histories
// have: habits (where events carry a time of day), interests (where purchases carry categories),
// CSAT (where surveys are on a 1-5 scale), one set per declared event type and one column per
// declared customer attribute. composeFeatures builds the snapshot query for them.
import { attributeDeclarations, eventTypeDeclarations, type AttributeDeclaration } from '../db/declarations.ts';
import { readSql, type Database, type Params } from '../db/database.ts';
import { readNamedSql } from '../db/named-sql.ts';
import { DECLARED_NAME_PATTERN, SUBSCRIPTION_TYPES } from '../vocabulary.ts';
import { CATEGORICAL_FEATURES, logScaled, NUMERIC_FEATURES, type FeatureSpec } from './feature-list.ts';
import { historySignals, type Signal } from './signals.ts';

/** What the history holds beyond the fixed features. */
export interface FeatureSet {
  /** Subscription events (SUBSCRIPTION_TYPES): contract and payment features. */
  subscriptions: boolean;
  habits: boolean;
  interests: boolean;
  csat: boolean;
  /** Declared event types, with their labels. */
  eventTypes: { type: string; label: { en: string; 'zh-CN': string } }[];
  /** Declared attributes (not region, channel, plan: those are fixed columns). */
  attributes: AttributeDeclaration[];
  /** Feedback texts were read (text_signals): the complaint themes, in bit order; null without any. */
  voice: { code: string; label: { en: string; 'zh-CN': string } }[] | null;
  /** The fixed features' event types that occur in the history (signals.ts); absent: all of them. */
  signals?: Signal[];
}

const FRAGMENTS = () => readNamedSql(import.meta.url, 'feature-fragments.sql');

/** A declared event type's feature column prefix. */
export const eventColumn = (type: string) => `evt_${type}`;
/** A declared attribute's feature column. */
export const attributeColumn = (name: string) => `attr_${name}`;
/** A complaint theme's feature column: its negative texts of the last 90 days. */
export const themeColumn = (code: string) => `complaint_${code}_90`;

export async function featureSet(db: Database): Promise<FeatureSet> {
  const [facts] = await db.all<{
    subscriptions: boolean;
    times: boolean;
    categories: boolean;
    csat: boolean;
    themes: string | null;
  }>(
    // Each stops at its first match; a history of dates only (CDNOW) has no habits to read.
    `SELECT EXISTS (SELECT 1 FROM events WHERE list_contains($subscription_types, type)) AS subscriptions,
            EXISTS (SELECT 1 FROM events WHERE type <> 'email_open' AND CAST(ts AS TIME) <> TIME '00:00:00') AS times,
            EXISTS (SELECT 1 FROM events WHERE type = 'purchase' AND category IS NOT NULL) AS categories,
            EXISTS (SELECT 1 FROM events WHERE type = 'survey' AND survey_scale IN ('csat', 'stars')) AS csat,
            CASE WHEN EXISTS (SELECT 1 FROM text_signals) THEN (SELECT themes FROM text_state LIMIT 1) END AS themes`,
    { subscription_types: [...SUBSCRIPTION_TYPES] },
    'feature set (facts)',
  );
  const types = (await eventTypeDeclarations(db)).filter((t) => !t.builtIn);
  const attributes = (await attributeDeclarations(db)).filter((a) => !a.builtIn);
  const voice = facts.themes === null ? null : (JSON.parse(facts.themes) as NonNullable<FeatureSet['voice']>);
  for (const name of [
    ...types.map((t) => t.type),
    ...attributes.map((a) => a.name),
    ...(voice ?? []).map((t) => t.code),
  ]) {
    // Declared names are checked by the mapping's schema; checked again where they become identifiers.
    if (!DECLARED_NAME_PATTERN.test(name))
      throw new Error(`declared name ${JSON.stringify(name)} is not an identifier`);
  }
  return {
    subscriptions: facts.subscriptions,
    habits: facts.times,
    interests: facts.categories,
    csat: facts.csat,
    eventTypes: types.map((t) => ({ type: t.type, label: t.label })),
    attributes,
    voice,
    signals: await historySignals(db),
  };
}

/** The numeric feature columns of a set, in the order the snapshot holds them, with how the model sees each. */
export function numericFeatures(set: FeatureSet): FeatureSpec[] {
  const specs: FeatureSpec[] = [...NUMERIC_FEATURES];
  if (set.subscriptions)
    specs.push(
      spec('subscribed', '1 when subscribed at the cutoff (started, not cancelled, covered)'),
      spec('subscription_months', 'months since the first subscription start or payment'),
      spec('months_to_contract_end', 'months until the current contract ends (0 without one)'),
      spec('in_contract', '1 when a contract with a term runs past the cutoff'),
      spec('plan_changes_365', 'plan changes in the last 365 days'),
      spec('downgrades_365', 'payments lower than the one before after a plan change, 365 days'),
      spec('price_increases_365', 'payments higher than the one before without a plan change, 365 days'),
      spec('payments_failed_90', 'failed payments in the last 90 days'),
      spec('mrr', 'monthly revenue of the last payment while subscribed'),
    );
  if (set.habits)
    specs.push(
      spec('night_share_365', 'share of own activity at night (22:00-06:00), 365 days'),
      spec('weekend_share_365', 'share of own activity on weekends, 365 days'),
    );
  if (set.interests)
    specs.push(
      spec('category_breadth_365', 'product categories bought in the last 365 days'),
      spec('top_category_share_365', 'share of spend in the top category, 365 days'),
    );
  if (set.csat)
    specs.push(
      spec('csat_answers_365', 'CSAT or star ratings given in the last 365 days'),
      spec('csat_low_365', 'CSAT or star ratings of 1-2 in the last 365 days'),
    );
  for (const { type, label } of set.eventTypes) {
    const c = eventColumn(type);
    specs.push(
      { name: `${c}_30`, log: logScaled(`${c}_30`), description: `${label.en}: events in the last 30 days` },
      { name: `${c}_90`, log: logScaled(`${c}_90`), description: `${label.en}: events in the last 90 days` },
      { name: `${c}_365`, log: logScaled(`${c}_365`), description: `${label.en}: events in the last 365 days` },
      {
        name: `${c}_days_since`,
        log: logScaled(`${c}_days_since`),
        description: `${label.en}: days since the last (tenure if none)`,
      },
      {
        name: `${c}_trend`,
        log: logScaled(`${c}_trend`),
        description: `${label.en}: last 90 days vs the 90 before, in [-1, 1)`,
      },
    );
  }
  if (set.voice) specs.push(...voiceSpecs(set.voice));
  for (const a of set.attributes.filter((x) => x.kind === 'numeric')) {
    const c = attributeColumn(a.name);
    specs.push(
      { name: c, log: logScaled(c), description: `${a.label.en} (customer attribute; 0 when missing)` },
      { name: `${c}_missing`, log: logScaled(`${c}_missing`), description: `1 when ${a.label.en} is missing` },
    );
  }
  return specs;
}

const spec = (name: string, description: string): FeatureSpec => ({ name, log: logScaled(name), description });

/** The features read from feedback text (docs/voice.md). */
function voiceSpecs(voice: NonNullable<FeatureSet['voice']>): FeatureSpec[] {
  return [
    spec('feedback_90', 'feedback texts (tickets, surveys, care notes) in the last 90 days'),
    spec('negative_feedback_30', 'negative feedback texts in the last 30 days'),
    spec('negative_feedback_90', 'negative feedback texts in the last 90 days'),
    spec('mean_sentiment_365', 'mean sentiment of feedback texts, 365 days (-1..1; 0 without any)'),
    spec('unanswered_negative_90', 'negative feedback of the last 90 days with no response after it'),
    ...voice.map((t) => spec(themeColumn(t.code), `negative feedback about ${t.label.en}, 90 days`)),
  ];
}

/** The feature columns read from feedback text, for `churn evaluate --without text`. */
export const voiceColumns = (set: FeatureSet): string[] => (set.voice ? voiceSpecs(set.voice).map((f) => f.name) : []);

/** The categorical feature columns: region, channel, plan, the top category, the declared categorical attributes. */
export function categoricalFeatures(set: FeatureSet): string[] {
  return [
    ...CATEGORICAL_FEATURES,
    ...(set.subscriptions ? ['current_plan'] : []),
    ...(set.interests ? ['top_category'] : []),
    ...set.attributes.filter((a) => a.kind === 'categorical').map((a) => attributeColumn(a.name)),
  ];
}

/**
 * features.sql with the set's parts in place, and the parameters those parts bind. `lapse`: the
 * cancellation definition's labels (subscribers only; a cancellation or a lapse in the window).
 */
export function composeFeatures(set: FeatureSet, timezone: string, lapse = false): { sql: string; params: Params } {
  const f = FRAGMENTS();
  const ctes: string[] = [];
  const columns: string[] = [];
  const joins: string[] = [];
  const params: Params = {};
  const part = (name: string) => {
    ctes.push(f[`${name}_cte`]);
    columns.push(f[`${name}_columns`]);
    joins.push(f[`${name}_join`]);
  };
  if (set.subscriptions) part('subscription');
  if (lapse) {
    ctes.push(f.lapse_cte);
    joins.push(f.lapse_join);
  }
  if (set.habits) {
    part('habits');
    params.timezone = timezone;
  }
  if (set.interests) part('interests');
  if (set.csat) part('csat');
  if (set.voice) {
    const aggregates = set.voice.map((t, i) => {
      params[`theme_bit_${i}`] = 2 ** i;
      return fill(f.voice_theme_aggregate, themeColumn(t.code), `theme_bit_${i}`);
    });
    ctes.push(f.voice_cte.replace('{columns}', aggregates.join(',\n') || '0 AS no_theme'));
    columns.push(
      [f.voice_columns, ...set.voice.map((t) => fill(f.voice_theme_column, themeColumn(t.code), ''))].join(',\n'),
    );
    joins.push(f.voice_join);
  }
  if (set.eventTypes.length) {
    const aggregates = set.eventTypes.map((t, i) => {
      params[`custom_type_${i}`] = t.type;
      return fill(f.custom_event_aggregates, eventColumn(t.type), `custom_type_${i}`);
    });
    params.custom_types = set.eventTypes.map((t) => t.type);
    ctes.push(f.custom_events_cte.replace('{columns}', aggregates.join(',\n')));
    columns.push(set.eventTypes.map((t) => fill(f.custom_event_columns, eventColumn(t.type), '')).join(',\n'));
    joins.push(f.custom_events_join);
  }
  if (set.attributes.length) {
    const pivot = set.attributes.map((a, i) => {
      params[`attribute_${i}`] = a.name;
      return fill(f[`${a.kind}_attribute`], attributeColumn(a.name), `attribute_${i}`);
    });
    ctes.push(f.attributes_cte.replace('{columns}', pivot.join(',\n')));
    columns.push(
      set.attributes.map((a) => fill(f[`${a.kind}_attribute_column`], attributeColumn(a.name), '')).join(',\n'),
    );
    joins.push(f.attributes_join);
  }
  let base = readSql(import.meta.url, 'features.sql');
  if (set.signals && !set.signals.includes('login'))
    base = base.replace(/\/\*\{login_days\}\*\/[\s\S]*?\/\*\{\/login_days\}\*\//, '0::DOUBLE');
  // The parameters are part of what a snapshot was built from (snapshot-state.ts hashes the text).
  const sql =
    `-- parts: ${JSON.stringify(params)}\n` +
    base
      .replace('/*{extra_ctes}*/', ctes.map((c) => `${c},`).join('\n'))
      .replace('/*{extra_columns}*/', columns.map((c) => `${c},`).join('\n'))
      .replace('/*{extra_joins}*/', joins.join('\n'))
      .replace('/*{label_scope}*/', lapse ? f.label_scope : '')
      .replace('/*{label_lapse}*/', lapse ? f.label_lapse : '');
  return { sql, params };
}

/** A fragment with its column name and parameter in place (both chosen by this module). */
function fill(fragment: string, name: string, param: string): string {
  return fragment
    .split('\n')
    .filter((line) => !line.startsWith('--'))
    .join('\n')
    .replaceAll('{name}', name)
    .replaceAll('{param}', param);
}
