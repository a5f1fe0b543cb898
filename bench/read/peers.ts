// What the peers serve: hand-written SDL for just the types READ_QUERY needs, and resolvers over the
// same Prisma client as Phasewise. Written as a competent user would: the same campaign check as
// Phasewise (workspace scope, NOT_FOUND), then ONE post.findMany with a nested select that fetches
// the whole shape the page needs (links → next posts, variants, metrics), like the Pothos Prisma
// plugin does from the selection set. No DataLoader: the nested resolvers only reshape what that
// query returned. The raw node:http floor (server.ts) calls the same loadPosts and serialises it.
import { LOCAL_WORKSPACE_ID } from "../../src/auth/workspaces.js";
import type { Db } from "../../src/db/client.js";
import type { Prisma } from "../../src/generated/prisma/client.js";
import { requireCampaign } from "../../src/services/campaigns.js";

export const typeDefs = /* GraphQL */ `
  enum Platform { X LINKEDIN INSTAGRAM PRODUCT_HUNT BLOG }
  enum PostStatus { DRAFT APPROVED PUBLISHED REJECTED }
  enum VariantLabel { A B }

  type ContentVariant { label: VariantLabel! generation: Int! text: String! }
  type VariantMetrics { label: VariantLabel! likes: Int! retweets: Int! impressions: Int! comments: Int! }
  type MetricTotals { likes: Int! retweets: Int! impressions: Int! comments: Int! }
  type PostMetrics { variants: [VariantMetrics!]! totals: MetricTotals! }

  type Post {
    id: ID!
    title: String!
    phase: Int!
    position: Int!
    platform: Platform!
    status: PostStatus!
    selectedVariant: VariantLabel
    next: [Post!]!
    variants: [ContentVariant!]!
    metrics: PostMetrics!
  }

  type Query {
    postsByCampaign(campaignId: ID!): [Post!]!
  }
`;

const postSelect = {
  id: true,
  title: true,
  phase: true,
  position: true,
  platform: true,
  status: true,
  selectedVariant: true,
  outgoing: { where: { archivedInVersion: null }, select: { to: { select: { id: true, title: true } } } },
  variants: { orderBy: [{ generation: "desc" }, { label: "asc" }], select: { label: true, generation: true, text: true } },
  metrics: {
    orderBy: { label: "asc" },
    select: { label: true, likes: true, retweets: true, impressions: true, comments: true },
  },
} satisfies Prisma.PostSelect;

export type LoadedPost = Prisma.PostGetPayload<{ select: typeof postSelect }>;
type Metrics = LoadedPost["metrics"];

/** The active posts of a campaign in phase/position order, with everything the query shows. */
export async function loadPosts(db: Db, campaignId: string): Promise<LoadedPost[]> {
  const campaign = await requireCampaign({ db, workspaceId: LOCAL_WORKSPACE_ID }, campaignId);
  return db.post.findMany({
    where: { campaignId: campaign.id, isActive: true },
    orderBy: [{ phase: "asc" }, { position: "asc" }],
    select: postSelect,
  });
}

const totals = (variants: Metrics) => {
  const sum = { likes: 0, retweets: 0, impressions: 0, comments: 0 };
  for (const v of variants) {
    sum.likes += v.likes;
    sum.retweets += v.retweets;
    sum.impressions += v.impressions;
    sum.comments += v.comments;
  }
  return sum;
};

/** Resolvers for Apollo Server and Mercurius (fields not listed use the default resolver). */
export const resolversFor = (db: Db) => ({
  Query: {
    postsByCampaign: (_root: unknown, args: { campaignId: string }) => loadPosts(db, args.campaignId),
  },
  Post: {
    next: (post: LoadedPost) => post.outgoing.map((link) => link.to),
    metrics: (post: LoadedPost) => ({ variants: post.metrics }),
  },
  PostMetrics: {
    totals: (metrics: { variants: Metrics }) => totals(metrics.variants),
  },
});

/** The raw floor: the same object a GraphQL server would build for READ_QUERY, key for key. */
export const asQueryResult = (posts: LoadedPost[]) => ({
  data: {
    postsByCampaign: posts.map((p) => ({
      id: p.id,
      title: p.title,
      phase: p.phase,
      position: p.position,
      platform: p.platform,
      status: p.status,
      selectedVariant: p.selectedVariant,
      next: p.outgoing.map(({ to }) => ({ id: to.id, title: to.title })),
      variants: p.variants.map((v) => ({ label: v.label, generation: v.generation, text: v.text })),
      metrics: {
        variants: p.metrics.map((m) => ({
          label: m.label,
          likes: m.likes,
          retweets: m.retweets,
          impressions: m.impressions,
          comments: m.comments,
        })),
        totals: totals(p.metrics),
      },
    })),
  },
});
