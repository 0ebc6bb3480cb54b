// Control-group membership: a deterministic function of the customer id and the campaign, so the same
// customers are held out every time a campaign's plan is rebuilt, and a new campaign draws afresh.
import { createHash } from 'node:crypto';

export function controlDraw(customerId: string, campaign: string): number {
  const digest = createHash('sha256').update(`${campaign}\u0000${customerId}`).digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000;
}

export function inControlGroup(customerId: string, campaign: string, share: number): boolean {
  return share > 0 && controlDraw(customerId, campaign) < share;
}
