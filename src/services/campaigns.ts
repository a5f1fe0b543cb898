import type { Db, DbTx } from "../db/client.js";
import { checkVersionArgument } from "../domain/limits.js";
import { badUserInput, notFound } from "../errors.js";

/** Where a request reads and writes: the database, and the caller's workspace (the only one it may see). */
export interface Scope {
  db: Db | DbTx;
  workspaceId: string;
}

/** The campaign's id and current version, or NOT_FOUND (also for another workspace's campaign). */
export async function requireCampaign({ db, workspaceId }: Scope, campaignId: string) {
  const campaign = await db.campaign.findFirst({
    where: { id: campaignId, workspaceId },
    select: { id: true, currentVersion: true },
  });
  if (!campaign) throw notFound("Campaign", campaignId);
  return campaign;
}

/** BAD_USER_INPUT naming `argument` unless 1 ≤ value ≤ currentVersion. */
export function requireVersion(argument: string, value: number, currentVersion: number): number {
  const problem = checkVersionArgument(value, currentVersion);
  if (problem) throw badUserInput(argument, problem);
  return value;
}
