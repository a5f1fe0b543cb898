import { builder } from "./builder.js";
import { CampaignStatusEnum, VersionKindEnum } from "./enums.js";

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
    resolve: (query, _root, args, ctx) => ctx.db.campaign.findUnique({ ...query, where: { id: args.id } }),
  }),
  campaigns: t.prismaField({
    type: [CampaignRef],
    description: "Every campaign, newest first.",
    resolve: (query, _root, _args, ctx) =>
      ctx.db.campaign.findMany({ ...query, orderBy: [{ createdAt: "desc" }, { id: "asc" }] }),
  }),
}));
