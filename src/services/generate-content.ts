import { type ContentContext, writeContent } from "../ai/content-writer.js";
import type { Db, DbTx } from "../db/client.js";
import { briefTextOf } from "../domain/brief.js";
import { DEFAULT_AB_DIMENSION, type WrittenContent } from "../domain/content.js";
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
  const post = await readPost(services.db, job);
  if (!post?.isActive) return;
  if (post.variants.length === LABELS.length) {
    if (post.contentStatus !== "READY") await finish(services, post.campaignId, job);
    return;
  }
  if (post.contentStatus !== "GENERATING") await markBeingWritten(services, post);
  const written = await writeContent(services.llm, await contentContext(services.db, post, job), signal);
  const variants = await makeVariants(services, post, job, written, signal);
  signal?.throwIfAborted();
  await finish(services, post.campaignId, job, async (tx) => {
    await tx.contentVariant.createMany({ data: variants, skipDuplicates: true });
  });
}

/** The job's post with its campaign, the labels of the generation already written, and its active neighbours. */
function readPost(db: Db, job: ContentJob) {
  return db.post.findUnique({
    where: { id: job.postId },
    include: {
      campaign: true,
      variants: { where: { generation: job.generation }, select: { label: true } },
      incoming: { where: { archivedInVersion: null }, select: { from: { select: { title: true, platform: true } } } },
      outgoing: { where: { archivedInVersion: null }, select: { to: { select: { title: true, platform: true } } } },
    },
  });
}

type JobPost = NonNullable<Awaited<ReturnType<typeof readPost>>>;

/** Marks the post as being written, with a PostUpdated event (unless it changed since it was read). */
async function markBeingWritten(services: Services, post: JobPost) {
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

/** What the writer is told: the brief, the post and its phase as of the post's version, its neighbours, any guidance. */
async function contentContext(db: Db, post: JobPost, job: ContentJob): Promise<ContentContext> {
  const phase = await db.strategyPhase.findFirst({
    where: {
      campaignId: post.campaignId,
      number: post.phase,
      createdInVersion: { lte: post.version },
      OR: [{ archivedInVersion: null }, { archivedInVersion: { gt: post.version } }],
    },
    select: { name: true },
  });
  return {
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
}

/** An image for each written variant, saved to the media store: the variants' rows, not yet written. */
async function makeVariants(
  { media, mediaStore }: Services,
  post: JobPost,
  job: ContentJob,
  written: WrittenContent,
  signal?: AbortSignal,
) {
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
      abDimension: written.dimension ?? DEFAULT_AB_DIMENSION,
      approach: copy.approach ?? null,
    });
  }
  return variants;
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
