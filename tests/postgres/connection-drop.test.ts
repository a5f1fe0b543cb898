import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { CountingModel } from "../helpers/counting-model.js";
import { openTestDatabase, type TestDatabase } from "../helpers/database.js";
import { gql, until } from "../helpers/http.js";

// The service's connections to PostgreSQL are killed (pg_terminate_backend, as a failover, a
// restart or an idle-connection reaper would) in the middle of a request and while idle.
let t: TestDatabase;
let admin: pg.Client;
let app: App;
let url: string;
let mediaDir: string;
beforeAll(async () => {
  t = await openTestDatabase();
  if (t.raw.kind !== "postgres") throw new Error("this test needs PostgreSQL");
  admin = new pg.Client({ connectionString: t.raw.url });
  await admin.connect();
  mediaDir = await mkdtemp(join(tmpdir(), "phasewise-drop-"));
  app = await buildApp(
    loadConfig({ DATABASE_URL: t.raw.url, DATA_DIR: mediaDir, PORT: "0", LOG_LEVEL: "silent", RATE_LIMIT_MODEL_REQUESTS: "0" }),
    { llm: { model: new CountingModel(), name: "offline" } },
  );
  url = await app.start();
});
afterAll(async () => {
  await app?.stop();
  await admin?.end();
  await t?.close();
  await rm(mediaDir, { recursive: true, force: true });
});

const CREATE = `mutation { createCampaign(input: { name: "Janus launch", productDescription: "Janus – AI-powered GTM OS for technical founders", gtmGoals: "Launch product and acquire first 100 users in 4 weeks" }) { campaign { id } } }`;
const REGENERATE = `mutation($id: ID!) { regenerateStrategy(input: { campaignId: $id, phaseNum: 2, newDirection: "developer-first with technical demos" }) { version } }`;
type Reply = { status: number; body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
async function send(query: string, variables: Record<string, unknown> = {}): Promise<Reply> {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Reply["body"] };
}
const state = async (id: string) => ({
  campaign: await t.db.campaign.findUniqueOrThrow({ where: { id }, select: { currentVersion: true, lastEventSequence: true } }),
  versions: await t.db.strategyVersion.count({ where: { campaignId: id } }),
  posts: await t.db.post.count({ where: { campaignId: id } }),
});
const readyCampaign = async () => {
  const id = (await gql<{ createCampaign: { campaign: { id: string } } }>(url, CREATE)).createCampaign.campaign.id;
  await until(async () => (await t.db.campaign.findUniqueOrThrow({ where: { id } })).status === "READY");
  return id;
};

/** A clean INTERNAL_SERVER_ERROR: a request id and a generic message, nothing from the driver. */
function expectCleanInternalError(reply: Reply) {
  expect(reply.body.errors).toHaveLength(1);
  const [error] = reply.body.errors ?? [];
  expect(error?.extensions?.code).toBe("INTERNAL_SERVER_ERROR");
  expect(error?.extensions?.requestId).toMatch(/^[0-9a-f-]{36}$/);
  const text = JSON.stringify(reply.body);
  for (const leak of [/terminat/i, /connection/i, /postgres/i, /SELECT|UPDATE|INSERT/, /\.ts\b|\.js\b/, /at \w+ \(/])
    expect(text).not.toMatch(leak);
}

describe("PostgreSQL connections dropped", () => {
  it("in the middle of a regeneration: a clean INTERNAL_SERVER_ERROR, nothing changed, and the same request then succeeds", async () => {
    const id = await readyCampaign();
    const before = await state(id);
    // Another session holds the campaign's row, so the regeneration waits inside its transaction.
    const holder = new pg.Client({ connectionString: (t.raw as { url: string }).url });
    await holder.connect();
    await holder.query("BEGIN");
    await holder.query(`SELECT id FROM "Campaign" WHERE id = $1 FOR UPDATE`, [id]);
    const pending = send(REGENERATE, { id });
    let waiting: number[] = [];
    await until(async () => {
      const { rows } = await admin.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
      );
      waiting = rows.map((r) => r.pid);
      return waiting.length === 1;
    });
    await admin.query("SELECT pg_terminate_backend($1)", [waiting[0]]);
    const reply = await pending;
    await holder.query("ROLLBACK");
    await holder.end();

    expectCleanInternalError(reply);
    expect(await state(id)).toEqual(before);
    const again = await send(REGENERATE, { id });
    expect(again.body).toEqual({ data: { regenerateStrategy: { version: before.campaign.currentVersion + 1 } } });
  });

  it("all of them while idle (the data's pool and the job queue's): reads, mutations and content jobs work again", async () => {
    const id = await readyCampaign();
    const { rows } = await admin.query<{ count: string }>(
      `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    expect(Number(rows[0]?.count)).toBeGreaterThanOrEqual(2);
    // At most the first request may meet a dead connection, and then only as a clean error.
    const replies: Reply[] = [];
    await until(async () => {
      const reply = await send(`query($id: ID!) { campaign(id: $id) { currentVersion } }`, { id });
      replies.push(reply);
      return reply.body.errors === undefined;
    }, 10_000);
    for (const reply of replies.slice(0, -1)) expectCleanInternalError(reply);
    expect(replies.length).toBeLessThanOrEqual(2);

    const { regenerateStrategy } = await gql<{ regenerateStrategy: { version: number } }>(url, REGENERATE, { id });
    expect(regenerateStrategy.version).toBe(2);
    // The queue got its connections back: the new posts' content is written.
    await until(async () => (await t.db.campaign.findUniqueOrThrow({ where: { id } })).status === "READY", 30_000);
    const pending = await t.db.post.count({ where: { campaignId: id, isActive: true, contentStatus: { not: "READY" } } });
    expect(pending).toBe(0);
  });
});
