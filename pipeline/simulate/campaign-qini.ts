// Out-of-sample Qini of one simulated campaign: its customers (contacted and held out) ranked by the uplift
// the plan predicted for them before the campaign (the reduction it used for their segment x their churn
// probability), scored on what then happened. The Actions page's curve ranks past customers by effects learned
// from those same customers; this one is the honest version, possible here because every campaign is planned
// from earlier ones only.
import type { Database } from '../db/database.ts';
import { predictedUplift, type PlanEffects } from '../plan/plan-effects.ts';
import { qini } from '../../models/effects/qini.ts';

export interface CampaignQini {
  action: string;
  treated: number;
  control: number;
  /** Q(1) over the treated count: the campaign's retention difference, treated − control. */
  difference: number;
  coefficient: number;
}

type Row = {
  action: string;
  is_control: boolean;
  y1: boolean;
  lifecycle: string | null;
  value_tier: string | null;
  risk_tier: string | null;
  churn_prob: number | null;
};

export async function campaignQini(db: Database, effects: PlanEffects, cycle: number): Promise<CampaignQini[]> {
  const rows = await db.all<Row>(
    `SELECT action, is_control, y1, lifecycle, value_tier, risk_tier, churn_prob
     FROM simulation_outcomes WHERE cycle = CAST($cycle AS INTEGER) ORDER BY action_id`,
    { cycle },
    'campaign qini',
  );
  const out: CampaignQini[] = [];
  effects.actions.forEach((a, k) => {
    const customers = rows
      .filter((r) => r.action === a.action)
      .map((r) => {
        const churn = r.churn_prob ?? 0;
        const levels = { lifecycle: r.lifecycle, valueTier: r.value_tier, riskTier: r.risk_tier };
        return { uplift: predictedUplift(effects, k, levels, churn), churn, control: r.is_control, retained: r.y1 };
      });
    const curve = qini(customers, 2);
    if (curve) {
      out.push({
        action: a.action,
        treated: curve.treated,
        control: curve.control,
        difference: curve.total / curve.treated,
        coefficient: curve.coefficient,
      });
    }
  });
  return out;
}
