import type { Db } from "../db/client.js";
import { checkVersionArgument } from "../domain/limits.js";
import { badUserInput, notFound } from "../errors.js";

/** The campaign's id and current version, or NOT_FOUND. */
export async function requireCampaign(db: Db, campaignId: string) {
  const campaign = await db.campaign.findUnique({ where: { id: campaignId }, select: { id: true, currentVersion: true } });
  if (!campaign) throw notFound("Campaign", campaignId);
  return campaign;
}

/** BAD_USER_INPUT naming `argument` unless 1 ≤ value ≤ currentVersion. */
export function requireVersion(argument: string, value: number, currentVersion: number): number {
  const problem = checkVersionArgument(value, currentVersion);
  if (problem) throw badUserInput(argument, problem);
  return value;
}
