// npm run bench — regenerateStrategy latency, 5 phases × 5 posts regenerated from phase 3, on
// embedded PGlite and (if reachable) PostgreSQL, through the service (validation, the model call,
// the transaction, queueing the content jobs; no worker runs them):
//   1. with the offline model (answers at once): what Phasewise itself costs;
//   2. with a model that thinks 1 s and 5 s: total time minus the model's time should stay what it
//      is in 1. — if it grows, something (a lock, a connection, the transaction) waits on the model;
//   3. 20 regenerations at once on 20 campaigns vs one at a time (offline model).
// Prints a table and writes bench/results/regenerate.json. `--quick`: fewer runs.
import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import pg from "pg";
import { createMediaMaker } from "../src/ai/media-maker.js";
import { OfflineChatModel } from "../src/ai/offline/offline-model.js";
import { createServices } from "../src/app.js";
import { LOCAL_WORKSPACE_ID } from "../src/auth/workspaces.js";
import { type Db, prismaForPGlite, prismaForPostgres, type RawDatabase } from "../src/db/client.js";
import { migrateDeploy } from "../src/db/migrate.js";
import { openPGlite } from "../src/db/pglite.js";
import { createEventBus } from "../src/events/pubsub.js";
import { writeSampleCampaign } from "../src/fixtures/sample-history.js";
import { openJobQueue } from "../src/jobs/job-queue.js";
import { regenerateStrategy } from "../src/services/regenerate-strategy.js";

const quick = process.argv.includes("--quick");
/** Model time per call, runs and warm-up runs (21 runs or more: a p95 that is not just the maximum). */
const SCENARIOS = [
  { modelMs: 0, runs: quick ? 10 : 50, warmup: quick ? 2 : 5 },
  { modelMs: 1_000, runs: quick ? 3 : 21, warmup: 1 },
  { modelMs: 5_000, runs: quick ? 2 : 21, warmup: 1 },
];
const CONCURRENT = 20;
const CONCURRENT_ROUNDS = quick ? 2 : 5;
const silent = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * The offline model, taking `delayMs` to answer as a real one would. It adds up the time it really
 * waited (a timer fires a little late), which is model time, not Phasewise's.
 */
class ThinkingModel extends OfflineChatModel {
  waitedMs = 0;
  constructor(private readonly delayMs: number) {
    super({});
  }
  override async _generate(...args: Parameters<OfflineChatModel["_generate"]>) {
    const started = performance.now();
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    this.waitedMs += performance.now() - started;
    return super._generate(...args);
  }
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const ms = (value: number) => +value.toFixed(1);

async function measure(db: Db, raw: RawDatabase) {
  const jobs = await openJobQueue(raw);
  const services = (model: ThinkingModel) => ({
    ...createServices({
      db,
      jobs,
      events: createEventBus().pubsub,
      logger: silent,
      llm: { model, name: "offline" },
      media: createMediaMaker({ kind: "offline" }),
      mediaDir: tmpdir(),
    }),
    workspaceId: LOCAL_WORKSPACE_ID,
  });
  let n = 0;
  const campaign = async () =>
    (await writeSampleCampaign(db, { key: `bench-${process.pid}-${n++}`, phases: 5, postsPerPhase: 5, initialOnly: true }))
      .campaignId;
  /** One regeneration's time minus the time its model waited. */
  const regenerate = async (modelMs: number, campaignId: string) => {
    const model = new ThinkingModel(modelMs);
    const started = performance.now();
    await regenerateStrategy(services(model), {
      campaignId,
      phaseNum: 3,
      newDirection: `direction ${n++}: developer-first demos`,
    });
    return performance.now() - started - model.waitedMs;
  };

  const rows: Record<string, Record<string, number | string>> = {};
  let baseline = Number.NaN;
  let baselineP50 = Number.NaN;
  for (const { modelMs, runs, warmup } of SCENARIOS) {
    const id = await campaign();
    const overheads: number[] = [];
    for (let i = 0; i < warmup + runs; i++) {
      const overhead = await regenerate(modelMs, id);
      if (i >= warmup) overheads.push(overhead);
    }
    const p95 = percentile(overheads, 95);
    const p50 = percentile(overheads, 50);
    if (modelMs === 0) [baseline, baselineP50] = [p95, p50];
    rows[`model ${modelMs / 1000} s`] = {
      runs,
      "p50 ms (minus model)": ms(p50),
      "p95 ms (minus model)": ms(p95),
      "max ms (minus model)": ms(Math.max(...overheads)),
      "p95 ÷ p95(0 s)": +(p95 / baseline).toFixed(2),
      "p50 ÷ p50(0 s)": +(p50 / baselineP50).toFixed(2),
    };
  }

  // 20 at once, each on its own campaign, against one at a time on the same campaigns.
  const ids = await Promise.all(Array.from({ length: CONCURRENT }, campaign));
  const alone: number[] = [];
  for (const id of ids) alone.push(await regenerate(0, id));
  const together: number[] = [];
  const walls: number[] = [];
  for (let round = 0; round < CONCURRENT_ROUNDS; round++) {
    const started = performance.now();
    together.push(...(await Promise.all(ids.map((id) => regenerate(0, id)))));
    walls.push(performance.now() - started);
  }
  rows["1 at a time"] = {
    runs: alone.length,
    "p50 ms (minus model)": ms(percentile(alone, 50)),
    "p95 ms (minus model)": ms(percentile(alone, 95)),
    "max ms (minus model)": ms(Math.max(...alone)),
    "per s": ms(1000 / percentile(alone, 50)),
  };
  rows[`${CONCURRENT} at once`] = {
    runs: together.length,
    "p50 ms (minus model)": ms(percentile(together, 50)),
    "p95 ms (minus model)": ms(percentile(together, 95)),
    "max ms (minus model)": ms(Math.max(...together)),
    "per s": ms((CONCURRENT * 1000) / percentile(walls, 50)),
  };
  await jobs.stop();
  return rows;
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

for (const [dialect, rows] of Object.entries(results)) {
  console.log(`regenerateStrategy, 5 phases × 5 posts from phase 3 — ${dialect}`);
  if (typeof rows === "string") console.log(`  ${rows}`);
  else console.table(rows);
}
await mkdir(new URL("./results/", import.meta.url), { recursive: true });
await writeFile(
  new URL("./results/regenerate.json", import.meta.url),
  `${JSON.stringify({ at: new Date().toISOString(), quick, results }, null, 2)}\n`,
);
process.exit(0); // the migration engine leaves a timer behind
