import { INPUT_LIMITS } from "../domain/limits.js";
import { PLAN_LIMITS } from "../domain/plan.js";
import { regenerateStrategy } from "../services/regenerate-strategy.js";
import { restoreVersion } from "../services/restore-version.js";
import { builder } from "./builder.js";
import { CampaignPayload, CampaignRef } from "./campaign.js";
import { MODEL_BACKED } from "./model-backed.js";
import { PostRef } from "./post.js";
import { postsInOrder } from "./strategy.js";

const RegenerateStrategyInput = builder.inputType("RegenerateStrategyInput", {
  fields: (t) => ({
    campaignId: t.id({ required: true }),
    phaseNum: t.int({
      required: true,
      description: `Regenerate this phase and every later one. 1 <= phaseNum <= (last active phase + 1), at most ${PLAN_LIMITS.maxPhases}.`,
    }),
    newDirection: t.string({
      required: true,
      description: `The pivot, in the user's words. 1..${INPUT_LIMITS.maxDirection} characters after trimming.`,
    }),
    expectedVersion: t.int({ description: "If given and not equal to currentVersion: VERSION_CONFLICT, nothing changes." }),
    idempotencyKey: t.string({
      description: `Repeating a request with the same key returns the first result and changes nothing more (1..${INPUT_LIMITS.maxIdempotencyKey} characters).`,
    }),
  }),
});

const RegenerateStrategyPayload = builder
  .objectRef<{ campaignId: string; version: number; archivedPostIds: string[]; newPostIds: string[] }>(
    "RegenerateStrategyPayload",
  )
  .implement({
    fields: (t) => ({
      campaign: t.prismaField({
        type: CampaignRef,
        resolve: (query, p, _args, ctx) => ctx.db.campaign.findUniqueOrThrow({ ...query, where: { id: p.campaignId } }),
      }),
      version: t.exposeInt("version", { description: "The version this regeneration created." }),
      archivedPosts: t.prismaField({
        type: [PostRef],
        description: "The posts of the regenerated phases, archived by this version.",
        resolve: (query, p, _args, ctx) => postsInOrder(ctx.db, query, p.archivedPostIds),
      }),
      newPosts: t.prismaField({
        type: [PostRef],
        description: "The posts this version planned.",
        resolve: (query, p, _args, ctx) => postsInOrder(ctx.db, query, p.newPostIds),
      }),
    }),
  });

const RestoreVersionInput = builder.inputType("RestoreVersionInput", {
  fields: (t) => ({
    campaignId: t.id({ required: true }),
    version: t.int({ required: true, description: "The version to make current again (as a new version)." }),
    expectedVersion: t.int({ description: "If given and not equal to currentVersion: VERSION_CONFLICT, nothing changes." }),
  }),
});

builder.mutationFields((t) => ({
  regenerateStrategy: t.field({
    extensions: MODEL_BACKED,
    type: RegenerateStrategyPayload,
    description:
      "Replans the campaign from phaseNum onwards in a new direction: earlier phases stay exactly as they are, later posts are archived, the version goes up by one.",
    args: { input: t.arg({ type: RegenerateStrategyInput, required: true }) },
    resolve: (_root, { input }, ctx) => regenerateStrategy(ctx, input),
  }),
  restoreVersion: t.field({
    extensions: MODEL_BACKED,
    type: CampaignPayload,
    description: "Makes an earlier version current again, as a new version of copies; history is never rewritten.",
    args: { input: t.arg({ type: RestoreVersionInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ campaignId: await restoreVersion(ctx, input) }),
  }),
}));
