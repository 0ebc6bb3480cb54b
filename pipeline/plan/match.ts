// Does a playbook action apply to a customer? All given conditions must hold; within one condition
// any listed value matches.
import type { Condition } from './playbook-schema.ts';

export interface CustomerProfile {
  lifecycle: string;
  valueTier: string;
  riskTier: string;
  segment: string;
  drivers: readonly string[];
  /** Days until the customer's contract ends; null without a contract running past the scoring date. */
  daysToContractEnd?: number | null;
}

export function matches(when: Condition, c: CustomerProfile): boolean {
  if (when.lifecycle && !(when.lifecycle as string[]).includes(c.lifecycle)) return false;
  if (when.valueTier && !(when.valueTier as string[]).includes(c.valueTier)) return false;
  if (when.riskTier && !(when.riskTier as string[]).includes(c.riskTier)) return false;
  if (when.segment && !(when.segment as string[]).includes(c.segment)) return false;
  if (when.drivers && !when.drivers.some((d) => c.drivers.includes(d))) return false;
  if (
    when.contractEndsWithinDays !== undefined &&
    !(c.daysToContractEnd != null && c.daysToContractEnd <= when.contractEndsWithinDays)
  )
    return false;
  return true;
}
