import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WRITE_CONTENT_TOOL } from "../../src/ai/schemas.js";
import { openTestDatabase, type TestDatabase } from "../helpers/database.js";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai.js";
import { gql, until } from "../helpers/http.js";
import { fakeModelEnv, startService, stopService } from "../helpers/service-process.js";

// SIGTERM to `npm start`'s process (as a process manager sends it) while clients are reading and
// regenerating and content jobs are running, on this machine's PostgreSQL, with the real OpenAI
// client against a model endpoint on 127.0.0.1 that writes copy slowly (8 s, longer than the 2 s
// grace period) and plans quickly (300 ms).
const GRACE_SECONDS = 2;
let t: TestDatabase;
let fake: FakeOpenAI;
let mediaDir: string;
let contentDelayMs = 8_000;
beforeAll(async () => {
  t = await openTestDatabase();
  mediaDir = await mkdtemp(join(tmpdir(), "phasewise-drain-"));
  fake = await startFakeOpenAI({ offline: { delayMs: (tool) => (tool === WRITE_CONTENT_TOOL ? contentDelayMs : 300) } });
});
afterAll(async () => {
  await fake?.close();
  await t?.close();
  await rm(mediaDir, { recursive: true, force: true });
});

const start = () =>
  startService({
    ...fakeModelEnv(fake.baseURL, mediaDir),
    DATABASE_URL: t.raw.kind === "postgres" ? t.raw.url : "",
    SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS),
  });

const CREATE = `mutation($name: String!) { createCampaign(input: { name: $name, productDescription: "Janus – AI-powered GTM OS for technical founders", gtmGoals: "Launch product and acquire first 100 users in 4 weeks", phaseCount: 3 }) { campaign { id } } }`;
const READ = `query($id: ID!) { campaign(id: $id) { currentVersion strategy { phases { number posts { id title contentStatus next { id } } } } } }`;
const REGENERATE = `mutation($id: ID!, $n: Int!, $d: String!) { regenerateStrategy(input: { campaignId: $id, phaseNum: $n, newDirection: $d }) { version } }`;

/** What happened to one request: its answer, or the connection error that stopped it. */
interface Outcome {
  sentAt: number;
  status?: number;
  errors?: unknown;
  failure?: string;
}

/** A client sending requests back to back until the service is gone. */
async function client(url: string, campaignId: string, outcomes: Outcome[], index: number) {
  for (let i = 0; ; i++) {
    const regenerate = (i + index) % 3 === 0;
    const body = regenerate
      ? { query: REGENERATE, variables: { id: campaignId, n: 2 + (i % 2), d: `direction ${index}.${i}` } }
      : { query: READ, variables: { id: campaignId } };
    const outcome: Outcome = { sentAt: Date.now() };
    outcomes.push(outcome);
    try {
      const response = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      outcome.status = response.status;
      outcome.errors = ((await response.json()) as { errors?: unknown }).errors;
    } catch (error) {
      outcome.failure = String((error as { cause?: { code?: string } }).cause?.code ?? error);
      return; // the service is gone
    }
  }
}

const jobStates = async () =>
  Object.fromEntries(
    (
      await t.db.$queryRawUnsafe<{ state: string; count: bigint }[]>(
        `SELECT state::text, count(*) FROM pgboss.job WHERE name = 'post-content' GROUP BY state`,
      )
    ).map((row) => [row.state, Number(row.count)]),
  ) as Record<string, number>;

describe("SIGTERM while clients read and regenerate and content jobs run", () => {
  const campaignIds: string[] = [];

  it("answers every request already received, hands running jobs back to the queue, leaves none locked and exits 0", async () => {
    const service = await start();
    // One campaign per client, so that its regenerations never race another client's.
    for (const name of ["Janus", "Hermes", "Iris", "Apollo", "Vesta", "Ceres"].map((n) => `${n} launch`))
      campaignIds.push(
        (await gql<{ createCampaign: { campaign: { id: string } } }>(service.url, CREATE, { name })).createCampaign.campaign.id,
      );
    const outcomes: Outcome[] = [];
    const clients = Array.from({ length: 6 }, (_, i) => client(service.url, campaignIds[i] as string, outcomes, i));
    await until(async () => ((await jobStates()).active ?? 0) >= 2, 30_000).catch((error) => {
      throw new Error(`${error}: ${JSON.stringify(outcomes.slice(0, 5))}\n${service.output()}`);
    }); // copy is being written (slowly)
    await new Promise((r) => setTimeout(r, 500)); // and regenerations are in flight

    const signalledAt = Date.now();
    const code = await stopService(service, "SIGTERM");
    const stoppedIn = Date.now() - signalledAt;
    await Promise.all(clients);

    expect(code, service.output()).toBe(0);
    // Within the grace period for requests, then for jobs (run side by side), plus closing.
    expect(stoppedIn).toBeLessThan(GRACE_SECONDS * 1000 + 5_000);
    const before = outcomes.filter((o) => o.sentAt < signalledAt);
    expect(before.length).toBeGreaterThan(6);
    // Every request sent before the signal got a whole, successful answer: none was cut off.
    for (const outcome of before) expect(outcome, JSON.stringify(outcome)).toMatchObject({ status: 200, errors: undefined });
    // After it, a request is either answered the same way or refused at the connection: no 5xx.
    for (const outcome of outcomes.filter((o) => o.sentAt >= signalledAt))
      if (outcome.failure === undefined)
        expect(outcome, JSON.stringify(outcome)).toMatchObject({ status: 200, errors: undefined });
    // The copy jobs that were still writing went back to the queue: none is left claimed.
    const states = await jobStates();
    expect(states.active ?? 0, JSON.stringify(states)).toBe(0);
    expect(states.retry ?? 0, JSON.stringify(states)).toBeGreaterThanOrEqual(1);
    expect(service.output()).not.toMatch(/Error|error/);
  }, 120_000);

  it("loses nothing: the next start writes every post's content (the model is fast now)", async () => {
    contentDelayMs = 0;
    const service = await start();
    await until(async () => {
      const campaigns = await t.db.campaign.findMany({ where: { id: { in: campaignIds } } });
      return campaigns.every((c) => c.status === "READY");
    }, 60_000);
    const posts = await t.db.post.findMany({
      where: { campaignId: { in: campaignIds }, isActive: true },
      include: { variants: true },
    });
    expect(posts.length).toBeGreaterThan(0);
    for (const post of posts) {
      expect(post.contentStatus).toBe("READY");
      expect(post.variants.map((v) => `${v.label}${v.generation}`).sort()).toEqual(["A1", "B1"]);
    }
    expect((await jobStates()).active ?? 0).toBe(0);
    expect(await stopService(service, "SIGTERM")).toBe(0);
  }, 120_000);
});
