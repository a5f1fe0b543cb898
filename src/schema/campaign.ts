import { BRIEF_LIMITS, checkBrief } from "../domain/brief.js";
import { badUserInput } from "../errors.js";
import { createCampaign } from "../services/create-campaign.js";
import { builder } from "./builder.js";
import { CampaignStatusEnum, VersionKindEnum } from "./enums.js";
import { MODEL_BACKED } from "./model-backed.js";

export const StrategyVersionRef = builder.prismaObject("StrategyVersion", {
  description: "One version of a campaign's strategy and what created it.",
  fields: (t) => ({
    number: t.exposeInt("number"),
    kind: t.expose("kind", { type: VersionKindEnum }),
    fromPhase: t.exposeInt("fromPhase", {
      nullable: true,
      description: "For REGENERATION: the first regenerated phase. Null otherwise.",
    }),
    direction: t.exposeString("direction", {
      nullable: true,
      description: "For REGENERATION: the new direction given by the user.",
    }),
    restoredFrom: t.exposeInt("restoredFrom", {
      nullable: true,
      description: "For RESTORE: the version that was restored.",
    }),
    archivedPostCount: t.exposeInt("archivedPostCount"),
    createdPostCount: t.exposeInt("createdPostCount"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

export const CampaignRef = builder.prismaObject("Campaign", {
  description: "A product's go-to-market campaign: a versioned graph of posts.",
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    productDescription: t.exposeString("productDescription"),
    gtmGoals: t.exposeString("gtmGoals"),
    phaseCount: t.exposeInt("phaseCount", { description: "How many phases the brief asked for." }),
    status: t.expose("status", { type: CampaignStatusEnum }),
    statusReason: t.exposeString("statusReason", { nullable: true, description: "Why the campaign FAILED." }),
    plannerModel: t.exposeString("plannerModel", {
      description: 'The model that drafted the plan; "offline" is the built-in deterministic planner.',
    }),
    currentVersion: t.exposeInt("currentVersion", {
      description: "Starts at 1; +1 on every regeneration or restore.",
    }),
    lastEventSequence: t.exposeInt("lastEventSequence", {
      description:
        "Sequence of the campaign's latest event (0 before any). A client that loads the campaign and then subscribes with campaignEvents(afterSequence: this) misses nothing.",
    }),
    versions: t.relation("versions", {
      description: "Oldest first. One entry per version that ever existed.",
      query: { orderBy: { number: "asc" } },
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.queryFields((t) => ({
  campaign: t.prismaField({
    type: CampaignRef,
    nullable: true,
    description: "The campaign with this id, or null if there is none.",
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      ctx.db.campaign.findFirst({ ...query, where: { id: args.id, workspaceId: ctx.workspaceId } }),
  }),
  campaigns: t.prismaField({
    type: [CampaignRef],
    description: "Every campaign, newest first.",
    resolve: (query, _root, _args, ctx) =>
      ctx.db.campaign.findMany({
        ...query,
        where: { workspaceId: ctx.workspaceId },
        orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      }),
  }),
}));

const CreateCampaignInput = builder.inputType("CreateCampaignInput", {
  description: "A product brief; the language model plans the campaign from it.",
  fields: (t) => ({
    name: t.string({ required: true, description: `Campaign name, 1–${BRIEF_LIMITS.name} characters.` }),
    productDescription: t.string({
      required: true,
      description: `What the product is and whom it is for, 1–${BRIEF_LIMITS.productDescription} characters.`,
    }),
    gtmGoals: t.string({ required: true, description: `Go-to-market goals, 1–${BRIEF_LIMITS.gtmGoals} characters.` }),
    phaseCount: t.int({
      description: `How many phases to plan (default ${BRIEF_LIMITS.defaultPhases}, ${BRIEF_LIMITS.minPhases}..${BRIEF_LIMITS.maxPhases}).`,
    }),
  }),
});

export const CampaignPayload = builder.objectRef<{ campaignId: string }>("CampaignPayload").implement({
  fields: (t) => ({
    campaign: t.prismaField({
      type: CampaignRef,
      resolve: (query, payload, _args, ctx) => ctx.db.campaign.findUniqueOrThrow({ ...query, where: { id: payload.campaignId } }),
    }),
  }),
});

builder.mutationField("createCampaign", (t) =>
  t.field({
    extensions: MODEL_BACKED,
    type: CampaignPayload,
    description:
      "Plans a campaign from a brief with the language model and stores it as version 1. Nothing is written if the model fails (LLM_UNAVAILABLE).",
    args: { input: t.arg({ type: CreateCampaignInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const checked = checkBrief(input);
      if (!checked.ok) throw badUserInput(checked.field, checked.rule);
      return { campaignId: await createCampaign(ctx, checked.brief) };
    },
  }),
);
