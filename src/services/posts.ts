import type { Db, DbTx } from "../db/client.js";
import { archivedProblem } from "../domain/post-status.js";
import { badUserInput, notFound } from "../errors.js";
import type { Prisma } from "../generated/prisma/client.js";
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

/** What latestVariants reads of a post: every variant, latest generation first, A before B. */
export const WITH_VARIANTS = {
  variants: { orderBy: [{ generation: "desc" }, { label: "asc" }] },
} as const satisfies Prisma.PostInclude;

/** The variants of the post's latest generation, A then B (none before its first copy); read WITH_VARIANTS. */
export function latestVariants<V extends { generation: number }>(post: { variants: readonly V[] }): V[] {
  const latest = post.variants[0]?.generation;
  return post.variants.filter((v) => v.generation === latest);
}
