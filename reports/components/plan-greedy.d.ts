// Types of plan-greedy.js for the pipeline (pipeline/plan/assign.ts); the page imports the .js.
export interface GreedyAction {
  channel: string;
  cost: number;
  expectedReduction: number;
}

/** Estimate, low and high bound; the bounds null where the inputs have none. */
export type Triple = readonly [number, number | null, number | null];

export interface Interval {
  estimate: number;
  low: number | null;
  high: number | null;
}

export interface PlanOutcome {
  contacted: number;
  retained: Interval;
  valueSaved: Interval;
  cost: number;
  netBenefit: Interval;
}

export function netBenefit(churnProb: number, value: number, action: GreedyAction, reduction?: number): number;

export function walkPairs(input: {
  customers: number;
  pairCustomer: ArrayLike<number>;
  pairAction: ArrayLike<number>;
  actions: readonly GreedyAction[];
  control: ArrayLike<boolean | number>;
  capacity: Readonly<Record<string, number>>;
  budget: number | null;
}): { pick: Int32Array; used: Record<string, number>; spent: number };

export function planOutcome(input: {
  pick: Int32Array;
  pairAction: ArrayLike<number>;
  /** Each pair's reduction; absent: the action's expectedReduction. */
  pairReduction?: ArrayLike<number>;
  actions: readonly GreedyAction[];
  control: ArrayLike<boolean | number>;
  churn: readonly Triple[];
  value: readonly Triple[];
}): PlanOutcome;
