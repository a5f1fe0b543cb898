import type { DbTx } from "../db/client.js";
import { INPUT_LIMITS } from "../domain/limits.js";
import type { PostState } from "../domain/post-status.js";
import { badUserInput } from "../errors.js";
import { commitAndPublish, recordEvents } from "../events/outbox.js";
import type { CampaignEvent } from "../events/types.js";
import { settleCampaignStatus } from "./campaign-status.js";
import { lockPost, movePosts, requireTransition } from "./post-transition.js";
import { latestGeneration, requirePost } from "./posts.js";
import type { Caller, ContentJobs, Services } from "./services.js";

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
  if (instructions && instructions.length > INPUT_LIMITS.maxInstructions)
    throw badUserInput("instructions", `must be at most ${INPUT_LIMITS.maxInstructions} characters (has ${instructions.length})`);
  const found = await requirePost({ db, workspaceId }, request.postId);
  await commitAndPublish({ db, events }, async (tx) =>
    queueNewGeneration(tx, jobs, await lockPost(tx, found), "rewriteCopy", instructions),
  );
  return found.id;
}

/**
 * The part of a copy rewrite that writes, inside the caller's transaction (a person's request
 * above, or a trigger that fired in the same transaction as its firing), on the post as read
 * under the campaign's lock: refused unless the table allows the rewrite (in particular while a
 * generation is still being written, so each generation number is queued once). Returns the events
 * to publish after commit.
 */
export async function queueNewGeneration(
  tx: DbTx,
  jobs: ContentJobs,
  post: PostState & { id: string; campaignId: string; feedback: string | null },
  action: "rewriteCopy" | "triggerFired",
  instructions?: string,
): Promise<CampaignEvent[]> {
  requireTransition(action, post);
  const guidance = [instructions, post.feedback ? `Reviewer feedback: ${post.feedback}` : undefined].filter(Boolean).join("\n");
  const generation = (await latestGeneration(tx, post.id)) + 1;
  await movePosts(tx, [post.id], action, { contentError: null });
  await jobs.enqueue(tx, [{ postId: post.id, generation, ...(guidance ? { guidance } : {}) }]);
  await settleCampaignStatus(tx, post.campaignId);
  return recordEvents(tx, post.campaignId, [{ type: "PostUpdated", postId: post.id }]);
}
