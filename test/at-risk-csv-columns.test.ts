// The at-risk page's CSV download (issue 23): contact, region, plan and attribute columns that no
// published row has a value in are left out; a column with any value stays.
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain browser JavaScript, no types
import { atRiskCsvColumns } from '../reports/components/at-risk-columns.js';

const row = (over: Record<string, unknown>) => ({
  customerId: 'c1',
  name: null,
  email: null,
  phone: null,
  region: null,
  plan: null,
  attributes: {},
  riskTier: 'high',
  ...over,
});
const keys = (rows: unknown[]) =>
  (
    atRiskCsvColumns({
      contacts: 'full',
      attributes: [{ name: 'tier', builtIn: false }],
      rows,
    }) as { key: string }[]
  ).map((c) => c.key);

describe('the at-risk CSV columns', () => {
  it('leave out the customer columns no row has, keep those any row has', () => {
    const shopLog = keys([row({}), row({ customerId: 'c2' })]);
    for (const empty of ['name', 'email', 'phone', 'region', 'plan', 'tier']) expect(shopLog).not.toContain(empty);
    expect(shopLog.slice(0, 2)).toEqual(['customerId', 'riskTier']);
    const some = keys([row({}), row({ customerId: 'c2', phone: '555', attributes: { tier: 'gold' } })]);
    expect(some).toContain('phone');
    expect(some).toContain('tier');
    expect(some).not.toContain('email');
  });
});
