// site.json: what the whole report site needs besides the page data: the locale and privacy choice
// from config (report.locale, report.showContacts), the churn definition in words, and the bilingual
// labels of every code the pages show (actions and channels from the playbook, segments, lifecycle
// stages and tiers from the vocabulary; event types and customer attributes as the database declares
// them, habit segments from habits.ts).
import { churnSentences } from '../config/churn-definition.ts';
import type { Config } from '../config/config-schema.ts';
import type { EventTypeDeclaration } from '../db/declarations.ts';
import { eventTypeLabels } from '../db/declarations.ts';
import type { ReportAttribute } from './attribute-levels.ts';
import { HABIT_LABELS } from './habits.ts';
import { loadPlaybook } from '../plan/playbook.ts';
import { LIFECYCLE_LABELS, RISK_TIER_LABELS, SEGMENT_LABELS, VALUE_TIER_LABELS } from '../vocabulary.ts';

export function siteInfo(
  config: Config,
  asOf: string,
  modelId: string,
  declared: { attributes: ReportAttribute[]; eventTypes: EventTypeDeclaration[] } = { attributes: [], eventTypes: [] },
) {
  const playbook = loadPlaybook(config.plan.playbook);
  return {
    asOf,
    modelId,
    locale: config.report.locale,
    contacts: config.report.showContacts ? 'full' : 'masked',
    // the first this many customers of the at-risk list have a detail page (customers.json)
    detailCustomers: config.report.detailCustomers,
    // what churned means (config churn, horizonDays), in words per locale
    churnDefinition: churnSentences(config.churn, config.horizonDays, eventTypeLabels(declared.eventTypes)),
    labels: {
      action: Object.fromEntries(playbook.actions.map((a) => [a.code, a.label])),
      channel: Object.fromEntries(Object.entries(playbook.channels).map(([code, c]) => [code, c.label])),
      segment: SEGMENT_LABELS,
      lifecycle: LIFECYCLE_LABELS,
      valueTier: VALUE_TIER_LABELS,
      riskTier: RISK_TIER_LABELS,
      eventType: eventTypeLabels(declared.eventTypes),
      habit: HABIT_LABELS,
    },
    // Every attribute (built-in first) with its labels; numeric ones with their quartiles' ranges.
    attributes: declared.attributes,
  };
}
