import { type ContentContext, writeContent } from "../ai/content-writer.js";
import type { DbTx } from "../db/client.js";
import { briefTextOf } from "../domain/brief.js";
import { CONTENT_WRITES } from "../domain/post-status.js";
import { commitAndPublish, recordEvents } from "../events/outbox.js";
import type { Prisma, VariantLabel } from "../generated/prisma/client.js";
import { variantMediaPath } from "../media/media-store.js";
import { settleCampaignStatus } from "./campaign-status.js";
import type { ContentJob, Services } from "./services.js";
import { lockCampaignVersion } from "./version-lock.js";

const LABELS: VariantLabel[] = ["A", "B"];

/**
 * One content job: A and B copy for a post (one generation), an image each, then READY and a
 * ContentReady event in one transaction. Safe to run again: a generation that exists is not
 * written twice (unique post+label+generation), and the model is not asked again for it. A post
 * archived before its job ran is skipped (a restore that brings it back queues it again).
 */
export async function generatePostContent(services: Services, job: ContentJob, signal?: AbortSignal): Promise<void> {
  const { db, llm, media, mediaStore } = services;
  const post = await db.post.findUnique({
    where: { id: job.postId },
    include: {
      campaign: true,
      variants: { where: { generation: job.generation }, select: { label: true } },
      incoming: { where: { archivedInVersion: null }, select: { from: { select: { title: true, platform: true } } } },
      outgoing: { where: { archivedInVersion: null }, select: { to: { select: { title: true, platform: true } } } },
    },
  });
  if (!post?.isActive) return;
  if (post.variants.length === LABELS.length) {
    if (post.contentStatus !== "READY") await finish(services, post.campaignId, job);
    return;
  }
  if (post.contentStatus !== "GENERATING") {
    await commitAndPublish(services, async (tx) => {
      // Guarded, under the campaign's lock: a regeneration may have archived the post since it
      // was read (a READY post is never marked as being written).
      await lockCampaignVersion(tx, post.campaignId);
      const { count } = await tx.post.updateMany({
        where: { id: post.id, isActive: true, contentStatus: { in: [...CONTENT_WRITES.start.from] } },
        data: { contentStatus: CONTENT_WRITES.start.to, contentError: null },
      });
      return count ? recordEvents(tx, post.campaignId, [{ type: "PostUpdated", postId: post.id }]) : [];
    });
  }

  const phase = await db.strategyPhase.findFirst({
    where: {
      campaignId: post.campaignId,
      number: post.phase,
      createdInVersion: { lte: post.version },
      OR: [{ archivedInVersion: null }, { archivedInVersion: { gt: post.version } }],
    },
    select: { name: true },
  });
  const context: ContentContext = {
    brief: briefTextOf(post.campaign),
    post: {
      title: post.title,
      description: post.description,
      platform: post.platform,
      phase: post.phase,
      phaseName: phase?.name ?? `Phase ${post.phase}`,
    },
    previous: post.incoming.map((link) => link.from),
    next: post.outgoing.map((link) => link.to),
    ...(job.guidance ? { guidance: job.guidance } : {}),
  };
  const written = await writeContent(llm, context, signal);

  const variants: Prisma.ContentVariantCreateManyInput[] = [];
  for (const label of LABELS) {
    const copy = written[label];
    const image = await media.make(
      {
        campaignId: post.campaignId,
        campaignName: post.campaign.name,
        postTitle: post.title,
        hook: copy.hook,
        caption: copy.mediaCaption,
        label,
        platform: post.platform,
      },
      signal,
    );
    const mediaPath = variantMediaPath(post.campaignId, post.id, job.generation, label, image.extension);
    await mediaStore.save(mediaPath, image.bytes);
    variants.push({
      postId: post.id,
      label,
      generation: job.generation,
      text: copy.text,
      mediaCaption: copy.mediaCaption,
      mediaPath,
    });
  }
  signal?.throwIfAborted();
  await finish(services, post.campaignId, job, async (tx) => {
    await tx.contentVariant.createMany({ data: variants, skipDuplicates: true });
  });
}

/** Writes the variants (if given), marks the post READY and says so, in one transaction. */
async function finish(
  services: Services,
  campaignId: string,
  job: ContentJob,
  write: (tx: DbTx) => Promise<void> = async () => {},
) {
  await commitAndPublish(services, async (tx) => {
    await write(tx);
    const ready = await recordEvents(tx, campaignId, [{ type: "ContentReady", postId: job.postId, generation: job.generation }]);
    await tx.post.update({ where: { id: job.postId }, data: { contentStatus: "READY", contentError: null } });
    await settleCampaignStatus(tx, campaignId);
    return ready;
  });
}

/**
 * A content job gave up: the post is FAILED with a reason a person can act on, and a PostUpdated
 * event says so. The plan itself is untouched. Nothing happens if the content got written after all.
 */
export async function recordContentFailure({ db, events }: Pick<Services, "db" | "events">, job: ContentJob, reason: string) {
  const post = await db.post.findUnique({ where: { id: job.postId }, select: { campaignId: true } });
  if (!post) return;
  await commitAndPublish({ db, events }, async (tx) => {
    // Guarded, under the campaign's lock: the content may have been written since.
    await lockCampaignVersion(tx, post.campaignId);
    const { count } = await tx.post.updateMany({
      where: { id: job.postId, contentStatus: { in: [...CONTENT_WRITES.fail.from] } },
      data: { contentStatus: CONTENT_WRITES.fail.to, contentError: reason },
    });
    if (!count) return [];
    await settleCampaignStatus(tx, post.campaignId);
    return recordEvents(tx, post.campaignId, [{ type: "PostUpdated", postId: job.postId }]);
  });
}
