import { INPUT_LIMITS } from "../domain/limits.js";
import { badUserInput } from "../errors.js";
import type { VariantLabel } from "../generated/prisma/client.js";
import { changePost, movePosts, requireActive, requireTransition } from "./post-transition.js";
import { latestGeneration } from "./posts.js";
import type { Caller, Services } from "./services.js";

type ReviewServices = Pick<Services, "db" | "events"> & Caller;

/** The reviewer turns a draft down: status REJECTED with their feedback; the post is kept. */
export async function rejectPost(services: ReviewServices, request: { postId: string; feedback: string }) {
  const feedback = request.feedback.trim();
  if (feedback.length < 1 || feedback.length > INPUT_LIMITS.maxFeedback)
    throw badUserInput("feedback", `must be 1–${INPUT_LIMITS.maxFeedback} characters after trimming (has ${feedback.length})`);
  return changePost(services, request.postId, async (tx, post) => {
    requireTransition("reject", post);
    await movePosts(tx, [post.id], "reject", { feedback });
  });
}

/** Chooses which variant the post shows: the latest generation of that label. */
export async function selectVariant(services: ReviewServices, request: { postId: string; label: VariantLabel }) {
  return changePost(services, request.postId, async (tx, post) => {
    requireActive(post);
    const generation = await latestGeneration(tx, post.id);
    const exists = await tx.contentVariant.count({ where: { postId: post.id, label: request.label, generation } });
    if (!exists) throw badUserInput("label", `the post has no variant ${request.label} yet; wait for its content`);
    await tx.post.update({ where: { id: post.id }, data: { selectedVariant: request.label } });
  });
}
