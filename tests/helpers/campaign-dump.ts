import type { Db } from "../../src/db/client.js";

/** Every row of one campaign, in a stable order: compared before and after a failing mutation. */
export async function dumpCampaign(db: Db, campaignId: string) {
  const byId = { orderBy: { id: "asc" as const } };
  const [campaign, versions, phases, posts, links, variants] = await Promise.all([
    db.campaign.findUnique({ where: { id: campaignId } }),
    db.strategyVersion.findMany({ where: { campaignId }, ...byId }),
    db.strategyPhase.findMany({ where: { campaignId }, ...byId }),
    db.post.findMany({ where: { campaignId }, ...byId }),
    db.postLink.findMany({ where: { campaignId }, ...byId }),
    db.contentVariant.findMany({ where: { post: { campaignId } }, ...byId }),
  ]);
  return { campaign, versions, phases, posts, links, variants };
}
