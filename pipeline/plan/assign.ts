// Chooses who gets which retention action. For every customer and every action that applies:
//   expected net benefit = churn probability x predicted value x expected reduction - cost.
// Pairs are taken greedily from the highest net benefit down; a customer gets at most one action and
// a channel never more contacts than its capacity; nobody with a net benefit <= 0 is contacted. A
// deterministic share of eligible customers is held out as a control group: flagged with the action
// they would have got, not contacted, not counted against capacity.
import { inControlGroup } from './control.ts';
import { matches, type CustomerProfile } from './match.ts';
import type { Playbook } from './playbook-schema.ts';

export interface PlanCustomer extends CustomerProfile {
  customerId: string;
  churnProb: number;
  predictedValue: number;
  /** P(a purchase within 7 days) from the next-purchase model; null without one. */
  pPurchase7?: number | null;
  /** Days from the scoring date to the expected (median) next purchase; null when none is expected. */
  nextPurchaseDays?: number | null;
}

export interface Assignment {
  action: string;
  channel: string;
  netBenefit: number;
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
}

export function assignActions(customers: readonly PlanCustomer[], playbook: Playbook): PlanResult {
  const capacity: Record<string, number> = {};
  for (const [channel, c] of Object.entries(playbook.channels))
    capacity[channel] = c.capacityPerWeek * playbook.planningWeeks;
  const used: Record<string, number> = Object.fromEntries(Object.keys(capacity).map((k) => [k, 0]));

  // Candidate pairs with positive net benefit; packed as parallel arrays, as there can be millions.
  const pairCustomer: number[] = [];
  const pairAction: number[] = [];
  const pairBenefit: number[] = [];
  let heldAsLikelyBuyers = 0;
  customers.forEach((c, i) => {
    // Expected to buy within days without a contact: a call would be spent on a purchase coming anyway.
    if (c.pPurchase7 != null && c.pPurchase7 >= playbook.holdLikelyBuyers) {
      heldAsLikelyBuyers++;
      return;
    }
    playbook.actions.forEach((a, k) => {
      if (!matches(a.when, c)) return;
      const benefit = c.churnProb * c.predictedValue * a.expectedReduction - a.cost;
      if (!(benefit > 0)) return;
      pairCustomer.push(i);
      pairAction.push(k);
      pairBenefit.push(benefit);
    });
  });
  const order = Array.from(pairBenefit.keys()).sort(
    (x, y) =>
      pairBenefit[y] - pairBenefit[x] ||
      compare(customers[pairCustomer[x]].customerId, customers[pairCustomer[y]].customerId) ||
      pairAction[x] - pairAction[y],
  );

  const assignments: (Assignment | null)[] = new Array(customers.length).fill(null);
  const decided = new Uint8Array(customers.length);
  let priority = 0;
  for (const p of order) {
    const i = pairCustomer[p];
    if (decided[i]) continue;
    const action = playbook.actions[pairAction[p]];
    const base = {
      action: action.code,
      channel: action.channel,
      netBenefit: pairBenefit[p],
      dueDays: dueBefore(action.dueDays, customers[i].daysToContractEnd, customers[i].nextPurchaseDays),
    };
    // The control draw happens once per customer, on their best available action.
    if (inControlGroup(customers[i].customerId, playbook.campaign, playbook.controlShare)) {
      if (used[action.channel] < capacity[action.channel]) {
        assignments[i] = { ...base, priority: null, control: true };
        decided[i] = 1;
      }
      continue;
    }
    if (used[action.channel] >= capacity[action.channel]) continue;
    used[action.channel]++;
    assignments[i] = { ...base, priority: ++priority, control: false };
    decided[i] = 1;
  }
  return { assignments, usedCapacity: used, capacity, heldAsLikelyBuyers };
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
