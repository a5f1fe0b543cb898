import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WRITE_CONTENT_TOOL } from "../../src/ai/schemas.js";
import { type Db, prismaForPostgres } from "../../src/db/client.js";
import { migrateDeploy } from "../../src/db/migrate.js";
import { openTestDatabase, type TestDatabase } from "../helpers/database.js";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai.js";
import { gql, until } from "../helpers/http.js";
import { type PostgresCluster, startPostgresCluster } from "../helpers/postgres-cluster.js";
import { fakeModelEnv, type ServiceProcess, startService, stopService } from "../helpers/service-process.js";

// `npm start`'s process on PostgreSQL while clients read, regenerate and create campaigns and
// content jobs run (the real OpenAI client against a model endpoint on 127.0.0.1 that writes copy
// slowly), when PostgreSQL ends the service's connections: every one of them terminated ten times
// (pg_terminate_backend, as a failover or a pooler's timeout does), and a PostgreSQL server of the
// test's own restarted (the machine's server is shared with other tests).
let fake: FakeOpenAI;
let mediaDir: string;
let contentDelayMs = 1_000;
beforeAll(async () => {
  mediaDir = await mkdtemp(join(tmpdir(), "phasewise-lost-"));
  fake = await startFakeOpenAI({ offline: { delayMs: (tool) => (tool === WRITE_CONTENT_TOOL ? contentDelayMs : 300) } });
});
afterAll(async () => {
  await fake?.close();
  await rm(mediaDir, { recursive: true, force: true });
});

const start = (databaseUrl: string) => startService({ ...fakeModelEnv(fake.baseURL, mediaDir), DATABASE_URL: databaseUrl });

/** The service's exit, if it exits: recorded as it happens, so a test can tell at any moment. */
function watchExit(service: ServiceProcess) {
  const watch: { exit?: string } = {};
  service.child.on("exit", (code, signal) => {
    watch.exit = `exited with ${code ?? signal}`;
  });
  return {
    expectAlive() {
      expect(watch.exit, service.output()).toBeUndefined();
    },
  };
}

const CREATE = `mutation($name: String!) { createCampaign(input: { name: $name, productDescription: "Janus – AI-powered GTM OS for technical founders", gtmGoals: "Launch product and acquire first 100 users in 4 weeks", phaseCount: 3 }) { campaign { id } } }`;
const READ = `query($id: ID!) { campaign(id: $id) { currentVersion strategy { phases { number posts { id title contentStatus next { id } } } } } }`;
const REGENERATE = `mutation($id: ID!, $n: Int!, $d: String!) { regenerateStrategy(input: { campaignId: $id, phaseNum: $n, newDirection: $d }) { version } }`;

type GraphQLErrors = { message: string; extensions?: Record<string, unknown> }[];
/** One request and what came of it: an answer, or the connection error that stopped it. */
interface Outcome {
  kind: "read" | "regenerate" | "create";
  variables: Record<string, string | number>;
  sentAt: number;
  data?: Record<string, unknown>;
  errors?: GraphQLErrors;
  failure?: string;
}

/** Clients sending requests back to back (one per campaign, reading and regenerating it, and one creating campaigns). */
function startLoad(url: string, campaignIds: string[]) {
  const outcomes: Outcome[] = [];
  let running = true;
  const send = async (kind: Outcome["kind"], query: string, variables: Outcome["variables"]) => {
    const outcome: Outcome = { kind, variables, sentAt: Date.now() };
    try {
      const response = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query, variables }),
      });
      Object.assign(outcome, await response.json());
    } catch (error) {
      outcome.failure = String((error as { cause?: { code?: string } }).cause?.code ?? error);
    }
    outcomes.push(outcome);
    return outcome.failure === undefined;
  };
  // Each campaign has one client, so that its regenerations never race another's (no VERSION_CONFLICT).
  const readers = campaignIds.map(async (id, index) => {
    for (let i = 0; running; i++) {
      const answered =
        (i + index) % 3 === 0
          ? await send("regenerate", REGENERATE, { id, n: 2 + (i % 2), d: `direction ${index}.${i}` })
          : await send("read", READ, { id });
      if (!answered) return; // the service is gone
    }
  });
  const creator = (async () => {
    for (let i = 0; running; i++) if (!(await send("create", CREATE, { name: `Load ${i}` }))) return;
  })();
  return {
    outcomes,
    /** Whether a request sent after `time` has been answered without errors. */
    succeededSince: (time: number) => outcomes.some((o) => o.sentAt > time && o.data && !o.errors),
    async stop() {
      running = false;
      await Promise.all([...readers, creator]);
    },
  };
}

const jobsActive = async (db: Db) =>
  Number(
    (
      await db.$queryRawUnsafe<{ count: bigint }[]>(
        `SELECT count(*) FROM pgboss.job WHERE name = 'post-content' AND state = 'active'`,
      )
    )[0]?.count,
  );

async function createCampaigns(url: string) {
  const ids: string[] = [];
  for (const name of ["Janus", "Hermes", "Iris", "Apollo"].map((n) => `${n} launch`))
    ids.push((await gql<{ createCampaign: { campaign: { id: string } } }>(url, CREATE, { name })).createCampaign.campaign.id);
  return ids;
}

/**
 * What a user must see after the outages: every request was answered (the process never went away),
 * any that failed did so with a clean INTERNAL_SERVER_ERROR, every acknowledged change is stored,
 * new requests succeed at once, and every post's content is written in the end.
 */
async function expectNothingLost(url: string, db: Db, outcomes: Outcome[], campaignIds: string[]) {
  for (const outcome of outcomes) {
    expect(outcome.failure, JSON.stringify(outcome)).toBeUndefined();
    if (outcome.errors) expectCleanInternalError(outcome.errors);
    else expect(outcome.data, JSON.stringify(outcome)).toBeDefined();
  }
  const ok = outcomes.filter((o) => !o.errors);
  const created = ok.filter((o) => o.kind === "create").map((o) => (o.data as CreateData).createCampaign.campaign.id);
  expect(await db.campaign.count({ where: { id: { in: created } } })).toBe(created.length);
  const regenerated = ok.filter((o) => o.kind === "regenerate");
  const versions = await db.strategyVersion.findMany({
    where: { campaignId: { in: campaignIds } },
    select: { campaignId: true, number: true, direction: true },
  });
  const stored = new Set(versions.map((v) => `${v.campaignId} ${v.number} ${v.direction}`));
  for (const o of regenerated) {
    const { version } = (o.data as RegenerateData).regenerateStrategy;
    expect(stored, JSON.stringify(o)).toContain(`${o.variables.id} ${version} ${o.variables.d}`);
  }

  // The next requests succeed, the first time.
  for (const id of campaignIds) {
    await gql(url, READ, { id });
    await gql(url, REGENERATE, { id, n: 2, d: "after the outage" });
  }
  // The content jobs the outages interrupted are retried: every active post gets its copy.
  contentDelayMs = 0;
  const all = [...campaignIds, ...created];
  await until(async () => (await db.campaign.count({ where: { id: { in: all }, status: { not: "READY" } } })) === 0, 150_000);
  const posts = await db.post.groupBy({
    by: ["contentStatus"],
    where: { campaignId: { in: all }, isActive: true },
    _count: true,
  });
  expect(posts.map((p) => [p.contentStatus, p._count > 0])).toEqual([["READY", true]]);
}
type CreateData = { createCampaign: { campaign: { id: string } } };

/** Waits (up to `ms`) until a request sent after `time` is answered without errors, expecting the process up meanwhile. */
const untilServedAgain = (watch: ReturnType<typeof watchExit>, load: ReturnType<typeof startLoad>, time: number, ms: number) =>
  until(async () => {
    watch.expectAlive();
    return load.succeededSince(time);
  }, ms);

/** Stops the load; expects the process up, some requests failed by the outage, nothing lost, and a clean exit on SIGTERM. */
async function expectOutageSurvived(
  service: ServiceProcess,
  watch: ReturnType<typeof watchExit>,
  load: ReturnType<typeof startLoad>,
  db: Db,
  campaignIds: string[],
) {
  await load.stop();
  watch.expectAlive();
  expect(load.outcomes.filter((o) => o.errors).length).toBeGreaterThan(0);

  await expectNothingLost(service.url, db, load.outcomes, campaignIds);
  watch.expectAlive();
  expect(await stopService(service, "SIGTERM"), service.output()).toBe(0);
}
type RegenerateData = { regenerateStrategy: { version: number } };

/** A clean INTERNAL_SERVER_ERROR: a request id and a generic message, nothing from the driver. */
function expectCleanInternalError(errors: GraphQLErrors) {
  const text = JSON.stringify(errors);
  expect(
    errors.map((e) => e.extensions?.code),
    text,
  ).toEqual(["INTERNAL_SERVER_ERROR"]);
  expect(errors[0]?.extensions?.requestId).toMatch(/^[0-9a-f-]{36}$/);
  for (const leak of [/terminat/i, /connection/i, /postgres/i, /SELECT|UPDATE|INSERT/, /\.ts\b|\.js\b/, /at \w+ \(/])
    expect(text).not.toMatch(leak);
}

describe("every connection of the service terminated ten times under load", () => {
  let t: TestDatabase;
  let admin: pg.Client;
  beforeAll(async () => {
    t = await openTestDatabase();
    if (t.raw.kind !== "postgres") throw new Error("this test needs PostgreSQL");
    admin = new pg.Client({ connectionString: t.raw.url });
    await admin.connect();
  });
  const terminateAll = () =>
    admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
  afterAll(async () => {
    await admin?.end();
    await t?.close();
  });

  it("keeps the process up: requests in flight fail cleanly, the next ones succeed, nothing acknowledged is lost", async () => {
    const service = await start((t.raw as { url: string }).url);
    const watch = watchExit(service);
    const campaignIds = await createCampaigns(service.url);
    const load = startLoad(service.url, campaignIds);
    await until(async () => (await jobsActive(t.db)) >= 1, 30_000); // copy is being written (slowly)

    for (let round = 0; round < 10; round++) {
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 700));
      // Every backend of the service's database but this one: the data's pool, the job queue's
      // pool and its LISTEN connection, in whatever state they are (idle, in a transaction, in a query).
      await terminateAll();
      // And, for half a second, the connections the pools open again, as a restart or a failover
      // under way cuts them too: some just after they opened, before their holder listens.
      for (const end = Date.now() + 500; Date.now() < end; ) {
        await terminateAll();
        await new Promise((r) => setTimeout(r, 10));
      }
      await untilServedAgain(watch, load, Date.now(), 30_000);
    }
    // The terminations happened under load: some requests met them.
    await expectOutageSurvived(service, watch, load, t.db, campaignIds);
  }, 300_000);
});

describe("PostgreSQL restarted under load", () => {
  let cluster: PostgresCluster;
  let db: Db;
  let url: string;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    await cluster.createDatabase("phasewise");
    url = cluster.url("phasewise");
    await migrateDeploy(url);
    db = prismaForPostgres(url);
  }, 120_000);
  afterAll(async () => {
    await db?.$disconnect();
    await cluster?.destroy();
  });

  it("keeps the process up: requests fail cleanly while it is down, succeed once it is back, nothing acknowledged is lost", async () => {
    const service = await start(url);
    const watch = watchExit(service);
    const campaignIds = await createCampaigns(service.url);
    const load = startLoad(service.url, campaignIds);
    await until(async () => (await jobsActive(db)) >= 1, 30_000);
    await new Promise((r) => setTimeout(r, 500)); // and regenerations are in flight

    await cluster.restart();
    await untilServedAgain(watch, load, Date.now(), 60_000);
    // The restart happened under load: some requests met it.
    await expectOutageSurvived(service, watch, load, db, campaignIds);
  }, 300_000);
});
