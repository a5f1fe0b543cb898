import type { DbTx } from "../db/client.js";
import { badUserInput } from "../errors.js";
import { publishEvents, recordEvents } from "../events/outbox.js";
import type { CampaignEvent } from "../events/types.js";
import { settleCampaignStatus } from "./campaign-status.js";
import { latestGeneration, requireActivePost } from "./posts.js";
import type { Caller, ContentJobs, Services } from "./services.js";

const MAX_INSTRUCTIONS = 2000;

/**
 * Queues a new generation of the post's A/B copy (earlier generations are kept), guided by the
 * instructions and by the reviewer's feedback if the post was rejected. The post goes back to
 * DRAFT with content PENDING; the content job and its events follow as for a new post.
 */
export async function regeneratePostContent(
  { db, jobs, events, workspaceId }: Pick<Services, "db" | "jobs" | "events"> & Caller,
  request: { postId: string; instructions?: string | null },
): Promise<string> {
  const instructions = request.instructions?.trim() || undefined;
  if (instructions && instructions.length > MAX_INSTRUCTIONS)
    throw badUserInput("input.instructions", `must be at most ${MAX_INSTRUCTIONS} characters (has ${instructions.length})`);
  const post = await requireActivePost({ db, workspaceId }, request.postId);
  if (post.contentStatus === "PENDING" || post.contentStatus === "GENERATING")
    throw badUserInput("input.postId", "the post's content is being written already; wait for it to finish");
  const committed = await db.$transaction((tx) => queueNewGeneration(tx, jobs, post, instructions));
  publishEvents(events, committed);
  return post.id;
}

/**
 * The part of a copy regeneration that writes, inside the caller's transaction (a person's request
 * above, or a trigger that fired in the same transaction as its firing). Returns the events to
 * publish after commit.
 */
export async function queueNewGeneration(
  tx: DbTx,
  jobs: ContentJobs,
  post: { id: string; campaignId: string; feedback: string | null },
  instructions?: string,
): Promise<CampaignEvent[]> {
  const guidance = [instructions, post.feedback ? `Reviewer feedback: ${post.feedback}` : undefined].filter(Boolean).join("\n");
  const updated = await recordEvents(tx, post.campaignId, [{ type: "PostUpdated", postId: post.id }]);
  const generation = (await latestGeneration(tx, post.id)) + 1;
  await tx.post.update({
    where: { id: post.id },
    data: { status: "DRAFT", contentStatus: "PENDING", contentError: null, publishedAt: null },
  });
  await jobs.enqueue(tx, [{ postId: post.id, generation, ...(guidance ? { guidance } : {}) }]);
  await settleCampaignStatus(tx, post.campaignId);
  return updated;
}
