import type { Db, DbTx } from "../db/client.js";
import { archivedProblem } from "../domain/post-status.js";
import { badUserInput, notFound } from "../errors.js";
import type { Scope } from "./campaigns.js";

/** The post, or NOT_FOUND (also for a post of another workspace). */
export async function requirePost({ db, workspaceId }: Scope, postId: string) {
  const post = await db.post.findFirst({ where: { id: postId, campaign: { workspaceId } } });
  if (!post) throw notFound("Post", postId);
  return post;
}

/** The post, which must be active (part of the current strategy); NOT_FOUND or BAD_USER_INPUT otherwise. */
export async function requireActivePost(scope: Scope, postId: string, argument = "postId") {
  const post = await requirePost(scope, postId);
  const archived = archivedProblem(post);
  if (archived) throw badUserInput(argument, archived);
  return post;
}

/** The latest generation of the post's copy (0 before any). */
export async function latestGeneration(db: Db | DbTx, postId: string): Promise<number> {
  const latest = await db.contentVariant.findFirst({
    where: { postId },
    orderBy: { generation: "desc" },
    select: { generation: true },
  });
  return latest?.generation ?? 0;
}
