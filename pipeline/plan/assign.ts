// Chooses who gets which retention action. For every customer and every action that applies:
//   expected net benefit = churn probability x predicted value x expected reduction - cost.
// Pairs are taken greedily from the highest net benefit down; a customer gets at most one action,
// a channel never more contacts than its capacity, the plan never spends more than its budget (when
// given); nobody with a net benefit <= 0 is contacted. The walk itself is shared with the Actions
// page's what-if (reports/components/plan-greedy.js), so both give the same plan. A
// deterministic share of eligible customers is held out as a control group: flagged with the action
// they would have got, not contacted, not counted against capacity.
import {
  netBenefit,
  planOutcome,
  walkPairs,
  type PlanOutcome,
  type Triple,
} from '../../reports/components/plan-greedy.js';
import { inControlGroup } from './control.ts';
import { matches, type CustomerProfile } from './match.ts';
import { drawReduction, explores, planEffects, reductionFor, type PlanEffects } from './plan-effects.ts';
import type { Playbook } from './playbook-schema.ts';

export interface PlanCustomer extends CustomerProfile {
  customerId: string;
  churnProb: number;
  predictedValue: number;
  /** P(a purchase within 7 days) from the next-purchase model; null without one. */
  pPurchase7?: number | null;
  /** Days from the scoring date to the expected (median) next purchase; null when none is expected. */
  nextPurchaseDays?: number | null;
  /** Bounds of churnProb and predictedValue (scores churn_low/high, value_low/high); null without. */
  churnLow?: number | null;
  churnHigh?: number | null;
  valueLow?: number | null;
  valueHigh?: number | null;
}

export interface Assignment {
  action: string;
  channel: string;
  netBenefit: number;
  /** The reduction of churn the plan expects (learned for the customer's segment, or drawn when exploring). */
  reduction: number;
  /** Chosen by a draw from the learned effects (exploration), not by their means. */
  exploration: boolean;
  /** 1 = contact first; among contacted customers only (control customers get null). */
  priority: number | null;
  control: boolean;
  dueDays: number;
}

export interface PlanResult {
  /** Same order as the input; null for customers with no action. */
  assignments: (Assignment | null)[];
  usedCapacity: Record<string, number>;
  capacity: Record<string, number>;
  /** Customers given no action because they are expected to buy within 7 days without one. */
  heldAsLikelyBuyers: number;
  /** The budget the plan was held to (null: none) and what its contacts cost. */
  budget: number | null;
  spent: number;
  outcome: PlanOutcome;
  /** Customers contacted (control excluded) whose action was chosen by exploration. */
  explorationContacts: number;
}

/** What-if settings of one run: capacities per week replacing the playbook's, a total budget. */
export interface PlanLimits {
  capacity?: Readonly<Record<string, number>>;
  budget?: number | null;
}

export interface CandidatePairs {
  /** Pairs in walk order: highest net benefit first, ties by customer id, then playbook order. */
  pairCustomer: number[];
  pairAction: number[];
  pairBenefit: number[];
  /** Each pair's reduction of churn: learned for the customer's segment, or drawn when he explores. */
  pairReduction: number[];
  /** Per customer: are his pairs drawn (exploration)? */
  explore: boolean[];
  heldAsLikelyBuyers: number;
}

export function assignActions(
  customers: readonly PlanCustomer[],
  playbook: Playbook,
  limits: PlanLimits = {},
  effects: PlanEffects = planEffects(playbook, null),
): PlanResult {
  const capacity = planCapacity(playbook, limits.capacity);
  const pairs = candidatePairs(customers, playbook, effects);
  const control = customers.map((c) => inControlGroup(c.customerId, playbook.campaign, playbook.controlShare));
  const budget = limits.budget ?? null;
  const walk = walkPairs({
    customers: customers.length,
    ...pairs,
    actions: playbook.actions,
    control,
    capacity,
    budget,
  });

  const assignments: (Assignment | null)[] = new Array(customers.length).fill(null);
  let priority = 0;
  let explorationContacts = 0;
  // Contact order is the walk order, so priorities follow the pairs, not the customers.
  for (const p of [...walk.pick].filter((p) => p !== -1).sort((x, y) => x - y)) {
    const i = pairs.pairCustomer[p];
    const action = playbook.actions[pairs.pairAction[p]];
    assignments[i] = {
      action: action.code,
      channel: action.channel,
      netBenefit: pairs.pairBenefit[p],
      reduction: pairs.pairReduction[p],
      exploration: pairs.explore[i],
      dueDays: dueBefore(action.dueDays, customers[i].daysToContractEnd, customers[i].nextPurchaseDays),
      priority: control[i] ? null : ++priority,
      control: control[i],
    };
    if (pairs.explore[i] && !control[i]) explorationContacts++;
  }
  const outcome = planOutcome({
    pick: walk.pick,
    pairAction: pairs.pairAction,
    pairReduction: pairs.pairReduction,
    actions: playbook.actions,
    control,
    ...customerBounds(customers),
  });
  return {
    assignments,
    usedCapacity: walk.used,
    capacity,
    heldAsLikelyBuyers: pairs.heldAsLikelyBuyers,
    budget,
    spent: walk.spent,
    outcome,
    explorationContacts,
  };
}

/** Contacts each channel can make in the plan: per week (the playbook's, or the run's) x planning weeks. */
export function planCapacity(playbook: Playbook, perWeek: PlanLimits['capacity'] = {}): Record<string, number> {
  return Object.fromEntries(
    Object.entries(playbook.channels).map(([channel, c]) => [
      channel,
      (perWeek[channel] ?? c.capacityPerWeek) * playbook.planningWeeks,
    ]),
  );
}

/** Each customer's churn and value as [estimate, low, high], for planOutcome. */
export function customerBounds(customers: readonly PlanCustomer[]): { churn: Triple[]; value: Triple[] } {
  return {
    churn: customers.map((c) => [c.churnProb, c.churnLow ?? null, c.churnHigh ?? null]),
    value: customers.map((c) => [c.predictedValue, c.valueLow ?? null, c.valueHigh ?? null]),
  };
}

/**
 * Every (customer, action) pair with a positive net benefit, in the order the walk takes them; each pair's
 * benefit from the learned reduction of the customer's segment (plan-effects.ts), drawn for explorers.
 */
export function candidatePairs(
  customers: readonly PlanCustomer[],
  playbook: Playbook,
  effects: PlanEffects = planEffects(playbook, null),
): CandidatePairs {
  // Packed as parallel arrays, as there can be millions.
  const pairCustomer: number[] = [];
  const pairAction: number[] = [];
  const pairBenefit: number[] = [];
  const pairReduction: number[] = [];
  const explore = customers.map((c) => explores(effects, c.customerId));
  let heldAsLikelyBuyers = 0;
  customers.forEach((c, i) => {
    // Expected to buy within days without a contact: a call would be spent on a purchase coming anyway.
    if (c.pPurchase7 != null && c.pPurchase7 >= playbook.holdLikelyBuyers) {
      heldAsLikelyBuyers++;
      return;
    }
    playbook.actions.forEach((a, k) => {
      if (!matches(a.when, c)) return;
      const reduction = explore[i] ? drawReduction(effects, k, c) : reductionFor(effects, k, c).mean;
      const benefit = netBenefit(c.churnProb, c.predictedValue, a, reduction);
      if (!(benefit > 0)) return;
      pairCustomer.push(i);
      pairAction.push(k);
      pairBenefit.push(benefit);
      pairReduction.push(reduction);
    });
  });
  const order = Array.from(pairBenefit.keys()).sort(
    (x, y) =>
      pairBenefit[y] - pairBenefit[x] ||
      compare(customers[pairCustomer[x]].customerId, customers[pairCustomer[y]].customerId) ||
      pairAction[x] - pairAction[y],
  );
  return {
    pairCustomer: order.map((p) => pairCustomer[p]),
    pairAction: order.map((p) => pairAction[p]),
    pairBenefit: order.map((p) => pairBenefit[p]),
    pairReduction: order.map((p) => pairReduction[p]),
    explore,
    heldAsLikelyBuyers,
  };
}

/**
 * The action's due date, moved before the contract ends (a day before it) and no later than the
 * expected next purchase date (act before it slips) when those are sooner.
 */
export function dueBefore(
  dueDays: number,
  daysToContractEnd: number | null | undefined,
  nextPurchaseDays?: number | null,
): number {
  let due = dueDays;
  if (daysToContractEnd != null) due = Math.min(due, Math.floor(daysToContractEnd) - 1);
  if (nextPurchaseDays != null && Number.isFinite(nextPurchaseDays)) due = Math.min(due, Math.floor(nextPurchaseDays));
  return Math.max(0, due);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
