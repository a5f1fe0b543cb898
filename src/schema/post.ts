import { DEFAULT_AB_DIMENSION } from "../domain/content.js";
import { byCounter } from "../domain/metrics.js";
import { storedTrigger, type Trigger, type TriggerColumns } from "../domain/trigger.js";
import { mediaUrl } from "../media/media-store.js";
import { requireCampaign, requireVersion } from "../services/campaigns.js";
import { builder } from "./builder.js";
import {
  AbDimensionEnum,
  ComparisonEnum,
  ContentStatusEnum,
  MetricEnum,
  PlatformEnum,
  PostStatusEnum,
  VariantLabelEnum,
} from "./enums.js";

const activeLinks = { where: { archivedInVersion: null } };

export const VariantMetricsRef = builder.prismaObject("VariantMetrics", {
  fields: (t) => ({
    label: t.expose("label", { type: VariantLabelEnum }),
    ...byCounter((counter) => t.exposeInt(counter)),
  }),
});

/**
 * A post seen as its metrics: a variant of the Post model, so each field of PostMetrics declares
 * what it reads of the post (see metrics.ts) and any of them works on its own.
 */
export const PostMetricsRef = builder.prismaObject("Post", {
  variant: "PostMetrics",
  description: "Latest counters per variant.",
  select: { id: true },
  fields: (t) => ({ variants: t.relation("metrics", { query: { orderBy: { label: "asc" } } }) }),
});

/** A trigger as the API shows it: the rule, and when it fired (null until then). */
type TriggerShape = Trigger & { firedAt: Date | null };

/** What a post's trigger reads of the post: its trigger columns. */
export const TRIGGER_COLUMNS = {
  triggerMetric: true,
  triggerComparison: true,
  triggerValue: true,
  triggerDurationSeconds: true,
  triggerAction: true,
  triggerFiredAt: true,
} as const;

/** The post's trigger as the API shows it, or null if it has none. */
export function triggerOfPost(post: TriggerColumns & { triggerFiredAt: Date | null }): TriggerShape | null {
  const trigger = storedTrigger(post);
  return trigger && { ...trigger, firedAt: post.triggerFiredAt };
}

export const TriggerRef = builder.objectRef<TriggerShape>("Trigger").implement({
  description: "A plain-language rule evaluated after publication, as the model parsed it.",
  fields: (t) => ({
    metric: t.expose("metric", { type: MetricEnum }),
    comparison: t.expose("comparison", { type: ComparisonEnum }),
    value: t.exposeInt("value"),
    durationSeconds: t.exposeInt("durationSeconds", {
      description: "Seconds after publication at which the condition is evaluated.",
    }),
    action: t.exposeString("action", { description: "What to do when it fires, in the user's words." }),
    firedAt: t.expose("firedAt", { type: "DateTime", nullable: true }),
  }),
});

export const ContentVariantRef = builder.prismaObject("ContentVariant", {
  fields: (t) => ({
    id: t.exposeID("id"),
    label: t.expose("label", { type: VariantLabelEnum }),
    generation: t.exposeInt("generation", {
      description: "1 for the first generation; +1 each time the post's copy is regenerated.",
    }),
    text: t.exposeString("text"),
    mediaUrl: t.string({
      nullable: true,
      select: { mediaPath: true },
      resolve: (v) => mediaUrl(v.mediaPath),
    }),
    mediaCaption: t.exposeString("mediaCaption", { nullable: true }),
    abDimension: t.field({
      type: AbDimensionEnum,
      description: "What A and B of this generation differ in on purpose (TONE for copy written before it was recorded).",
      select: { abDimension: true },
      resolve: (v) => v.abDimension ?? DEFAULT_AB_DIMENSION,
    }),
    approach: t.exposeString("approach", {
      nullable: true,
      description: 'What this variant tries on that dimension, e.g. "a question as the hook".',
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

export const PostRef = builder.prismaObject("Post", {
  description: "One planned post of a campaign: a node of the strategy graph.",
  // Only the columns a query asks for are read (each field declares its own): a post row is wide
  // (copy, feedback, trigger), and reading it whole for `{ id title }` doubled the read path's cost.
  select: { id: true },
  fields: (t) => ({
    id: t.exposeID("id"),
    campaign: t.relation("campaign"),
    phase: t.exposeInt("phase", { description: "1-based phase number." }),
    position: t.exposeInt("position", { description: "0-based order of the post within its phase." }),
    title: t.exposeString("title"),
    description: t.exposeString("description"),
    platform: t.expose("platform", { type: PlatformEnum }),
    status: t.expose("status", { type: PostStatusEnum }),
    version: t.exposeInt("version", { description: "The strategy version in which this post was created." }),
    isActive: t.exposeBoolean("isActive", {
      description: "False once a regeneration or restore archived it (soft delete; the row is kept).",
    }),
    archivedInVersion: t.exposeInt("archivedInVersion", {
      nullable: true,
      description: "The version whose creation archived this post; null while active.",
    }),
    contentStatus: t.expose("contentStatus", { type: ContentStatusEnum }),
    contentError: t.exposeString("contentError", {
      nullable: true,
      description: "Why content generation gave up (contentStatus FAILED); null otherwise.",
    }),
    variants: t.relation("variants", {
      description: "Latest generation of each label first; older generations follow.",
      query: { orderBy: [{ generation: "desc" }, { label: "asc" }] },
    }),
    selectedVariant: t.expose("selectedVariant", { type: VariantLabelEnum, nullable: true }),
    metrics: t.variant(PostMetricsRef),
    trigger: t.field({
      type: TriggerRef,
      nullable: true,
      select: TRIGGER_COLUMNS,
      resolve: triggerOfPost,
    }),
    feedback: t.exposeString("feedback", {
      nullable: true,
      description: "The reviewer's words from rejectPost; null if never rejected.",
    }),
    publishedAt: t.expose("publishedAt", {
      type: "DateTime",
      nullable: true,
      description:
        "When the current copy was published: set exactly while PUBLISHED. New copy sends the post back to DRAFT and clears it; publications keep their own times.",
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

// Fields returning the type they belong to are defined here (TS7022 otherwise).
builder.prismaObjectFields(PostRef, (t) => ({
  next: t.field({
    type: [PostRef],
    description: "Posts this one leads to, within the current strategy.",
    select: (_args, _ctx, nestedSelection) => ({
      outgoing: { ...activeLinks, select: { to: nestedSelection(true) } },
    }),
    resolve: (post) => post.outgoing.map((link) => link.to),
  }),
  previous: t.field({
    type: [PostRef],
    description: "Posts leading into this one, within the current strategy.",
    select: (_args, _ctx, nestedSelection) => ({
      incoming: { ...activeLinks, select: { from: nestedSelection(true) } },
    }),
    resolve: (post) => post.incoming.map((link) => link.from),
  }),
}));

export const PostLinkRef = builder.prismaObject("PostLink", {
  description: "A directed connection: 'from' leads into 'to' (a later phase).",
  fields: (t) => ({
    from: t.relation("from"),
    to: t.relation("to"),
  }),
});

builder.queryField("postsByCampaign", (t) =>
  t.prismaField({
    type: [PostRef],
    description: [
      "Posts of a campaign, ordered by phase then position.",
      "activeOnly (default true): only posts that are active now.",
      "version: only posts created in that strategy version (Post.version == version).",
      "Both filters combine. Unknown campaign: NOT_FOUND. version < 1 or > currentVersion: BAD_USER_INPUT.",
    ].join("\n"),
    args: {
      campaignId: t.arg.id({ required: true }),
      activeOnly: t.arg.boolean({ defaultValue: true }),
      version: t.arg.int(),
    },
    resolve: async (query, _root, args, ctx) => {
      const campaign = await requireCampaign(ctx, args.campaignId);
      const version = args.version ?? undefined;
      if (version !== undefined) requireVersion("version", version, campaign.currentVersion);
      return ctx.db.post.findMany({
        ...query,
        where: {
          campaignId: campaign.id,
          ...(args.activeOnly === false ? {} : { isActive: true }),
          ...(version ? { version } : {}),
        },
        orderBy: [{ phase: "asc" }, { position: "asc" }],
      });
    },
  }),
);

builder.queryField("post", (t) =>
  t.prismaField({
    type: PostRef,
    nullable: true,
    description: "The post with this id (active or archived), or null if there is none.",
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      ctx.db.post.findFirst({ ...query, where: { id: String(args.id), campaign: { workspaceId: ctx.workspaceId } } }),
  }),
);
