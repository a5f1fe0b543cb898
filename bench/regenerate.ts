// npm run bench — regeneration latency without model time: the offline model answers at once, so
// what is measured is validation, planning checks and the transaction. 5 phases × 5 posts,
// regenerated from phase 3, 50 runs after 5 warm-up runs, on embedded PGlite and (if reachable) on
// PostgreSQL. Prints a table and writes bench/results/regenerate.json.
import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import pg from "pg";
import { createMediaMaker } from "../src/ai/media-maker.js";
import { createChatModel } from "../src/ai/models.js";
import { LOCAL_WORKSPACE_ID } from "../src/auth/workspaces.js";
import { type Db, prismaForPGlite, prismaForPostgres, type RawDatabase } from "../src/db/client.js";
import { migrateDeploy } from "../src/db/migrate.js";
import { openPGlite } from "../src/db/pglite.js";
import { createEventBus } from "../src/events/pubsub.js";
import { writeSampleCampaign } from "../src/fixtures/sample-history.js";
import { openJobQueue } from "../src/jobs/job-queue.js";
import { createMediaStore } from "../src/media/media-store.js";
import { localChannel } from "../src/publishing/local-channel.js";
import { regenerateStrategy } from "../src/services/regenerate-strategy.js";

const RUNS = 50;
const WARMUP = 5;
const silent = { debug() {}, info() {}, warn() {}, error() {} };

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function measure(db: Db, raw: RawDatabase) {
  // The content jobs are queued (that is part of a regeneration) but no worker runs them.
  const jobs = await openJobQueue(raw);
  const services = {
    db,
    llm: createChatModel({ kind: "offline" }),
    logger: silent,
    events: createEventBus().pubsub,
    jobs,
    media: createMediaMaker({ kind: "offline" }),
    mediaStore: createMediaStore(tmpdir()),
    publisher: localChannel,
    workspaceId: LOCAL_WORKSPACE_ID,
  };
  const { campaignId } = await writeSampleCampaign(db, {
    key: `bench-${Date.now()}`,
    phases: 5,
    postsPerPhase: 5,
    initialOnly: true,
  });
  const times: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const started = performance.now();
    await regenerateStrategy(services, { campaignId, phaseNum: 3, newDirection: `direction ${i}: developer-first demos` });
    if (i >= WARMUP) times.push(performance.now() - started);
  }
  await jobs.stop();
  times.sort((a, b) => a - b);
  return {
    runs: RUNS,
    p50Ms: +percentile(times, 50).toFixed(1),
    p95Ms: +percentile(times, 95).toFixed(1),
    maxMs: +(times.at(-1) ?? 0).toFixed(1),
  };
}

const results: Record<string, unknown> = {};
const pglite = await openPGlite("memory://");
await migrateDeploy(pglite);
const embedded = prismaForPGlite(pglite);
results.pglite = await measure(embedded, { kind: "pglite", pglite });
await embedded.$disconnect();

const serverUrl = process.env.BENCH_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const admin = new pg.Client({ connectionString: serverUrl });
const name = `phasewise_bench_${process.pid}`;
try {
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await migrateDeploy(url.toString());
  const server = prismaForPostgres(url.toString());
  results.postgres = await measure(server, { kind: "postgres", url: url.toString() });
  await server.$disconnect();
  await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
} catch (error) {
  results.postgres = `skipped: ${(error as Error).message}`;
} finally {
  await admin.end().catch(() => {});
}

console.log("regenerateStrategy without model time (5 phases × 5 posts, from phase 3)");
console.table(results);
await mkdir(new URL("./results/", import.meta.url), { recursive: true });
await writeFile(
  new URL("./results/regenerate.json", import.meta.url),
  `${JSON.stringify({ at: new Date().toISOString(), results }, null, 2)}\n`,
);
process.exit(0); // the migration engine leaves a timer behind
