import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/database.js";
import { useInstances } from "../helpers/instances.js";

// Two instances on one PostgreSQL database and one Redis server (127.0.0.1:6379; TEST_REDIS_URL
// overrides) enforce one budget of model-backed mutations. The key prefix is new on every run, so
// parallel runs and keys left by earlier ones do not count.
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const KEY_PREFIX = `phasewise:rl:test:${randomUUID()}:`;

const t = useTestDatabase();
const { urls } = useInstances(
  t,
  { REDIS_URL, RATE_LIMIT_MODEL_REQUESTS: "3", RATE_LIMIT_WINDOW_SECONDS: "60", RATE_LIMIT_KEY_PREFIX: KEY_PREFIX },
  [{}, {}],
);
afterAll(async () => {
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${KEY_PREFIX}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

type Result = { data?: Record<string, unknown> | null; errors?: { extensions?: Record<string, unknown> }[] };
async function post(url: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Result };
}

const CREATE = `mutation { createCampaign(input: { name: "Janus launch", productDescription: "Janus – AI-powered GTM OS for technical founders", gtmGoals: "Launch product and acquire first 100 users in 4 weeks" }) { campaign { id } } }`;
const REGENERATE = `mutation($id: ID!) { regenerateStrategy(input: { campaignId: $id, phaseNum: 2, newDirection: "developer-first with technical demos" }) { version } }`;

describe("two instances sharing Redis, with a budget of 3 model-backed mutations per 60 s", () => {
  it("let 2 mutations on A and 1 on B through, then refuse the next one on either instance", async () => {
    const [a, b] = urls as [string, string];
    const created = await post(a, CREATE);
    const id = (created.body.data as { createCampaign: { campaign: { id: string } } }).createCampaign.campaign.id;
    expect((await post(a, REGENERATE, { id })).body).toEqual({ data: { regenerateStrategy: { version: 2 } } });
    expect((await post(b, REGENERATE, { id })).body).toEqual({ data: { regenerateStrategy: { version: 3 } } });

    for (const url of [a, b]) {
      const refused = await post(url, REGENERATE, { id });
      expect(refused.status).toBe(429);
      expect(refused.body.errors?.[0]?.extensions).toEqual({ code: "RATE_LIMITED", retryAfterSeconds: expect.any(Number) });
      const retryAfterSeconds = refused.body.errors?.[0]?.extensions?.retryAfterSeconds as number;
      expect(Number.isInteger(retryAfterSeconds) && retryAfterSeconds >= 1 && retryAfterSeconds <= 60).toBe(true);
    }
    const campaign = await t.db.campaign.findUniqueOrThrow({ where: { id } });
    expect(campaign.currentVersion).toBe(3);
    expect(await t.db.strategyVersion.count({ where: { campaignId: id } })).toBe(3);
  });
});
