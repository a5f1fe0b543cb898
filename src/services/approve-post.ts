import type { DbTx } from "../db/client.js";
import { badUserInput } from "../errors.js";
import { publishEvents, recordEvents } from "../events/outbox.js";
import type { CampaignEvent } from "../events/types.js";
import type { Post } from "../generated/prisma/client.js";
import { requireCampaign } from "./campaigns.js";
import { requireActivePost } from "./posts.js";
import type { Caller, Services } from "./services.js";
import { storedTrigger } from "./triggers.js";
import { lockCampaignVersion } from "./version-lock.js";

type ApproveServices = Pick<Services, "db" | "events" | "publisher" | "jobs"> & Caller;

/** Why a post cannot be approved now, or null if it can. */
export function approvalProblem(post: Pick<Post, "isActive" | "status" | "contentStatus" | "archivedInVersion">): string | null {
  if (!post.isActive) return `the post was archived in version ${post.archivedInVersion}`;
  if (post.status !== "DRAFT") return `the post is ${post.status}; only a DRAFT post can be approved`;
  if (post.contentStatus !== "READY")
    return `the post's content is ${post.contentStatus}; it can be approved once its A/B content is READY`;
  return null;
}

/**
 * The human gate: an active DRAFT post with READY content is approved and published through the
 * channel (both variants of its latest generation, for the A/B test), in one transaction: if the
 * channel fails, the post stays a DRAFT. A trigger on the post is scheduled from publication.
 */
export async function approvePost(services: ApproveServices, postId: string): Promise<string> {
  const post = await requireActivePost(services, postId);
  const problem = approvalProblem(post);
  if (problem) throw badUserInput("input.postId", problem);
  const committed = await services.db.$transaction((tx) => publish(services, tx, post.campaignId, [post.id]));
  if (committed.skipped.length) throw badUserInput("input.postId", "the post changed meanwhile; reload it and try again");
  publishEvents(services.events, committed.events);
  return post.id;
}

/** Approves every eligible post of the campaign; the others are returned as skipped. */
export async function approveAllPosts(services: ApproveServices, campaignId: string) {
  const campaign = await requireCampaign(services, campaignId);
  const active = await services.db.post.findMany({
    where: { campaignId: campaign.id, isActive: true },
    orderBy: [{ phase: "asc" }, { position: "asc" }],
  });
  const eligible = active.filter((p) => approvalProblem(p) === null).map((p) => p.id);
  const committed = await services.db.$transaction((tx) => publish(services, tx, campaign.id, eligible));
  publishEvents(services.events, committed.events);
  const approved = new Set(committed.approved);
  return {
    campaignId: campaign.id,
    approvedPostIds: active.filter((p) => approved.has(p.id)).map((p) => p.id),
    skippedPostIds: active.filter((p) => !approved.has(p.id)).map((p) => p.id),
  };
}

/** DRAFT → APPROVED → published → PUBLISHED for the posts still eligible once the campaign is locked. */
async function publish({ publisher, jobs }: ApproveServices, tx: DbTx, campaignId: string, postIds: string[]) {
  // Lock the campaign row first (as every writer does), then re-read: a regeneration or another
  // approval may have committed since the caller looked.
  await lockCampaignVersion(tx, campaignId);
  const posts = await tx.post.findMany({
    where: { id: { in: postIds } },
    include: { variants: { orderBy: [{ generation: "desc" }, { label: "asc" }] } },
  });
  const ready = posts.filter((p) => approvalProblem(p) === null);
  const skipped = postIds.filter((id) => !ready.some((p) => p.id === id));
  if (ready.length === 0) return { events: [] as CampaignEvent[], approved: [] as string[], skipped };
  const ids = ready.map((p) => p.id);
  await tx.post.updateMany({ where: { id: { in: ids } }, data: { status: "APPROVED" } });
  await publisher.publish(
    tx,
    ready.flatMap((p) => {
      const latest = p.variants[0]?.generation ?? 0;
      return p.variants
        .filter((v) => v.generation === latest)
        .map((v) => ({
          postId: p.id,
          campaignId,
          label: v.label,
          generation: v.generation,
          text: v.text,
          mediaPath: v.mediaPath,
        }));
    }),
  );
  const publishedAt = new Date();
  await tx.post.updateMany({ where: { id: { in: ids } }, data: { status: "PUBLISHED", publishedAt } });
  for (const p of ready) {
    const trigger = storedTrigger(p);
    if (trigger && p.triggerFiredAt === null)
      await jobs.scheduleTriggerCheck(
        tx,
        { postId: p.id, trigger },
        new Date(publishedAt.getTime() + trigger.durationSeconds * 1000),
      );
  }
  const events = await recordEvents(
    tx,
    campaignId,
    ids.map((postId) => ({ type: "PostUpdated" as const, postId })),
  );
  return { events, approved: ids, skipped };
}
