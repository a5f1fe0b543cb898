import type { DbTx } from "../db/client.js";
import { notFound } from "../errors.js";

/**
 * Locks the campaign's row until the transaction ends and returns its current version: changes
 * to one campaign's strategy are applied one at a time, each on top of the version it locked.
 */
export async function lockCampaignVersion(tx: DbTx, campaignId: string): Promise<number> {
  const rows = await tx.$queryRaw<{ currentVersion: number }[]>`
    SELECT "currentVersion" FROM "Campaign" WHERE id = ${campaignId} FOR UPDATE`;
  const row = rows[0];
  if (!row) throw notFound("Campaign", campaignId);
  return row.currentVersion;
}
