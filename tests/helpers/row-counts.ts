import type { Db } from "../../src/db/client.js";

/** How many rows each table holds: compared before and after a failing mutation. */
export async function rowCounts(db: Db) {
  const [campaigns, versions, phases, posts, links, variants, metrics, events] = await Promise.all([
    db.campaign.count(),
    db.strategyVersion.count(),
    db.strategyPhase.count(),
    db.post.count(),
    db.postLink.count(),
    db.contentVariant.count(),
    db.variantMetrics.count(),
    db.eventLog.count(),
  ]);
  return { campaigns, versions, phases, posts, links, variants, metrics, events };
}
