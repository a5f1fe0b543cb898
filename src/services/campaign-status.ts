import type { DbTx } from "../db/client.js";

/**
 * Derives the campaign's status from its active posts' content: GENERATING_CONTENT while any is
 * pending, else FAILED (with the reason) if any failed, else READY. A campaign that is already
 * publishing (ACTIVE) keeps its status. Call it after the campaign row is locked in the
 * transaction (recordEvents or the version lock do that), so two jobs finishing together see each
 * other's result.
 */
export async function settleCampaignStatus(tx: DbTx, campaignId: string) {
  const counts = await tx.post.groupBy({
    by: ["contentStatus"],
    where: { campaignId, isActive: true },
    _count: { _all: true },
  });
  const count = (status: string) => counts.find((c) => c.contentStatus === status)?._count._all ?? 0;
  const pending = count("PENDING") + count("GENERATING");
  const failed = count("FAILED");
  const next =
    pending > 0
      ? { status: "GENERATING_CONTENT" as const, statusReason: null }
      : failed > 0
        ? {
            status: "FAILED" as const,
            statusReason: `Content generation failed for ${failed} post${failed === 1 ? "" : "s"}; see each post's contentError.`,
          }
        : { status: "READY" as const, statusReason: null };
  await tx.campaign.updateMany({ where: { id: campaignId, status: { not: "ACTIVE" } }, data: next });
}

/**
 * New posts were just queued for their copy (a regeneration): the campaign is GENERATING_CONTENT
 * unless it is publishing (ACTIVE) — what settleCampaignStatus would derive, without counting.
 */
export async function markGeneratingContent(tx: DbTx, campaignId: string) {
  await tx.campaign.updateMany({
    where: { id: campaignId, status: { not: "ACTIVE" } },
    data: { status: "GENERATING_CONTENT", statusReason: null },
  });
}
