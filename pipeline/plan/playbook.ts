// Loads and checks playbooks: zod validation (errors as `path: message` lines), then a review of the
// rules: actions that can never be chosen and actions whose conditions overlap.
import { existsSync, readFileSync } from 'node:fs';
import { UserError } from '../errors.ts';
import { LIFECYCLES, RFM_SEGMENTS, RISK_TIERS, VALUE_TIERS } from '../vocabulary.ts';
import { DRIVERS, playbookSchema, type Condition, type Playbook, type PlaybookAction } from './playbook-schema.ts';

export const DEFAULT_PLAYBOOK_PATH = new URL('./default-playbook.json', import.meta.url);

export function loadPlaybook(path?: string): Playbook {
  const source = path ?? DEFAULT_PLAYBOOK_PATH.pathname;
  if (!existsSync(source)) throw new UserError(`playbook ${source} does not exist`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(source, 'utf8'));
  } catch (error) {
    throw new UserError(`${source}: not valid JSON (${(error as Error).message})`);
  }
  return parsePlaybook(raw, path ?? 'default playbook');
}

export function parsePlaybook(raw: unknown, source = 'playbook'): Playbook {
  const parsed = playbookSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new UserError(`${source} is invalid:\n${lines.join('\n')}`);
}

export interface PlaybookFinding {
  level: 'error' | 'warning' | 'info';
  action: string;
  message: string;
}

const DIMENSIONS = {
  lifecycle: LIFECYCLES,
  valueTier: VALUE_TIERS,
  riskTier: RISK_TIERS,
  segment: RFM_SEGMENTS,
  drivers: DRIVERS,
} as const;
type Dimension = keyof typeof DIMENSIONS;

/** Values a condition admits on one dimension (all values when it does not constrain it). */
function admitted(when: Condition, dim: Dimension): Set<string> {
  return new Set((when[dim] as string[] | undefined) ?? DIMENSIONS[dim]);
}

/** A admits every customer B admits (drivers: B's any-of is within A's any-of, or A is unconstrained). */
function covers(a: Condition, b: Condition): boolean {
  // A contract window admits fewer customers the shorter it is; none admits everyone.
  const window = (c: Condition) => c.contractEndsWithinDays ?? Infinity;
  if (window(b) > window(a)) return false;
  return (Object.keys(DIMENSIONS) as Dimension[]).every((dim) => {
    const A = admitted(a, dim);
    return [...admitted(b, dim)].every((v) => A.has(v));
  });
}

function overlaps(a: Condition, b: Condition): boolean {
  return (Object.keys(DIMENSIONS) as Dimension[]).every((dim) => {
    if (dim === 'drivers') return true; // any-of lists: a customer can have drivers from both
    const A = admitted(a, dim);
    return [...admitted(b, dim)].some((v) => A.has(v));
  });
}

export function checkPlaybook(p: Playbook): PlaybookFinding[] {
  const findings: PlaybookFinding[] = [];
  for (const a of p.actions) {
    const capacity = p.channels[a.channel]?.capacityPerWeek ?? 0;
    if (capacity === 0)
      findings.push({ level: 'error', action: a.code, message: `never fires: channel ${a.channel} has no capacity` });
    if (a.when.riskTier && a.when.riskTier.length === 1 && a.when.riskTier[0] === 'low') {
      findings.push({
        level: 'warning',
        action: a.code,
        message: 'targets only low-risk customers: expected benefit is small',
      });
    }
    const dominated = p.actions.find((b) => b !== a && dominates(b, a, p));
    if (dominated) {
      findings.push({
        level: 'error',
        action: a.code,
        message: `never fires: ${dominated.code} applies to every customer it does, on the same channel, costs no more and reduces churn at least as much`,
      });
    }
  }
  p.actions.forEach((a, i) => {
    const later = p.actions
      .slice(i + 1)
      .filter((b) => overlaps(a.when, b.when))
      .map((b) => b.code);
    if (later.length) {
      findings.push({
        level: 'info',
        action: a.code,
        message: `overlaps ${later.join(', ')}: a customer matching several gets the one with the highest expected net benefit`,
      });
    }
  });
  return findings;
}

function dominates(b: PlaybookAction, a: PlaybookAction, p: Playbook): boolean {
  return (
    b.channel === a.channel &&
    covers(b.when, a.when) &&
    b.cost <= a.cost &&
    b.expectedReduction >= a.expectedReduction &&
    (b.cost < a.cost || b.expectedReduction > a.expectedReduction || p.actions.indexOf(b) < p.actions.indexOf(a))
  );
}
