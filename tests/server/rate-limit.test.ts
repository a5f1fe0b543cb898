import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GraphQLObjectType, GraphQLSchema, parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STRATEGY_REGENERATION_TOOL } from "../../src/ai/schemas.js";
import { type App, buildApp } from "../../src/app.js";
import { issueToken } from "../../src/auth/accounts.js";
import { ConfigError, loadConfig } from "../../src/config.js";
import { schema } from "../../src/schema/index.js";
import { modelBackedMutations } from "../../src/schema/model-backed.js";
import { createRateLimiter, MODEL_BACKED_MUTATIONS, modelBackedFieldCount } from "../../src/security/rate-limit.js";
import { CountingModel } from "../helpers/counting-model.js";
import { subscribeWs } from "../helpers/subscribers.js";

// Budgets for the mutations that call the language model, on the service as `npm start` builds
// it (embedded database, in-memory budgets), over real HTTP.

type Result = { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
type Reply = { status: number; retryAfter: string | null; body: Result };

async function post(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Reply> {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body: (await response.json()) as Result };
}

const CREATE = `mutation { createCampaign(input: { name: "Janus launch", productDescription: "Janus – AI-powered GTM OS for technical founders", gtmGoals: "Launch product and acquire first 100 users in 4 weeks" }) { campaign { id } } }`;
const REGENERATE = `mutation($id: ID!) { regenerateStrategy(input: { campaignId: $id, phaseNum: 2, newDirection: "developer-first with technical demos" }) { version } }`;
const CAMPAIGN = `query($id: ID!) { campaign(id: $id) { currentVersion versions { number } strategy { posts { id } } } }`;

async function createCampaign(url: string, token?: string) {
  const reply = await post(url, CREATE, {}, token);
  expect(reply.body.errors).toBeUndefined();
  return (reply.body.data as { createCampaign: { campaign: { id: string } } }).createCampaign.campaign.id;
}

function expectRateLimited(reply: Reply, windowSeconds: number) {
  expect(reply.status).toBe(429);
  expect(reply.body.data ?? null).toBeNull();
  expect(reply.body.errors).toHaveLength(1);
  const extensions = reply.body.errors?.[0]?.extensions ?? {};
  expect(extensions.code).toBe("RATE_LIMITED");
  expect(Object.keys(extensions).sort()).toEqual(["code", "retryAfterSeconds"]);
  const retryAfterSeconds = extensions.retryAfterSeconds as number;
  expect(Number.isInteger(retryAfterSeconds)).toBe(true);
  expect(retryAfterSeconds).toBeGreaterThanOrEqual(1);
  expect(retryAfterSeconds).toBeLessThanOrEqual(windowSeconds);
  expect(reply.retryAfter).toBe(String(retryAfterSeconds));
  return retryAfterSeconds;
}

const dirs: string[] = [];
async function startApp(env: Record<string, string>, model = new CountingModel()) {
  const dataDir = await mkdtemp(join(tmpdir(), "phasewise-rate-limit-"));
  dirs.push(dataDir);
  const app = await buildApp(loadConfig({ DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "silent", ...env }), {
    llm: { model, name: "offline" },
  });
  return { app, url: await app.start() };
}
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe("a workspace's budget of 3 model-backed mutations per 60 s", () => {
  const model = new CountingModel();
  let app: App;
  let url: string;
  let campaignId: string;
  beforeAll(async () => {
    ({ app, url } = await startApp({ RATE_LIMIT_MODEL_REQUESTS: "3", RATE_LIMIT_WINDOW_SECONDS: "60" }, model));
  });
  afterAll(() => app?.stop());

  it("lets the 3rd through, and refuses the 4th regeneration with RATE_LIMITED before the model is asked or anything is written", async () => {
    campaignId = await createCampaign(url);
    for (const version of [2, 3]) {
      const reply = await post(url, REGENERATE, { id: campaignId });
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ data: { regenerateStrategy: { version } } });
    }
    const before = await post(url, CAMPAIGN, { id: campaignId });
    const planned = model.toolCalls(STRATEGY_REGENERATION_TOOL);
    const rows = { versions: await app.db.strategyVersion.count(), posts: await app.db.post.count() };

    expectRateLimited(await post(url, REGENERATE, { id: campaignId }), 60);

    expect(model.toolCalls(STRATEGY_REGENERATION_TOOL)).toBe(planned);
    expect(await post(url, CAMPAIGN, { id: campaignId })).toEqual(before);
    expect({ versions: await app.db.strategyVersion.count(), posts: await app.db.post.count() }).toEqual(rows);
    expect((before.body.data as { campaign: { currentVersion: number } }).campaign.currentVersion).toBe(3);
  });

  it("refuses each of the other model-backed mutations (and restoreVersion) too while the budget is spent", async () => {
    const { campaign } = (await post(url, CAMPAIGN, { id: campaignId })).body.data as {
      campaign: { strategy: { posts: { id: string }[] } };
    };
    const [first, second] = campaign.strategy.posts.map((p) => p.id);
    const refused = [
      post(url, CREATE),
      post(url, `mutation($id: ID!) { regeneratePostContent(input: { postId: $id }) { post { id } } }`, { id: first }),
      post(url, `mutation($id: ID!) { setTrigger(input: { postId: $id, text: "if 100 likes, boost" }) { post { id } } }`, {
        id: first,
      }),
      post(
        url,
        `mutation($c: ID!, $from: [ID!]!) { createFollowUpPost(input: { campaignId: $c, fromPostIds: $from, prompt: "a recap thread" }) { post { id } } }`,
        { c: campaignId, from: [first, second] },
      ),
      // Restoring queues content for restored copies that have none: it spends the budget too.
      post(url, `mutation($c: ID!) { restoreVersion(input: { campaignId: $c, version: 1 }) { campaign { id } } }`, {
        c: campaignId,
      }),
    ];
    for (const reply of await Promise.all(refused)) expectRateLimited(reply, 60);
    expect(await app.db.campaign.count()).toBe(1);
    expect(await app.db.strategyVersion.count()).toBe(3);
  });

  it("refuses the prototype's regenerate route from the same budget, with 429 and Retry-After", async () => {
    const versions = await app.db.strategyVersion.count();
    const response = await fetch(`${url}/api/agents/regenerate-strategy/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ campaign_id: campaignId, phase_num: 2, new_direction: "developer-first" }),
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await app.db.strategyVersion.count()).toBe(versions);
  });

  it("still answers queries and runs mutations that call no model", async () => {
    const query = await post(url, CAMPAIGN, { id: campaignId });
    expect(query.status).toBe(200);
    expect(query.body.errors).toBeUndefined();
    const { campaign } = query.body.data as { campaign: { strategy: { posts: { id: string }[] } } };
    const cleared = await post(url, `mutation($id: ID!) { clearTrigger(input: { postId: $id }) { post { id } } }`, {
      id: campaign.strategy.posts[0]?.id,
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body.errors).toBeUndefined();
  });

  it("refuses the same mutation sent over graphql-ws, with the same error", async () => {
    const ws = subscribeWs(url, REGENERATE, { id: campaignId });
    const [result] = await ws.waitFor(1);
    await ws.close();
    expect(result).toEqual({
      errors: [expect.objectContaining({ extensions: { code: "RATE_LIMITED", retryAfterSeconds: expect.any(Number) } })],
    });
  });

  it("gives another workspace its own budget, counting each model-backed field of an operation", async () => {
    const { token } = await issueToken(app.db, { name: "rate-limit test", workspace: `Other ${randomUUID()}` });
    const id = await createCampaign(url, token); // 1 of 3
    // One operation, n regenerations of the same campaign under aliases r0, r1, …
    const regenerations = (n: number) =>
      `mutation($id: ID!) { ${Array.from(
        { length: n },
        (_, i) =>
          `r${i}: regenerateStrategy(input: { campaignId: $id, phaseNum: 2, newDirection: "direction ${i}" }) { version }`,
      ).join(" ")} }`;
    // Three points with two left: refused whole, nothing runs, and the two are still there.
    expectRateLimited(await post(url, regenerations(3), { id }, token), 60);
    expect(await app.db.strategyVersion.count({ where: { campaignId: id } })).toBe(1);
    const reply = await post(url, regenerations(2), { id }, token);
    expect(reply.body).toEqual({ data: { r0: { version: 2 }, r1: { version: 3 } } });
    expectRateLimited(await post(url, REGENERATE, { id }, token), 60);
  });
});

describe("a budget of 1 per 1 s window", () => {
  it("refills when the window ends", async () => {
    const { app, url } = await startApp({ RATE_LIMIT_MODEL_REQUESTS: "1", RATE_LIMIT_WINDOW_SECONDS: "1" });
    try {
      const id = await createCampaign(url);
      const retryAfterSeconds = expectRateLimited(await post(url, REGENERATE, { id }), 1);
      expect(retryAfterSeconds).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, retryAfterSeconds * 1000 + 100));
      expect((await post(url, REGENERATE, { id })).body).toEqual({ data: { regenerateStrategy: { version: 2 } } });
      expectRateLimited(await post(url, REGENERATE, { id }), 1);
    } finally {
      await app.stop();
    }
  });
});

describe("the limiter", () => {
  const settings = { modelRequests: 2, windowSeconds: 60, keyPrefix: `test:${randomUUID()}:` };
  const logger = { warn: () => {}, info: () => {} };

  it("keeps one budget per key", async () => {
    const limiter = createRateLimiter(settings, { logger });
    expect(await limiter?.consume("workspace-a", 2)).toEqual({ allowed: true });
    expect(await limiter?.consume("workspace-a", 1)).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(await limiter?.consume("workspace-b", 1)).toEqual({ allowed: true });
    await limiter?.close();
  });

  it("falls back to a budget of the same size in this instance while Redis is unreachable, and says so once", async () => {
    const warnings: unknown[] = [];
    const limiter = createRateLimiter(settings, {
      redisUrl: "redis://127.0.0.1:1", // nothing listens on port 1
      logger: { ...logger, warn: (...args: unknown[]) => void warnings.push(args) },
    });
    expect(await limiter?.consume("workspace-a", 2)).toEqual({ allowed: true });
    expect(await limiter?.consume("workspace-a", 1)).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0])).toMatch(/Redis is unavailable/);
    await limiter?.close();
  });

  it("is off with RATE_LIMIT_MODEL_REQUESTS=0; the defaults are 30 per 60 s; a window under 1 s is refused", () => {
    expect(loadConfig({}).rateLimit).toEqual({ modelRequests: 30, windowSeconds: 60, keyPrefix: "phasewise:rl:" });
    expect(createRateLimiter(loadConfig({ RATE_LIMIT_MODEL_REQUESTS: "0" }).rateLimit, { logger })).toBeUndefined();
    expect(() => loadConfig({ RATE_LIMIT_WINDOW_SECONDS: "0" })).toThrow(ConfigError);
  });
});

describe("the model-backed mutations", () => {
  const MODEL_BACKED = [
    "createCampaign",
    "createFollowUpPost",
    "regeneratePostContent",
    "regenerateStrategy",
    "restoreVersion",
    "setTrigger",
  ];

  it("are the mutation fields the schema marks with extensions.modelBacked", () => {
    expect([...MODEL_BACKED_MUTATIONS].sort()).toEqual(MODEL_BACKED);
    const marked = Object.values(schema.getMutationType()?.getFields() ?? {}).filter((f) => f.extensions.modelBacked === true);
    expect(marked.map((f) => f.name).sort()).toEqual(MODEL_BACKED);
  });

  it("are read from the schema: a field without the mark is left out of them", () => {
    const mutation = schema.getMutationType()?.toConfig();
    if (!mutation) throw new Error("the schema has no mutations");
    const { setTrigger } = mutation.fields;
    if (!setTrigger) throw new Error("the schema has no setTrigger");
    const config = schema.toConfig();
    const unmarked = new GraphQLSchema({
      ...config,
      types: config.types.filter((type) => type.name !== mutation.name),
      mutation: new GraphQLObjectType({
        ...mutation,
        fields: { ...mutation.fields, setTrigger: { ...setTrigger, extensions: {} } },
      }),
    });
    expect([...modelBackedMutations(unmarked)].sort()).toEqual(MODEL_BACKED.filter((name) => name !== "setTrigger"));
  });
});

describe("counting an operation's model-backed fields", () => {
  const count = (source: string, variables?: Record<string, unknown>, operationName?: string) =>
    modelBackedFieldCount(parse(source), operationName, variables);

  it("counts nothing for queries, subscriptions and mutations that call no model", () => {
    expect(count(`{ campaign(id: "1") { id } }`)).toBe(0);
    expect(count(`subscription { campaignEvents(campaignId: "1") { __typename } }`)).toBe(0);
    expect(count(`mutation { approvePost(input: { postId: "1" }) { post { id } } }`)).toBe(0);
  });

  it("counts each alias, and fields inside fragments", () => {
    expect(count(`mutation { a: setTrigger(input: $x) { post { id } } b: setTrigger(input: $x) { post { id } } }`)).toBe(2);
    expect(
      count(`mutation { ...F ... on Mutation { createCampaign(input: $c) { campaign { id } } } }
             fragment F on Mutation { regeneratePostContent(input: $p) { post { id } } createFollowUpPost(input: $f) { post { id } } }`),
    ).toBe(3);
  });

  it("counts a field requested twice under one name once, as GraphQL runs it once", () => {
    expect(count(`mutation { setTrigger(input: $x) { post { id } } setTrigger(input: $x) { post { text: id } } }`)).toBe(1);
  });

  it("leaves out fields that @skip or @include rule out, from literals, variables or their defaults", () => {
    const source = `mutation($skip: Boolean = true, $go: Boolean!) {
      a: regenerateStrategy(input: $i) @skip(if: $skip) { version }
      b: regenerateStrategy(input: $i) @include(if: $go) { version }
      c: regenerateStrategy(input: $i) @include(if: false) { version }
    }`;
    expect(count(source, { go: false })).toBe(0);
    expect(count(source, { go: true, skip: false })).toBe(2);
  });

  it("counts only the operation that runs", () => {
    const source = `query Read { campaign(id: "1") { id } } mutation Write { createCampaign(input: $c) { campaign { id } } }`;
    expect(count(source, {}, "Read")).toBe(0);
    expect(count(source, {}, "Write")).toBe(1);
  });
});
