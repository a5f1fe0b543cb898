import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CountingModel } from "../helpers/counting-model.js";
import { useTestDatabase } from "../helpers/database.js";
import { freePort } from "../helpers/free-port.js";
import { createJanusCampaign, gql, until } from "../helpers/http.js";
import { useInstances } from "../helpers/instances.js";
import { type Received, subscribeWs } from "../helpers/subscribers.js";

// Two instances on this machine's PostgreSQL and a Redis server of this test's own (redis-server on
// a free port, so that stopping it disturbs no other test), which is killed and started again
// while a subscriber on instance B listens to a campaign changed on instance A.
let port: number;
let redis: ChildProcess | undefined;
const warnings: string[] = [];

async function startRedis() {
  redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: "ignore",
  });
  const probe = new Redis({ port, lazyConnect: true, retryStrategy: () => 50, maxRetriesPerRequest: null });
  probe.on("error", () => {}); // refused until the server listens
  await probe.connect().catch(() => {});
  await probe.ping();
  probe.disconnect();
}

async function killRedis() {
  const exited = once(redis as ChildProcess, "exit");
  redis?.kill("SIGKILL");
  await exited;
}

beforeAll(async () => {
  port = await freePort();
  await startRedis();
});
afterAll(async () => {
  if (redis && redis.exitCode === null) await killRedis();
});
const t = useTestDatabase();
const { urls } = useInstances(t, () => ({ REDIS_URL: `redis://127.0.0.1:${port}`, LOG_LEVEL: "warn" }), [
  { llm: { model: new CountingModel(), name: "offline" } },
  { llm: { model: new CountingModel(), name: "offline" } },
]);
beforeAll(() => {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    warnings.push(args.map(String).join(" "));
    if (!String(args[0]).includes("event bus")) warn(...args);
  };
});

const EVENTS = `subscription($id: ID!) {
  campaignEvents(campaignId: $id) {
    __typename
    ... on StrategyRegeneratedEvent { sequence version }
    ... on PostCreatedEvent { sequence }
    ... on PostUpdatedEvent { sequence }
    ... on ContentReadyEvent { sequence }
    ... on TriggerFiredEvent { sequence }
  }
}`;
const REGENERATE = `mutation($id: ID!, $d: String!) { regenerateStrategy(input: { campaignId: $id, phaseNum: 2, newDirection: $d }) { version } }`;
const versionsSeen = (subscriber: Received) =>
  subscriber.events
    .map((e) => (e as { campaignEvents?: { version?: number } }).campaignEvents?.version)
    .filter((v): v is number => v !== undefined);
const sequences = (subscriber: Received) =>
  subscriber.events.map((e) => (e as { campaignEvents: { sequence: number } }).campaignEvents.sequence);

describe("Redis restarted while a subscriber listens", () => {
  it("keeps answering mutations while Redis is down, then delivers what was missed and what comes next, in order, once", async () => {
    const [a, b] = urls as [string, string];
    const id = await createJanusCampaign(a);
    await until(async () => (await t.db.campaign.findUniqueOrThrow({ where: { id } })).status === "READY");
    const subscriber = subscribeWs(b, EVENTS, { id });
    await new Promise((r) => setTimeout(r, 300)); // subscribed in Redis
    await gql(a, REGENERATE, { id, d: "before the outage" });
    await subscriber.waitUntil(() => versionsSeen(subscriber).includes(2));

    await killRedis();
    // Mutations do not need Redis: committed, logged, and the publish failure only logged.
    const during = await gql<{ regenerateStrategy: { version: number } }>(a, REGENERATE, { id, d: "during the outage" });
    expect(during.regenerateStrategy.version).toBe(3);
    await new Promise((r) => setTimeout(r, 300));
    expect(versionsSeen(subscriber)).toEqual([2]); // nothing can reach B now

    await startRedis();
    // Once B is subscribed again it catches up from the log: version 3 arrives without anything new.
    await subscriber.waitUntil(() => versionsSeen(subscriber).includes(3), 20_000);
    // And events flow again from A to B.
    await until(async () => {
      const { regenerateStrategy } = await gql<{ regenerateStrategy: { version: number } }>(a, REGENERATE, {
        id,
        d: "after the outage",
      });
      return await subscriber
        .waitUntil(() => versionsSeen(subscriber).includes(regenerateStrategy.version), 2_000)
        .then(() => true)
        .catch(() => false);
    }, 20_000);
    const seen = sequences(subscriber);
    expect(seen).toEqual([...seen].sort((x, y) => x - y)); // commit order
    expect(new Set(seen).size).toBe(seen.length); // each once
    const logged = await t.db.eventLog.findMany({
      where: { campaignId: id, sequence: { gte: seen[0] } },
      orderBy: { sequence: "asc" },
    });
    expect(seen).toEqual(logged.map((e) => e.sequence).slice(0, seen.length)); // none missing in between
    expect(versionsSeen(subscriber).slice(0, 2)).toEqual([2, 3]);
    await subscriber.close();

    // Said once per outage, not per retry.
    expect(warnings.filter((w) => w.includes("Redis is unavailable")).length).toBeGreaterThanOrEqual(1);
    expect(warnings.filter((w) => w.includes("Redis is unavailable")).length).toBeLessThanOrEqual(4);
  }, 90_000);
});
