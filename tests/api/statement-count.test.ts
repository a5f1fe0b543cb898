import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeSampleCampaign } from "../../src/fixtures/sample-history.js";
import { graphql } from "../generated/gql.js";
import { createTestApi } from "../helpers/api.js";
import { openTestDatabase, type TestDatabase } from "../helpers/database.js";

// A nested read costs a fixed number of SQL statements, whatever the number of posts (no N+1).
let t: TestDatabase;
let api: ReturnType<typeof createTestApi>;
let small: string;
let large: string;

beforeAll(async () => {
  t = await openTestDatabase();
  api = createTestApi(t);
  small = (await writeSampleCampaign(t.db, { key: "ten", phases: 2, postsPerPhase: 5, initialOnly: true })).campaignId;
  large = (await writeSampleCampaign(t.db, { key: "hundred", phases: 10, postsPerPhase: 10, initialOnly: true })).campaignId;
});
afterAll(() => t?.close());

const NestedPosts = graphql(`
  query NestedPosts($id: ID!) {
    postsByCampaign(campaignId: $id) {
      id title
      next { id title next { id } variants { label text } }
      previous { id }
      variants { label generation text mediaUrl }
      metrics { variants { label likes impressions } }
      campaign { id name }
    }
  }
`);

const NestedStrategy = graphql(`
  query NestedStrategy($id: ID!) {
    campaign(id: $id) {
      versions { number }
      strategy {
        phases { name posts { id next { id } variants { label } } }
        posts { id metrics { variants { likes } } }
        links { from { id } to { id } }
        mermaid
      }
    }
  }
`);

const PostMetricsVariants = graphql(`
  query PostMetricsVariants($id: ID!) { post(id: $id) { metrics { variants { label likes } } } }
`);
const PostMetricsTotals = graphql(`
  query PostMetricsTotals($id: ID!) { post(id: $id) { metrics { totals { likes } } } }
`);
const PostMetricsEverything = graphql(`
  query PostMetricsEverything($id: ID!) {
    post(id: $id) { metrics { variants { label likes } comparison { metric a b leader } totals { likes comments } } }
  }
`);

async function countStatements<T, V>(document: Parameters<typeof api.data<T, V>>[0], variables: V) {
  t.statements.length = 0;
  const data = await api.data(document, variables);
  return { data, count: t.statements.length };
}

describe("SQL statements per request", () => {
  it("postsByCampaign with nested next, variants and metrics costs the same for 10 and 100 posts", async () => {
    const ten = await countStatements(NestedPosts, { id: small });
    const hundred = await countStatements(NestedPosts, { id: large });
    expect(ten.data.postsByCampaign).toHaveLength(10);
    expect(hundred.data.postsByCampaign).toHaveLength(100);
    expect(hundred.data.postsByCampaign[0]?.next[0]?.variants).toHaveLength(2);
    expect(hundred.count).toBe(ten.count);
    console.info(`postsByCampaign: ${ten.count} statements for 10 posts, ${hundred.count} for 100 posts`);
  });

  it("a campaign's strategy with phases, posts and links costs the same for 10 and 100 posts", async () => {
    const ten = await countStatements(NestedStrategy, { id: small });
    const hundred = await countStatements(NestedStrategy, { id: large });
    expect(ten.data.campaign?.strategy.posts).toHaveLength(10);
    expect(hundred.data.campaign?.strategy.posts).toHaveLength(100);
    expect(hundred.count).toBe(ten.count);
    console.info(`strategy: ${ten.count} statements for 10 posts, ${hundred.count} for 100 posts`);
  });
});

describe("SQL statements per post", () => {
  it("reads a post's metrics once, whether variants, totals or all of PostMetrics is selected", async () => {
    const { postsByVersion } = await writeSampleCampaign(t.db, {
      key: "metrics",
      phases: 1,
      postsPerPhase: 2,
      initialOnly: true,
    });
    const id = postsByVersion.get(1)?.[0] as string;
    for (const [label, likes] of [
      ["A", 12],
      ["B", 3],
    ] as const) {
      const counters = { likes, retweets: 0, impressions: 10, comments: 1 };
      await t.db.variantMetrics.upsert({
        where: { postId_label: { postId: id, label } },
        create: { postId: id, label, ...counters },
        update: counters,
      });
    }
    const variants = await countStatements(PostMetricsVariants, { id });
    const totals = await countStatements(PostMetricsTotals, { id });
    const everything = await countStatements(PostMetricsEverything, { id });
    expect(everything.data.post?.metrics).toEqual({
      variants: [
        { label: "A", likes: 12 },
        { label: "B", likes: 3 },
      ],
      comparison: [
        { metric: "LIKES", a: 12, b: 3, leader: "A" },
        { metric: "RETWEETS", a: 0, b: 0, leader: null },
        { metric: "IMPRESSIONS", a: 10, b: 10, leader: null },
        { metric: "COMMENTS", a: 1, b: 1, leader: null },
      ],
      totals: { likes: 15, comments: 2 },
    });
    expect(totals.data.post?.metrics.totals).toEqual({ likes: 15 });
    expect([totals.count, everything.count]).toEqual([variants.count, variants.count]);
  });
});

describe("SQL statements per event", () => {
  /** `n` SSE subscriptions to the campaign's events in-process, each collecting what it receives. */
  async function subscribers(n: number, id: string, selection: string) {
    const received: string[][] = [];
    const readers = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        received[i] = [];
        const response = await api.yoga.fetch("http://phasewise.test/graphql", {
          method: "POST",
          headers: { "content-type": "application/json", accept: "text/event-stream" },
          body: JSON.stringify({
            query: `subscription($id: ID!) { campaignEvents(campaignId: $id) { __typename ... on PostUpdatedEvent { sequence post { ${selection} } } } }`,
            variables: { id },
          }),
        });
        const reader = (response.body as ReadableStream<Uint8Array>).getReader();
        (async () => {
          const decoder = new TextDecoder();
          for (;;) {
            const { value, done } = await reader.read();
            if (done) return;
            for (const line of decoder.decode(value).split("\n"))
              if (line.startsWith("data: ") && line.length > 7) received[i]?.push(line.slice(6));
          }
        })().catch(() => {});
        return reader;
      }),
    );
    return { received, close: () => Promise.all(readers.map((r) => r.cancel())) };
  }

  it.each([
    ["post { id title status }", 1, "id title status"],
    ["post { id } (the canvas's selection)", 0, "id"],
  ])(
    "one event to 20 subscribers selecting %s costs %i statement(s), whatever the number of subscribers",
    async (_name, expected, selection) => {
      const { campaignId, postsByVersion } = await writeSampleCampaign(t.db, {
        key: `events-${selection.length}`,
        initialOnly: true,
      });
      const postId = postsByVersion.get(1)?.[0] as string;
      const subscribed = await subscribers(20, campaignId, selection);
      const { lastEventSequence } = await t.db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
      await new Promise((resolve) => setTimeout(resolve, 200)); // every stream has read the campaign
      t.statements.length = 0;
      api.events.publish("campaign", campaignId, {
        type: "PostUpdated",
        postId,
        campaignId,
        sequence: lastEventSequence + 1,
        version: 1,
        occurredAt: new Date().toISOString(),
      });
      const end = Date.now() + 10_000;
      while (subscribed.received.some((r) => r.length === 0) && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      const statements = t.statements.length;
      await subscribed.close();
      for (const events of subscribed.received) {
        expect(events).toHaveLength(1);
        expect(JSON.parse(events[0] as string).data.campaignEvents.post.id).toBe(postId);
      }
      expect(statements).toBe(expected);
    },
  );
});
