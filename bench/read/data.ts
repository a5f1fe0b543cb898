// The read benchmark's data and query, shared by bench/read.ts and the servers under test.
import { tmpdir } from "node:os";
import { createMediaMaker } from "../../src/ai/media-maker.js";
import { createChatModel } from "../../src/ai/models.js";
import { createServices } from "../../src/app.js";
import type { Db } from "../../src/db/client.js";
import { createEventBus } from "../../src/events/pubsub.js";
import { fixtureId, writeSampleCampaign } from "../../src/fixtures/sample-history.js";
import type { Services } from "../../src/services/services.js";

/** The servers compared by default, and the Yoga variants `--explore` adds (see server.ts). */
export const PEERS = ["phasewise", "phasewise-uncached", "apollo", "mercurius", "raw"] as const;
export const EXPLORE = ["yoga-app", "yoga-bare", "yoga-bare-limits", "yoga-bare-jit"] as const;
export type ServerKind = (typeof PEERS)[number] | (typeof EXPLORE)[number];

/** postsByCampaign with nested `next`, the selected variant, the copy and the metrics (totals computed). */
export const READ_QUERY = `query ReadPath($id: ID!) {
  postsByCampaign(campaignId: $id) {
    id title phase position platform status selectedVariant
    next { id title }
    variants { label generation text }
    metrics {
      variants { label likes retweets impressions comments }
      totals { likes retweets impressions comments }
    }
  }
}`;

export interface ReadCampaignOptions {
  key: string;
  phases: number;
  postsPerPhase: number;
  /** Only version 1 (no regeneration, no restore): N = phases × postsPerPhase posts in all. */
  initialOnly?: boolean;
}

/**
 * The sample campaign (src/fixtures/sample-history.ts: 3 versions of history unless initialOnly)
 * with every active post published, a selected variant (A and B in turn) and metrics for both
 * variants, so that the query returns non-null selected variants and non-empty metrics.
 */
export async function writeReadCampaign(db: Db, options: ReadCampaignOptions): Promise<string> {
  const { campaignId } = await writeSampleCampaign(db, options);
  const active = await db.post.findMany({
    where: { campaignId, isActive: true },
    select: { id: true, position: true, phase: true },
    orderBy: [{ phase: "asc" }, { position: "asc" }],
  });
  const even = active.filter((_, i) => i % 2 === 0).map((p) => p.id);
  const odd = active.filter((_, i) => i % 2 === 1).map((p) => p.id);
  const publishedAt = new Date(Date.UTC(2026, 1, 2));
  await db.$transaction([
    db.post.updateMany({ where: { id: { in: even } }, data: { status: "PUBLISHED", publishedAt, selectedVariant: "A" } }),
    db.post.updateMany({ where: { id: { in: odd } }, data: { status: "PUBLISHED", publishedAt, selectedVariant: "B" } }),
    db.variantMetrics.deleteMany({ where: { postId: { in: active.map((p) => p.id) } } }),
    db.variantMetrics.createMany({
      data: active.flatMap((p, i) =>
        (["A", "B"] as const).map((label, j) => ({
          id: fixtureId(options.key, "bench-metrics", p.id, label),
          postId: p.id,
          label,
          likes: 30 + ((7 * i + 13 * j) % 90),
          retweets: 2 + ((3 * i + j) % 17),
          impressions: 900 + 37 * i + 100 * j,
          comments: (5 * i + 3 * j) % 23,
        })),
      ),
    }),
  ]);
  return campaignId;
}

/** The services the app's GraphQL server reads with; nothing is queued by a read. */
export const servicesFor = (db: Db): Services =>
  createServices({
    db,
    jobs: { enqueue: async () => {}, scheduleTriggerCheck: async () => {} },
    events: createEventBus().pubsub,
    logger: { debug() {}, info() {}, warn() {}, error: console.error },
    llm: createChatModel({ kind: "offline" }),
    media: createMediaMaker({ kind: "offline" }),
    mediaDir: tmpdir(),
  });
