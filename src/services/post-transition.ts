import type { DbTx } from "../db/client.js";
import {
  archivedProblem,
  POST_TRANSITIONS,
  type PostAction,
  type PostState,
  publishedAtAfter,
  transitionProblem,
} from "../domain/post-status.js";
import { badUserInput } from "../errors.js";
import { commitAndPublish, recordEvents } from "../events/outbox.js";
import type { Post, Prisma } from "../generated/prisma/client.js";
import { requirePost } from "./posts.js";
import type { Caller, Services } from "./services.js";
import { lockCampaignVersion } from "./version-lock.js";

// Every check-then-write on a post decides inside the transaction that writes, after locking the
// post's campaign (as every writer of a campaign does first), on the post read again under that
// lock: a request that committed meanwhile (an approval, a rejection, a regeneration that archived
// the post) is seen, and requests on one campaign's posts apply one at a time.

/** Locks the post's campaign until the transaction ends and reads the post as it is now. */
export async function lockPost(tx: DbTx, post: { id: string; campaignId: string }) {
  await lockCampaignVersion(tx, post.campaignId);
  return tx.post.findUniqueOrThrow({ where: { id: post.id } });
}

/**
 * One change to one post, with a PostUpdated event: `change` checks and writes the post as it is
 * once its campaign is locked, and throws to refuse.
 */
export async function changePost(
  { db, events, workspaceId }: Pick<Services, "db" | "events"> & Caller,
  postId: string,
  change: (tx: DbTx, post: Post) => Promise<void>,
): Promise<string> {
  const found = await requirePost({ db, workspaceId }, postId);
  await commitAndPublish({ db, events }, async (tx) => {
    const post = await lockPost(tx, found);
    await change(tx, post);
    return recordEvents(tx, post.campaignId, [{ type: "PostUpdated", postId: post.id }]);
  });
  return found.id;
}

/** Refuses, with BAD_USER_INPUT, a change to a post that was archived. */
export function requireActive(post: Pick<PostState, "isActive" | "archivedInVersion">, argument = "postId") {
  const problem = archivedProblem(post);
  if (problem) throw badUserInput(argument, problem);
}

/** Refuses, with BAD_USER_INPUT and the rule, an action the post (read under the lock) does not allow now. */
export function requireTransition(action: PostAction, post: PostState, argument = "postId") {
  const problem = transitionProblem(action, post);
  if (problem) throw badUserInput(argument, problem);
}

/**
 * Writes the action's change to posts the caller checked under the lock. The write itself is
 * guarded by the states the action is allowed from, so a post found in any other state is not
 * moved and the transaction is refused: not even a writer that skipped the lock can push a post
 * where the table does not allow.
 */
export async function movePosts(
  tx: DbTx,
  postIds: string[],
  action: PostAction,
  data: Omit<Prisma.PostUpdateManyMutationInput, "status" | "contentStatus" | "publishedAt"> = {},
  now = new Date(),
) {
  if (postIds.length === 0) return;
  const transition = POST_TRANSITIONS[action];
  const { count } = await tx.post.updateMany({
    where: {
      id: { in: postIds },
      isActive: true,
      status: { in: [...transition.from] },
      contentStatus: { in: [...transition.content] },
    },
    data: {
      ...data,
      status: transition.to,
      publishedAt: publishedAtAfter(transition.to, now),
      ...("contentTo" in transition ? { contentStatus: transition.contentTo } : {}),
    },
  });
  if (count !== postIds.length) throw badUserInput("postId", "the post changed meanwhile; reload it and try again");
}
