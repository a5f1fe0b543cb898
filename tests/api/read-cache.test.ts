import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueToken, revokeToken } from "../../src/auth/accounts.js";
import { ConfigError, loadConfig } from "../../src/config.js";
import { createGraphQLServer } from "../../src/http/graphql-server.js";
import { createTestApi } from "../helpers/api.js";
import { openTestDatabase, type TestDatabase } from "../helpers/database.js";
import { until } from "../helpers/http.js";

// A repeated read of an unchanged campaign is answered from the read cache (src/plugins/read-cache.ts):
// one SQL statement instead of the whole query. Whatever changes the campaign — a mutation on this
// server or on another instance, a background job writing copy — the next read shows it, exactly
// as a server without the cache answers. Another workspace never gets the cached answer.

const READ = `query CachedRead($id: ID!, $activeOnly: Boolean) {
  postsByCampaign(campaignId: $id, activeOnly: $activeOnly) {
    id title status contentStatus selectedVariant isActive feedback
    next { id }
    variants { label generation text }
    metrics { variants { label likes } }
    trigger { metric value firedAt }
    campaign { status currentVersion lastEventSequence }
  }
}`;

let t: TestDatabase;
let api: ReturnType<typeof createTestApi>;
/** A second instance on the same database, with a cache of its own. */
let other: ReturnType<typeof createTestApi>;
/** The same server without the cache: what every answer must equal. */
let uncached: ReturnType<typeof createGraphQLServer>;
let campaignId: string;
let postIds: string[];

type Result = { data?: { postsByCampaign: Record<string, unknown>[] } | null; errors?: { extensions?: { code?: string } }[] };

async function post(yoga: ReturnType<typeof createGraphQLServer>, query: string, variables: object, token?: string) {
  const response = await yoga.fetch("http://phasewise.test/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Result;
}

/** Reads through the cache, counting statements; checks the answer equals the uncached server's. */
async function read(variables: object = { id: campaignId }) {
  t.statements.length = 0;
  const cached = await post(api.yoga, READ, variables);
  const statements = t.statements.length;
  expect(cached).toEqual(await post(uncached, READ, variables));
  return { result: cached, statements };
}

async function mutate(via: ReturnType<typeof createTestApi>, query: string, variables: object = {}) {
  const r = await via.request(query, variables);
  expect(r.errors).toBeUndefined();
}

const campaignStatus = async () => (await t.db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status;
/** Until the workers have written the copy every change queued (so that nothing changes while reading). */
const settled = (id = campaignId) =>
  until(
    async () =>
      (await t.db.post.count({ where: { campaignId: id, isActive: true, contentStatus: { in: ["PENDING", "GENERATING"] } } })) ===
      0,
  );

beforeAll(async () => {
  t = await openTestDatabase();
  api = createTestApi(t);
  other = createTestApi(t);
  uncached = createGraphQLServer({ ...api.services, readCacheBytes: 0 });
  const created = await api.request(
    `mutation { createCampaign(input: { name: "Janus launch", productDescription: "Janus – AI-powered GTM OS for technical founders", gtmGoals: "Launch product and acquire first 100 users in 4 weeks" }) { campaign { id strategy { posts { id } } } } }`,
  );
  const campaign = (created.data as { createCampaign: { campaign: { id: string; strategy: { posts: { id: string }[] } } } })
    .createCampaign.campaign;
  campaignId = campaign.id;
  postIds = campaign.strategy.posts.map((p) => p.id);
});
afterAll(() => t?.close());

describe("the read cache", () => {
  it("answers a repeated read of an unchanged campaign with one statement and the same data", async () => {
    const first = await read();
    expect(first.statements).toBeGreaterThan(1);
    const again = await read();
    expect(again.result).toEqual(first.result);
    expect(again.statements).toBe(1);
    // Other variables are another answer.
    const all = await read({ id: campaignId, activeOnly: false });
    expect(all.statements).toBeGreaterThan(1);
  });

  it("takes READ_CACHE_MB (default 64 MB; 0 turns it off; a negative size is refused)", () => {
    expect(loadConfig({}).readCacheBytes).toBe(64 * 1024 * 1024);
    expect(loadConfig({ READ_CACHE_MB: "0" }).readCacheBytes).toBe(0);
    expect(() => loadConfig({ READ_CACHE_MB: "-1" })).toThrow(ConfigError);
    expect(() => loadConfig({ READ_CACHE_MB: "lots" })).toThrow(/READ_CACHE_MB/);
  });

  it("is off with READ_CACHE_MB=0: every read executes the query", async () => {
    // Before any worker runs: only these reads send statements.
    t.statements.length = 0;
    await post(uncached, READ, { id: campaignId });
    const once = t.statements.length;
    t.statements.length = 0;
    await post(uncached, READ, { id: campaignId });
    expect(t.statements.length).toBe(once);
    expect(once).toBeGreaterThan(1);
  });

  it("shows copy written by the background worker once it is written", async () => {
    const before = await read();
    expect(before.result.data?.postsByCampaign.every((p) => p.contentStatus === "PENDING")).toBe(true);
    await read(); // cached while nothing changes
    await api.startWorkers();
    await until(async () => (await campaignStatus()) === "READY");
    const after = await read();
    expect(after.statements).toBeGreaterThan(1);
    expect(after.result.data?.postsByCampaign.every((p) => p.contentStatus === "READY")).toBe(true);
  });

  it("shows every change made through the API, on this instance or another", async () => {
    const [first, second, third] = postIds as [string, string, string];
    const changes: [ReturnType<typeof createTestApi>, string, object][] = [
      [api, `mutation($id: ID!) { selectVariant(input: { postId: $id, label: B }) { post { id } } }`, { id: first }],
      [other, `mutation($id: ID!) { approvePost(input: { postId: $id }) { post { id } } }`, { id: first }],
      [
        api,
        `mutation($id: ID!) { recordMetrics(input: { postId: $id, label: A, likes: 12, retweets: 1, impressions: 300, comments: 2 }) { post { id } } }`,
        { id: first },
      ],
      [
        other,
        `mutation($id: ID!) { rejectPost(input: { postId: $id, feedback: "Too salesy" }) { post { id } } }`,
        { id: second },
      ],
      [
        api,
        `mutation($id: ID!) { setTrigger(input: { postId: $id, text: "fewer than 5 likes within 1 hour, rewrite it" }) { post { id } } }`,
        { id: third },
      ],
      [other, `mutation($id: ID!) { clearTrigger(input: { postId: $id }) { post { id } } }`, { id: third }],
      [
        api,
        `mutation($id: ID!) { regenerateStrategy(input: { campaignId: $id, phaseNum: 2, newDirection: "developer-first" }) { version } }`,
        { id: campaignId },
      ],
      [
        other,
        `mutation($id: ID!) { restoreVersion(input: { campaignId: $id, version: 1 }) { campaign { id } } }`,
        { id: campaignId },
      ],
    ];
    let previous = (await read()).result;
    for (const [via, mutation, variables] of changes) {
      await read(); // the answer is cached before the change
      await mutate(via, mutation, variables);
      await settled();
      const after = await read();
      expect(after.result, mutation).not.toEqual(previous);
      previous = after.result;
    }
  });

  it("does not cache refusals, and never answers another workspace", async () => {
    const bad = { id: "00000000-0000-4000-8000-000000000000" };
    expect((await read(bad)).result.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect((await read(bad)).result.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");

    const tokens = createGraphQLServer({ ...api.services, authMode: "tokens" });
    const alice = await issueToken(t.db, { name: "alice", workspace: "Team A" });
    const bob = await issueToken(t.db, { name: "bob", workspace: "Team B" });
    const created = await post(
      tokens,
      `mutation { createCampaign(input: { name: "Team A launch", productDescription: "A product for teams", gtmGoals: "First 10 teams" }) { campaign { id } } }`,
      {},
      alice.token,
    );
    const id = (created.data as unknown as { createCampaign: { campaign: { id: string } } }).createCampaign.campaign.id;
    await settled(id); // the workers started above write its copy
    const owner = await post(tokens, READ, { id }, alice.token);
    expect(owner.data?.postsByCampaign.length).toBeGreaterThan(0);
    expect((await post(tokens, READ, { id }, alice.token)).data).toEqual(owner.data); // cached now
    expect((await post(tokens, READ, { id }, bob.token)).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    await revokeToken(t.db, alice.id);
    expect((await post(tokens, READ, { id }, alice.token)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});
