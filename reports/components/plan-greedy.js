// The plan's assignment walk and its expected outcome, shared by `churn plan` (pipeline/plan/assign.ts)
// and the Actions page's what-if (what-if.js), so both give the same numbers for the same capacities
// and budget. Pure and IO-free: plain numbers in, plain numbers out; runs in Node and in the browser.

/**
 * Expected net benefit of one action for one customer: churn x value x reduction - cost. The reduction
 * is the pair's own (learned for the customer's segment, or drawn for exploration) when given, else
 * the playbook's.
 */
export function netBenefit(churnProb, value, action, reduction = action.expectedReduction) {
  return churnProb * value * reduction - action.cost;
}

/**
 * Walks candidate (customer, action) pairs in the order given (best net benefit first) and keeps a
 * pair when its customer has no action yet, its channel has capacity left and its cost fits the budget
 * left; a pair that does not fit is passed over and the walk goes on (a cheaper action may still fit).
 * A control customer is flagged with the first pair that would fit, uses no capacity and spends nothing.
 * `budget` null: no limit. Returns per customer the index of the kept pair (-1: none).
 */
export function walkPairs({ customers, pairCustomer, pairAction, actions, control, capacity, budget }) {
  const pick = new Int32Array(customers).fill(-1);
  const used = Object.fromEntries(Object.keys(capacity).map((k) => [k, 0]));
  let spent = 0;
  for (let p = 0; p < pairCustomer.length; p++) {
    const i = pairCustomer[p];
    if (pick[i] !== -1) continue;
    const action = actions[pairAction[p]];
    if (!(used[action.channel] < capacity[action.channel])) continue;
    if (budget != null && spent + action.cost > budget) continue;
    pick[i] = p;
    if (control[i]) continue;
    used[action.channel]++;
    spent += action.cost;
  }
  return { pick, used, spent };
}

/**
 * What the contacted customers (control excluded) are expected to bring: customers retained (sum of
 * churn x reduction), value saved (churn x value x reduction), cost, net benefit (saved - cost). The
 * interval of each sums the customers' bounds (churn_low/high, value_low/high) as if every estimate
 * erred the same way at once: an envelope, wider than an interval of the sum. null when a contacted
 * customer has no bounds. pairReduction: each pair's reduction (absent: the playbook's, per action).
 */
export function planOutcome({ pick, pairAction, pairReduction, actions, control, churn, value }) {
  let contacted = 0;
  let cost = 0;
  let net = 0;
  const retained = [0, 0, 0];
  const saved = [0, 0, 0];
  let bounded = true;
  for (let i = 0; i < pick.length; i++) {
    if (pick[i] === -1 || control[i]) continue;
    const a = actions[pairAction[pick[i]]];
    const r = pairReduction ? pairReduction[pick[i]] : a.expectedReduction;
    const c = churn[i];
    const v = value[i];
    contacted++;
    cost += a.cost;
    net += netBenefit(c[0], v[0], a, r);
    for (let k = 0; k < 3; k++) {
      retained[k] += c[k] * r;
      saved[k] += c[k] * v[k] * r;
    }
    if (c[1] == null || c[2] == null || v[1] == null || v[2] == null) bounded = false;
  }
  const interval = (estimate, low, high) => ({
    estimate: round(estimate),
    low: bounded ? round(low) : null,
    high: bounded ? round(high) : null,
  });
  return {
    contacted,
    retained: interval(retained[0], retained[1], retained[2]),
    valueSaved: interval(saved[0], saved[1], saved[2]),
    cost: round(cost),
    netBenefit: interval(net, saved[1] - cost, saved[2] - cost),
  };
}

function round(v) {
  return Math.round(v * 100) / 100;
}
