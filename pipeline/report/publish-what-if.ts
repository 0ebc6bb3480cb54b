// The what-if data of actions.json: every candidate (customer, action) pair of the scoring run in the
// order the plan walks them, with what the walk and its outcome need (reports/components/plan-greedy.js),
// so the Actions page recomputes the plan for other capacities and budgets without the pipeline and
// gets the numbers `churn plan --capacity ... --budget ...` prints. Customers without a candidate are
// left out; the rest are numbered by their first pair.
import type { Config } from '../config/config-schema.ts';
import type { Database } from '../db/database.ts';
import { candidatePairs, customerBounds } from '../plan/assign.ts';
import { inControlGroup } from '../plan/control.ts';
import { planCustomersAt, planEffectsOf } from '../plan/plan-stage.ts';
import type { Playbook } from '../plan/playbook-schema.ts';

export async function whatIfData(db: Database, asOf: string, config: Config, playbook: Playbook) {
  const options = {
    asOf,
    playbook,
    lifecycle: config.plan.lifecycle,
    valueTiers: config.plan.valueTiers,
    learn: { horizonDays: config.horizonDays, valueHorizonDays: config.valueHorizonDays },
  };
  const { customers } = await planCustomersAt(db, options);
  if (customers.length === 0) return null;
  // The plan's own pairs, exploration draws included, so the page's walk reproduces `churn plan` exactly.
  const pairs = candidatePairs(customers, playbook, await planEffectsOf(db, options));
  const index = new Map<number, number>();
  for (const i of pairs.pairCustomer) if (!index.has(i)) index.set(i, index.size);
  // Too many for a page to download: the page says so and points to `churn plan`.
  if (index.size > config.report.whatIfMaxCustomers)
    return { tooLarge: { customers: index.size, limit: config.report.whatIfMaxCustomers } };
  const kept = [...index.keys()].map((i) => customers[i]);
  const bounds = customerBounds(kept);
  return {
    planningWeeks: playbook.planningWeeks,
    channels: Object.entries(playbook.channels).map(([channel, c]) => ({ channel, perWeek: c.capacityPerWeek })),
    actions: playbook.actions.map((a) => ({
      code: a.code,
      channel: a.channel,
      cost: a.cost,
      expectedReduction: a.expectedReduction,
    })),
    // Full precision: the page must sum exactly what the plan sums.
    churn: bounds.churn,
    value: bounds.value,
    control: kept.map((c) => (inControlGroup(c.customerId, playbook.campaign, playbook.controlShare) ? 1 : 0)),
    pairCustomer: pairs.pairCustomer.map((i) => index.get(i)!),
    pairAction: pairs.pairAction,
    // Each pair's reduction (learned per segment, or drawn for exploration): full precision, as above.
    pairReduction: pairs.pairReduction,
  };
}
