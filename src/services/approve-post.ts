import type { DbTx } from "../db/client.js";
import { transitionProblem } from "../domain/post-status.js";
import { storedTrigger } from "../domain/trigger.js";
import { commitAndPublish, recordEvents } from "../events/outbox.js";
import type { CampaignEvent } from "../events/types.js";
import type { Prisma } from "../generated/prisma/client.js";
import { requireCampaign } from "./campaigns.js";
import { movePosts, requireTransition } from "./post-transition.js";
import { latestVariants, requirePost, WITH_VARIANTS } from "./posts.js";
import type { Caller, Services } from "./services.js";
import { lockCampaignVersion } from "./version-lock.js";

type ApproveServices = Pick<Services, "db" | "events" | "publisher" | "jobs"> & Caller;

/**
 * The human gate: an active DRAFT post with READY content is approved and published through the
 * channel (both variants of its latest generation, for the A/B test), in one transaction that
 * decides on the post as it is once the campaign is locked: if the channel fails, the post stays
 * a DRAFT. A trigger on the post is scheduled from publication.
 */
export async function approvePost(services: ApproveServices, postId: string): Promise<string> {
  const found = await requirePost(services, postId);
  await commitAndPublish(services, async (tx) => {
    await lockCampaignVersion(tx, found.campaignId);
    const post = await tx.post.findUniqueOrThrow({ where: { id: found.id }, include: WITH_VARIANTS });
    requireTransition("approve", post);
    return publish(services, tx, found.campaignId, [post]);
  });
  return found.id;
}

/** Approves every eligible post of the campaign (as they are once it is locked); the others are returned as skipped. */
export async function approveAllPosts(services: ApproveServices, campaignId: string) {
  const campaign = await requireCampaign(services, campaignId);
  const { active, approved } = await commitAndPublish(services, async (tx) => {
    await lockCampaignVersion(tx, campaign.id);
    const active = await tx.post.findMany({
      where: { campaignId: campaign.id, isActive: true },
      orderBy: [{ phase: "asc" }, { position: "asc" }],
      include: WITH_VARIANTS,
    });
    const eligible = active.filter((p) => transitionProblem("approve", p) === null);
    return { active, approved: new Set(eligible.map((p) => p.id)), events: await publish(services, tx, campaign.id, eligible) };
  });
  return {
    campaignId: campaign.id,
    approvedPostIds: active.filter((p) => approved.has(p.id)).map((p) => p.id),
    skippedPostIds: active.filter((p) => !approved.has(p.id)).map((p) => p.id),
  };
}

/**
 * DRAFT → APPROVED → published → PUBLISHED for posts the caller locked the campaign for and found
 * approvable. Returns the events to publish after commit.
 */
async function publish(
  { publisher, jobs }: ApproveServices,
  tx: DbTx,
  campaignId: string,
  ready: Prisma.PostGetPayload<{ include: typeof WITH_VARIANTS }>[],
): Promise<CampaignEvent[]> {
  if (ready.length === 0) return [];
  const ids = ready.map((p) => p.id);
  await movePosts(tx, ids, "approve");
  await publisher.publish(
    tx,
    ready.flatMap((p) =>
      latestVariants(p).map((v) => ({
        postId: p.id,
        campaignId,
        label: v.label,
        generation: v.generation,
        text: v.text,
        mediaPath: v.mediaPath,
      })),
    ),
  );
  const publishedAt = new Date();
  await movePosts(tx, ids, "publish", {}, publishedAt);
  for (const p of ready) {
    const trigger = storedTrigger(p);
    if (trigger && p.triggerFiredAt === null)
      await jobs.scheduleTriggerCheck(
        tx,
        { postId: p.id, trigger },
        new Date(publishedAt.getTime() + trigger.durationSeconds * 1000),
      );
  }
  return recordEvents(
    tx,
    campaignId,
    ids.map((postId) => ({ type: "PostUpdated" as const, postId })),
  );
}
