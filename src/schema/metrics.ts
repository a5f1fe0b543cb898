import type { Db } from "../db/client.js";
import { byCounter, COUNTERS, type Metric, type MetricCounts, metricOf } from "../domain/metrics.js";
import type { Prisma } from "../generated/prisma/client.js";
import { builder } from "./builder.js";
import { CampaignRef } from "./campaign.js";
import { MetricEnum, VariantLabelEnum } from "./enums.js";
import { PostMetricsRef } from "./post.js";
import { PhaseRef } from "./strategy.js";

// Metrics read side: totals per phase and per campaign, and A against B per post.

const MetricTotalsRef = builder.objectRef<MetricCounts>("MetricTotals").implement({
  description: "Counters summed over every variant of the posts concerned.",
  fields: (t) => byCounter((counter) => t.exposeInt(counter)),
});

interface Comparison {
  metric: Metric;
  a: number;
  b: number;
}

const VariantComparisonRef = builder.objectRef<Comparison>("VariantComparison").implement({
  description: "One counter of variant A against variant B (0 where a variant has no metrics yet).",
  fields: (t) => ({
    metric: t.expose("metric", { type: MetricEnum }),
    a: t.exposeInt("a"),
    b: t.exposeInt("b"),
    leader: t.field({
      type: VariantLabelEnum,
      nullable: true,
      description: "The variant ahead on this counter; null when they are level.",
      resolve: (c) => (c.a === c.b ? null : c.a > c.b ? "A" : "B"),
    }),
  }),
});

async function sum(db: Db, where: Prisma.VariantMetricsWhereInput): Promise<MetricCounts> {
  const { _sum } = await db.variantMetrics.aggregate({ where, _sum: byCounter(() => true as const) });
  return byCounter((counter) => _sum[counter] ?? 0);
}

// What comparison and totals read of the post: every counter of each variant, ordered as
// PostMetrics.variants orders them, so that selecting several of these fields loads the relation once.
const VARIANT_COUNTERS = {
  metrics: {
    orderBy: { label: "asc" },
    select: { label: true, ...byCounter(() => true as const) },
  },
} as const;

builder.prismaObjectFields(PostMetricsRef, (t) => ({
  comparison: t.field({
    type: [VariantComparisonRef],
    description: "A against B, counter by counter.",
    select: VARIANT_COUNTERS,
    resolve: ({ metrics }) => {
      const of = (label: "A" | "B") => metrics.find((v) => v.label === label);
      return COUNTERS.map((name) => ({ metric: metricOf(name), a: of("A")?.[name] ?? 0, b: of("B")?.[name] ?? 0 }));
    },
  }),
  totals: t.field({
    type: MetricTotalsRef,
    description: "Both variants together.",
    select: VARIANT_COUNTERS,
    resolve: ({ metrics }) => byCounter((name) => metrics.reduce((n, v) => n + v[name], 0)),
  }),
}));

builder.objectFields(PhaseRef, (t) => ({
  metrics: t.field({
    type: MetricTotalsRef,
    description: "Totals of the phase's posts in this version of the strategy.",
    resolve: (phase, _args, ctx) => sum(ctx.db, { postId: { in: phase.posts.map((p) => p.id) } }),
  }),
}));

builder.prismaObjectField(CampaignRef, "metrics", (t) =>
  t.field({
    type: MetricTotalsRef,
    description: "Totals of the posts of the current strategy.",
    select: { id: true },
    resolve: (campaign, _args, ctx) => sum(ctx.db, { post: { campaignId: campaign.id, isActive: true } }),
  }),
);
