import { INPUT_LIMITS } from "../domain/limits.js";
import { byCounter } from "../domain/metrics.js";
import { mediaUrl } from "../media/media-store.js";
import { approveAllPosts, approvePost } from "../services/approve-post.js";
import { recordMetrics } from "../services/record-metrics.js";
import { regeneratePostContent } from "../services/regenerate-post-content.js";
import { rejectPost, selectVariant } from "../services/review-post.js";
import { builder } from "./builder.js";
import { CampaignRef } from "./campaign.js";
import { VariantLabelEnum } from "./enums.js";
import { MODEL_BACKED } from "./model-backed.js";
import { PostRef } from "./post.js";
import { postsInOrder } from "./strategy.js";

// The human in the loop: approval (and publication), rejection, variant choice, new copy, metrics.

export const PostInput = builder.inputType("PostInput", { fields: (t) => ({ postId: t.id({ required: true }) }) });
const CampaignInput = builder.inputType("CampaignInput", { fields: (t) => ({ campaignId: t.id({ required: true }) }) });

export const PostPayload = builder.objectRef<{ postId: string }>("PostPayload").implement({
  fields: (t) => ({
    post: t.prismaField({
      type: PostRef,
      resolve: (query, p, _args, ctx) => ctx.db.post.findUniqueOrThrow({ ...query, where: { id: p.postId } }),
    }),
  }),
});

const ApproveAllPostsPayload = builder
  .objectRef<{ campaignId: string; approvedPostIds: string[]; skippedPostIds: string[] }>("ApproveAllPostsPayload")
  .implement({
    fields: (t) => ({
      campaign: t.prismaField({
        type: CampaignRef,
        resolve: (query, p, _args, ctx) => ctx.db.campaign.findUniqueOrThrow({ ...query, where: { id: p.campaignId } }),
      }),
      approvedPosts: t.prismaField({
        type: [PostRef],
        description: "Approved and published by this call.",
        resolve: (query, p, _args, ctx) => postsInOrder(ctx.db, query, p.approvedPostIds),
      }),
      skippedPosts: t.prismaField({
        type: [PostRef],
        description: "Active posts that were not eligible (not a DRAFT, or content not READY).",
        resolve: (query, p, _args, ctx) => postsInOrder(ctx.db, query, p.skippedPostIds),
      }),
    }),
  });

const RejectPostInput = builder.inputType("RejectPostInput", {
  fields: (t) => ({
    postId: t.id({ required: true }),
    feedback: t.string({
      required: true,
      description: `Why, in the reviewer's words (1–${INPUT_LIMITS.maxFeedback} characters); guides the next copy.`,
    }),
  }),
});

const RegeneratePostContentInput = builder.inputType("RegeneratePostContentInput", {
  fields: (t) => ({
    postId: t.id({ required: true }),
    instructions: t.string({
      description: `What the new copy should do differently (at most ${INPUT_LIMITS.maxInstructions} characters).`,
    }),
  }),
});

const SelectVariantInput = builder.inputType("SelectVariantInput", {
  fields: (t) => ({ postId: t.id({ required: true }), label: t.field({ type: VariantLabelEnum, required: true }) }),
});

const RecordMetricsInput = builder.inputType("RecordMetricsInput", {
  description: "Absolute counters as the platform reports them now (not increments), each 0 to 10^9.",
  fields: (t) => ({
    postId: t.id({ required: true }),
    label: t.field({ type: VariantLabelEnum, required: true }),
    ...byCounter(() => t.int({ required: true })),
  }),
});

const postArg = (t: Parameters<Parameters<typeof builder.mutationFields>[0]>[0]) => ({
  input: t.arg({ type: PostInput, required: true }),
});

builder.mutationFields((t) => ({
  approvePost: t.field({
    type: PostPayload,
    description:
      "Human approval gate: DRAFT (content READY) -> APPROVED, then published through the configured channel -> PUBLISHED.",
    args: postArg(t),
    resolve: async (_root, { input }, ctx) => ({ postId: await approvePost(ctx, String(input.postId)) }),
  }),
  approveAllPosts: t.field({
    type: ApproveAllPostsPayload,
    description: "Approve every active DRAFT post whose content is READY; the rest are returned as skipped.",
    args: { input: t.arg({ type: CampaignInput, required: true }) },
    resolve: (_root, { input }, ctx) => approveAllPosts(ctx, String(input.campaignId)),
  }),
  rejectPost: t.field({
    type: PostPayload,
    description: "The post is kept (status REJECTED) with the feedback stored; nothing is deleted.",
    args: { input: t.arg({ type: RejectPostInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      postId: await rejectPost(ctx, { postId: String(input.postId), feedback: input.feedback }),
    }),
  }),
  regeneratePostContent: t.field({
    extensions: MODEL_BACKED,
    type: PostPayload,
    description: "Generate a new A/B generation for the post (optionally guided); status back to DRAFT.",
    args: { input: t.arg({ type: RegeneratePostContentInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      postId: await regeneratePostContent(ctx, { postId: String(input.postId), instructions: input.instructions }),
    }),
  }),
  selectVariant: t.field({
    type: PostPayload,
    description: "The variant the post shows: the latest generation of that label.",
    args: { input: t.arg({ type: SelectVariantInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      postId: await selectVariant(ctx, { postId: String(input.postId), label: input.label }),
    }),
  }),
  recordMetrics: t.field({
    type: PostPayload,
    description: "Stores a variant's latest counters for a post that has been published.",
    args: { input: t.arg({ type: RecordMetricsInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ postId: await recordMetrics(ctx, { ...input, postId: String(input.postId) }) }),
  }),
}));

builder.prismaObject("Publication", {
  description: "One variant of a post as a publishing channel published it.",
  fields: (t) => ({
    id: t.exposeID("id"),
    channel: t.exposeString("channel", { description: '"local": recorded by Phasewise itself, sent nowhere.' }),
    label: t.expose("label", { type: VariantLabelEnum }),
    generation: t.exposeInt("generation"),
    text: t.exposeString("text"),
    mediaUrl: t.string({
      nullable: true,
      select: { mediaPath: true },
      resolve: (p) => mediaUrl(p.mediaPath),
    }),
    publishedAt: t.expose("publishedAt", { type: "DateTime" }),
  }),
});

builder.prismaObjectField(PostRef, "publications", (t) =>
  t.relation("publications", {
    description: "What the publishing channel published for this post, newest first.",
    query: { orderBy: [{ publishedAt: "desc" }, { label: "asc" }] },
  }),
);
