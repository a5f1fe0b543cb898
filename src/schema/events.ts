import { type GraphQLResolveInfo, Kind } from "graphql";
import { filter } from "graphql-yoga";
import { campaignEventStream } from "../events/campaign-stream.js";
import type { CampaignEvent, EventOf } from "../events/types.js";
import type { Post } from "../generated/prisma/client.js";
import { requireCampaign } from "../services/campaigns.js";
import { builder } from "./builder.js";
import type { Context } from "./context.js";
import { VersionKindEnum } from "./enums.js";
import { ContentVariantRef, PostRef, TriggerRef } from "./post.js";

const SEQUENCE = {
  description:
    "Position in the campaign's event log (1, 2, 3… in commit order); give the last one seen as afterSequence to resume.",
};

/** Whether a field asks for nothing but `id` (and `__typename`), as the canvas's event stream does. */
const selectsOnlyId = (info: GraphQLResolveInfo) =>
  info.fieldNodes.every((node) =>
    node.selectionSet?.selections.every(
      (s) => s.kind === Kind.FIELD && (s.name.value === "id" || s.name.value === "__typename") && !s.directives?.length,
    ),
  );

/**
 * An event's post: its id needs no read (posts are never deleted); anything more is read as the
 * selection needs it (a post is read column by column, see PostRef). An event is executed once per
 * subscription document for all its subscribers (src/plugins/shared-event-execution.ts), so this runs once
 * per event and document, not once per subscriber.
 */
function eventPost(e: { postId: string }, query: object, ctx: Context, info: GraphQLResolveInfo): Post | Promise<Post> {
  if (!selectsOnlyId(info)) return ctx.db.post.findUniqueOrThrow({ ...query, where: { id: e.postId } });
  void { ...query }; // Pothos checks that a prismaField read its query; `id` needs no database read
  return { id: e.postId } as Post;
}

/**
 * What every event has. An interface rather than a union, so `{ sequence }` needs no fragment;
 * the event types keep their names, and `... on PostCreatedEvent` works as before.
 */
const CampaignEventRef = builder.interfaceRef<CampaignEvent>("CampaignEvent").implement({
  description: "Events of one campaign, in commit order.",
  resolveType: (event): string => `${event.type}Event`,
  fields: (t) => ({
    campaignId: t.exposeID("campaignId"),
    sequence: t.exposeInt("sequence", SEQUENCE),
    version: t.exposeInt("version", { description: "The campaign's version once this event was committed." }),
    occurredAt: t.field({
      type: "DateTime",
      description: "When the change was committed.",
      resolve: (event) => new Date(event.occurredAt),
    }),
  }),
});

builder.objectRef<EventOf<"PostCreated">>("PostCreatedEvent").implement({
  interfaces: [CampaignEventRef],
  description: "A post was created (by a plan, a regeneration or a restore).",
  fields: (t) => ({
    post: t.prismaField({ type: PostRef, resolve: (q, e, _a, ctx, info) => eventPost(e, q, ctx, info) }),
  }),
});

builder.objectRef<EventOf<"PostUpdated">>("PostUpdatedEvent").implement({
  interfaces: [CampaignEventRef],
  description: "A post changed: its status or content status (GENERATING, FAILED with contentError), …",
  fields: (t) => ({
    post: t.prismaField({ type: PostRef, resolve: (q, e, _a, ctx, info) => eventPost(e, q, ctx, info) }),
  }),
});

builder.objectRef<EventOf<"ContentReady">>("ContentReadyEvent").implement({
  interfaces: [CampaignEventRef],
  description: "A post's A/B content (text and media) finished generating.",
  fields: (t) => ({
    generation: t.exposeInt("generation", { description: "Which generation of the post's copy finished." }),
    post: t.prismaField({ type: PostRef, resolve: (q, e, _a, ctx, info) => eventPost(e, q, ctx, info) }),
    variants: t.prismaField({
      type: [ContentVariantRef],
      description: "The generation that just finished, A then B.",
      resolve: (q, e, _a, ctx) =>
        ctx.db.contentVariant.findMany({
          ...q,
          where: { postId: e.postId, generation: e.generation },
          orderBy: { label: "asc" },
        }),
    }),
  }),
});

builder.objectRef<EventOf<"TriggerFired">>("TriggerFiredEvent").implement({
  interfaces: [CampaignEventRef],
  fields: (t) => ({
    post: t.prismaField({ type: PostRef, resolve: (q, e, _a, ctx, info) => eventPost(e, q, ctx, info) }),
    trigger: t.field({
      type: TriggerRef,
      description: "The trigger as it was when it fired (the post's may have been cleared or replaced since).",
      resolve: (e) => {
        // Only an event logged before events recorded their trigger, whose post's trigger changed
        // before the migration could copy it, has none (see CampaignEventData): masked as internal.
        if (!e.trigger || !e.firedAt) throw new Error(`TriggerFired event ${e.sequence} does not record its trigger`);
        return { ...e.trigger, firedAt: new Date(e.firedAt) };
      },
    }),
  }),
});

builder.objectRef<EventOf<"StrategyRegenerated">>("StrategyRegeneratedEvent").implement({
  interfaces: [CampaignEventRef],
  description: "A regeneration, or a restore (which replaces every phase), created a new version.",
  fields: (t) => ({
    kind: t.expose("kind", { type: VersionKindEnum }),
    fromPhase: t.exposeInt("fromPhase"),
    archivedPostIds: t.exposeIDList("archivedPostIds"),
  }),
});

builder.subscriptionFields((t) => ({
  campaignEvents: t.field({
    type: CampaignEventRef,
    description:
      "Events of a campaign, over graphql-ws (WebSocket, path /graphql) and SSE. With afterSequence: first every logged event after it (what a reconnecting client missed), then live ones; each once, in commit order.",
    args: { campaignId: t.arg.id({ required: true }), afterSequence: t.arg.int() },
    subscribe: async (_root, args, ctx) => {
      const campaign = await requireCampaign(ctx, args.campaignId);
      return campaignEventStream(ctx.db, ctx.events, campaign.id, args.afterSequence ?? undefined);
    },
    resolve: (event) => event as never,
  }),
  postCreated: t.prismaField({
    type: PostRef,
    description: "Only newly created posts of the campaign.",
    args: { campaignId: t.arg.id({ required: true }) },
    subscribe: async (_root, args, ctx) => {
      const campaign = await requireCampaign(ctx, args.campaignId);
      return filter((event: CampaignEvent) => event.type === "PostCreated")(campaignEventStream(ctx.db, ctx.events, campaign.id));
    },
    resolve: (query, event, _args, ctx) =>
      ctx.db.post.findUniqueOrThrow({ ...query, where: { id: (event as unknown as EventOf<"PostCreated">).postId } }),
  }),
  contentReady: t.prismaField({
    type: PostRef,
    description: "A post whose A/B content (text and media) has finished generating.",
    args: { campaignId: t.arg.id({ required: true }) },
    subscribe: async (_root, args, ctx) => {
      const campaign = await requireCampaign(ctx, args.campaignId);
      return filter((event: CampaignEvent) => event.type === "ContentReady")(
        campaignEventStream(ctx.db, ctx.events, campaign.id),
      );
    },
    resolve: (query, event, _args, ctx) =>
      ctx.db.post.findUniqueOrThrow({ ...query, where: { id: (event as unknown as EventOf<"ContentReady">).postId } }),
  }),
}));
