import { badUserInput } from "../errors.js";
import { publishEvents, recordEvents } from "../events/outbox.js";
import type { VariantLabel } from "../generated/prisma/client.js";
import { latestGeneration, requireActivePost } from "./posts.js";
import type { Caller, Services } from "./services.js";

const MAX_FEEDBACK = 2000;

type ReviewServices = Pick<Services, "db" | "events"> & Caller;

/** One change to one post, with a PostUpdated event, in a transaction that locks the campaign first. */
async function updatePost(
  { db, events }: ReviewServices,
  post: { id: string; campaignId: string },
  data: Parameters<ReviewServices["db"]["post"]["update"]>[0]["data"],
) {
  const committed = await db.$transaction(async (tx) => {
    const updated = await recordEvents(tx, post.campaignId, [{ type: "PostUpdated", postId: post.id }]);
    await tx.post.update({ where: { id: post.id }, data });
    return updated;
  });
  publishEvents(events, committed);
}

/** The reviewer turns a draft down: status REJECTED with their feedback; the post is kept. */
export async function rejectPost(services: ReviewServices, request: { postId: string; feedback: string }) {
  const feedback = request.feedback.trim();
  if (feedback.length < 1 || feedback.length > MAX_FEEDBACK)
    throw badUserInput("input.feedback", `must be 1–${MAX_FEEDBACK} characters after trimming (has ${feedback.length})`);
  const post = await requireActivePost(services, request.postId);
  if (post.status === "PUBLISHED" || post.status === "APPROVED")
    throw badUserInput("input.postId", `the post is ${post.status}; only a DRAFT (or an already REJECTED post) can be rejected`);
  await updatePost(services, post, { status: "REJECTED", feedback });
  return post.id;
}

/** Chooses which variant the post shows: the latest generation of that label. */
export async function selectVariant(services: ReviewServices, request: { postId: string; label: VariantLabel }) {
  const post = await requireActivePost(services, request.postId);
  const generation = await latestGeneration(services.db, post.id);
  const exists = await services.db.contentVariant.count({ where: { postId: post.id, label: request.label, generation } });
  if (!exists) throw badUserInput("input.label", `the post has no variant ${request.label} yet; wait for its content`);
  await updatePost(services, post, { selectedVariant: request.label });
  return post.id;
}
