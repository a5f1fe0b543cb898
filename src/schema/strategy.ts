import { queryFromInfo } from "@pothos/plugin-prisma";
import type { Db } from "../db/client.js";
import { requireCampaign, requireVersion } from "../services/campaigns.js";
import {
  compareSnapshots,
  loadSnapshot,
  type StrategySnapshot,
  snapshotMermaid,
  type VersionComparison,
} from "../services/snapshots.js";
import { builder } from "./builder.js";
import { CampaignRef } from "./campaign.js";
import { PostLinkRef, PostRef } from "./post.js";

type PostQuery = { include?: object; select?: object };

/** Rows by id, in the order of `ids` (one statement). */
export async function postsInOrder(db: Db, query: PostQuery, ids: string[]) {
  const rows = await db.post.findMany({ ...query, where: { id: { in: ids } } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

async function linksInOrder(db: Db, query: PostQuery, ids: string[]) {
  const rows = await db.postLink.findMany({ ...query, where: { id: { in: ids } } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

type PhaseShape = { number: number; name: string; posts: Awaited<ReturnType<typeof postsInOrder>> };

export const PhaseRef = builder.objectRef<PhaseShape>("Phase").implement({
  fields: (t) => ({
    number: t.exposeInt("number"),
    name: t.exposeString("name"),
    posts: t.field({ type: [PostRef], resolve: (phase) => phase.posts }),
  }),
});

const StrategyRef = builder.objectRef<StrategySnapshot>("Strategy").implement({
  description: "The strategy graph as it stood at one version.",
  fields: (t) => ({
    version: t.exposeInt("version"),
    phases: t.field({
      type: [PhaseRef],
      // One statement for the posts of every phase, with what the query selects under phases.posts.
      resolve: async (s, _args, ctx, info) => {
        const query = queryFromInfo({ context: ctx, info, path: ["posts"], typeName: "Post" });
        const posts = await postsInOrder(ctx.db, query, s.postIds);
        const byId = new Map(posts.map((p) => [p.id, p]));
        return s.phases.map((p) => ({ number: p.number, name: p.name, posts: p.posts.flatMap(({ id }) => byId.get(id) ?? []) }));
      },
    }),
    posts: t.prismaField({
      type: [PostRef],
      resolve: (query, s, _args, ctx) => postsInOrder(ctx.db, query, s.postIds),
    }),
    links: t.prismaField({
      type: [PostLinkRef],
      resolve: (query, s, _args, ctx) =>
        linksInOrder(
          ctx.db,
          query,
          s.links.map((l) => l.id),
        ),
    }),
    mermaid: t.string({
      description: "The same graph as a Mermaid flowchart (graph TB, one subgraph per phase).",
      resolve: snapshotMermaid,
    }),
  }),
});

builder.prismaObjectField(CampaignRef, "strategy", (t) =>
  t.field({
    type: StrategyRef,
    description: "The strategy graph exactly as it stood at that version (default: current).",
    args: { version: t.arg.int() },
    select: { id: true, currentVersion: true },
    resolve: (campaign, args, ctx) => {
      const version = args.version ?? campaign.currentVersion;
      requireVersion("version", version, campaign.currentVersion);
      return loadSnapshot(ctx.db, campaign.id, version);
    },
  }),
);

const VersionDiffRef = builder.objectRef<VersionComparison & { campaignId: string }>("VersionDiff").implement({
  description: "What changed between two versions. Restored posts are new rows, so they count as added.",
  fields: (t) => ({
    from: t.exposeInt("from"),
    to: t.exposeInt("to"),
    addedPosts: t.prismaField({ type: [PostRef], resolve: (q, d, _a, ctx) => postsInOrder(ctx.db, q, d.addedPostIds) }),
    removedPosts: t.prismaField({ type: [PostRef], resolve: (q, d, _a, ctx) => postsInOrder(ctx.db, q, d.removedPostIds) }),
    keptPosts: t.prismaField({ type: [PostRef], resolve: (q, d, _a, ctx) => postsInOrder(ctx.db, q, d.keptPostIds) }),
    addedLinks: t.prismaField({ type: [PostLinkRef], resolve: (q, d, _a, ctx) => linksInOrder(ctx.db, q, d.addedLinkIds) }),
    removedLinks: t.prismaField({
      type: [PostLinkRef],
      resolve: (q, d, _a, ctx) => linksInOrder(ctx.db, q, d.removedLinkIds),
    }),
  }),
});

builder.queryField("compareVersions", (t) =>
  t.field({
    type: VersionDiffRef,
    description: "Posts and links added, removed and kept between two versions of a campaign.",
    args: {
      campaignId: t.arg.id({ required: true }),
      from: t.arg.int({ required: true }),
      to: t.arg.int({ required: true }),
    },
    resolve: async (_root, args, ctx) => {
      const campaign = await requireCampaign(ctx, args.campaignId);
      requireVersion("from", args.from, campaign.currentVersion);
      requireVersion("to", args.to, campaign.currentVersion);
      return { campaignId: campaign.id, ...(await compareSnapshots(ctx.db, campaign.id, args.from, args.to)) };
    },
  }),
);
