// The contractual retention models behind one interface, as registry.ts does for the transaction
// models: a stage fitting cohorts or segments loops over them instead of knowing each one.
import { bdwSurvivalCurve, fitBdw, type BdwParams } from './beta-discrete-weibull.ts';
import type { FitOptions } from './fit.ts';
import type { RetentionData } from './retention-data.ts';
import { fitSbg, sbgSurvivalCurve, type RetentionFitReport, type SbgParams } from './shifted-beta-geometric.ts';

export type RetentionModelName = 'sbg' | 'bdw';

export interface RetentionModel<P extends Record<string, number> = Record<string, number>> {
  name: RetentionModelName;
  label: string;
  fit(data: RetentionData, options?: FitOptions<P>): RetentionFitReport<P>;
  /** S(0..horizon): the share of a new cohort still active after each period. */
  survivalCurve(params: P, horizon: number): Float64Array;
}

const sbg: RetentionModel<SbgParams> = { name: 'sbg', label: 'sBG', fit: fitSbg, survivalCurve: sbgSurvivalCurve };
const bdw: RetentionModel<BdwParams> = { name: 'bdw', label: 'BdW', fit: fitBdw, survivalCurve: bdwSurvivalCurve };

export const RETENTION_MODELS = [sbg, bdw] as unknown as readonly RetentionModel[];
