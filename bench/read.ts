// npm run bench (first part) — the read path against peers.
//
// postsByCampaign with nested `next`, the selected variant, the copy and the metrics of a 5-phase ×
// 5-post campaign with 3 versions of history, served over HTTP by
//   phasewise  the whole app (graphql-yoga + Pothos + Prisma), as `npm start` builds it: a repeated
//              read of an unchanged campaign is answered from its read cache (src/plugins/read-cache.ts);
//   phasewise-uncached  the same with the read cache off (READ_CACHE_MB=0): every request executes;
//   apollo     Apollo Server 5 (standalone), hand-written SDL and resolvers;
//   mercurius  Fastify + Mercurius with graphql-jit, the same SDL and resolvers;
//   raw        node:http + the same Prisma calls + JSON.stringify (the floor);
// all over the same database, through a Prisma client made as the app makes it (src/db/client.ts),
// on embedded PGlite and on PostgreSQL (127.0.0.1:5432, or BENCH_DATABASE_URL; skipped if
// unreachable). Each server runs in its own process pinned to core 1; this process, the load
// generator (autocannon), is pinned to core 0. Every server's answer is checked against the others
// before it is measured. Rounds are interleaved (each round starts every server afresh, in a
// rotating order): warm-up, then one measured run per round; the table has the median req/s, p50
// and p99 of the rounds and the min–max of req/s across them.
//
// Then SQL statements per request at 10, 100 and 1,000 posts (Prisma's query events, as in
// tests/api/statement-count.test.ts), for Phasewise executing the query (read cache off), for a
// repeated read answered from the read cache, and for the peers' hand-written Prisma call.
//
// Prints the tables and writes bench/results/read.json.
//   --quick        1 round of 3 s after 1 s of warm-up (a smoke run)
//   --rounds=N     N measured rounds per server (default 3)
//   --db=pglite|postgres   one dialect only
//   --servers=a,b  only these servers (phasewise, apollo, mercurius, raw, or an --explore one)
//   --explore      also Yoga on the Phasewise schema without the app: yoga-app (createGraphQLServer
//                  only), yoga-bare (Yoga defaults), yoga-bare-limits, yoga-bare-jit
//   --profile[=kind,…]  also one run of the Phasewise server (or of these servers) per dialect under
//                  V8's sampling profiler, after the warm-up: the profile goes to bench/results/profiles/
//                  and its heaviest layers, packages and functions are printed
import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import pg from "pg";
import { type Db, openDatabase, prismaForPGlite, prismaForPostgres } from "../src/db/client.js";
import { migrateDeploy } from "../src/db/migrate.js";
import { openPGlite } from "../src/db/pglite.js";
import { createGraphQLServer } from "../src/http/graphql-server.js";
import { machineBusyPct, pinning, quietMachine as quietFor } from "./machine.js";
import { summariseProfile } from "./profile.js";
import { EXPLORE, PEERS, READ_QUERY, type ServerKind, servicesFor, writeReadCampaign } from "./read/data.js";
import { asQueryResult, loadPosts } from "./read/peers.js";

const args = process.argv.slice(2);
const QUICK = args.includes("--quick");
const PROFILE: ServerKind[] = args.includes("--profile")
  ? ["phasewise"]
  : ((args
      .find((a) => a.startsWith("--profile="))
      ?.slice("--profile=".length)
      .split(",") as ServerKind[] | undefined) ?? []);
const ONLY = args.find((a) => a.startsWith("--db="))?.slice("--db=".length);
const ROUNDS = Number(args.find((a) => a.startsWith("--rounds="))?.slice("--rounds=".length) ?? (QUICK ? 1 : 3));
const DURATION_S = QUICK ? 3 : 10;
const WARMUP_S = QUICK ? 1 : 3;
const CONNECTIONS = 10;
/** Other processes using more than this (% of one core) around a run make it noisy: it is run again. */
const QUIET_PCT = 25;
const QUIET_WAIT_S = QUICK ? 5 : 60;
const RETRIES = QUICK ? 0 : 1;
const SIZES = [10, 100, 1000] as const;
const SERVERS = args
  .find((a) => a.startsWith("--servers="))
  ?.slice("--servers=".length)
  .split(",") as ServerKind[] | undefined;
const KINDS: ServerKind[] = SERVERS ?? [...PEERS, ...(args.includes("--explore") ? EXPLORE : [])];
const SERVER = fileURLToPath(new URL("./read/server.ts", import.meta.url));
const RESULTS = new URL("./results/", import.meta.url);

// ---- machine and pinning ----------------------------------------------------------------------

const pin = pinning("load generator");
pin.pinSelf();
const machine = { nproc: pin.cores, cpu: pin.cpu, node: process.version, pinning: pin.note };

// What to undo if this run is interrupted (Ctrl-C): running servers, the temp dir, the databases.
const cleanups = new Set<() => Promise<unknown>>();
const interrupted = async () => {
  for (const cleanup of [...cleanups].reverse()) await cleanup().catch(() => {});
  process.exit(130);
};
process.once("SIGINT", interrupted);
process.once("SIGTERM", interrupted);

// ---- servers ----------------------------------------------------------------------------------

interface Running {
  url: string;
  child: ChildProcess;
  /** What it printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `kind` over `target` (a DATA_DIR or a postgres:// URL) in its own process; resolves once
 * it serves. PGlite's data-dir lock outlives a server that had to be killed by up to 10 s: wait it out.
 */
async function startServer(kind: ServerKind, target: string, env: Record<string, string> = {}): Promise<Running> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startServerOnce(kind, target, env);
    } catch (error) {
      if (attempt === 3 || !String(error).includes("DatabaseInUseError")) throw error;
      await new Promise((r) => setTimeout(r, 11_000));
    }
  }
}

function startServerOnce(kind: ServerKind, target: string, env: Record<string, string> = {}): Promise<Running> {
  const node = ["--import", "tsx", SERVER, kind, target];
  const options: SpawnOptions = { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NODE_ENV: "production", ...env } };
  const child = spawn(...pin.onServerCore(process.execPath, node), options);
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const kill = async () => void child.kill("SIGKILL");
  cleanups.add(kill);
  exited.then(() => cleanups.delete(kill));
  const stop = async () => {
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      child.kill("SIGKILL");
      reject(new Error(`${kind} server ${why}:\n${output.slice(-4000)}`));
    };
    const timer = setTimeout(() => fail("did not start within 120 s"), 120_000);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /^READY (\S+)$/m.exec(output);
      if (ready?.[1]) {
        clearTimeout(timer);
        resolve({ url: ready[1], child, stop, output: () => output });
      }
    });
    exited.then((code) => {
      clearTimeout(timer);
      fail(`exited with ${code}`);
    });
  });
}

const body = (campaignId: string) => JSON.stringify({ query: READ_QUERY, variables: { id: campaignId } });

async function queryOnce(url: string, campaignId: string) {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: body(campaignId),
  });
  return { status: response.status, text: await response.text() };
}

/** The same data, key for key (JSON with sorted keys), or a thrown error saying where it differs. */
function sameData(kind: string, reference: { kind: string; text: string }, text: string) {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === "object"
        ? Object.fromEntries(
            Object.entries(value)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, v]) => [k, canonical(v)]),
          )
        : value;
  const a = JSON.stringify(canonical(JSON.parse(reference.text)));
  const b = JSON.stringify(canonical(JSON.parse(text)));
  if (a === b) {
    if (reference.text === text) return "byte-identical";
    let at = 0;
    while (reference.text[at] === text[at]) at++;
    return `same data (bytes differ at ${at}: ${JSON.stringify(text.slice(at, at + 12))})`;
  }
  let at = 0;
  while (a[at] === b[at]) at++;
  throw new Error(
    `${kind} answers differently from ${reference.kind} at character ${at}:\n  ${reference.kind}: …${a.slice(Math.max(0, at - 80), at + 120)}\n  ${kind}: …${b.slice(Math.max(0, at - 80), at + 120)}`,
  );
}

/** Waits (up to QUIET_WAIT_S) for other processes to use at most QUIET_PCT of a core; returns what they used last. */
const quietMachine = () => quietFor(QUIET_PCT, QUIET_WAIT_S);

interface Run {
  /** Other processes' CPU just before the server started and just after it stopped (% of one core), if known. */
  foreignCpuPctBefore?: number;
  foreignCpuPctAfter?: number;
  /** Either was over QUIET_PCT (and the retries were used up). */
  noisy?: boolean;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
}

async function load(url: string, campaignId: string, seconds: number): Promise<Run> {
  const r = await autocannon({
    url: `${url}/graphql`,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: body(campaignId),
    connections: CONNECTIONS,
    duration: seconds,
  });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    errors: r.errors,
    non2xx: r.non2xx,
  };
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

interface ServerResult {
  rounds: Run[];
  rps: number;
  p50Ms: number;
  p99Ms: number;
  rpsMin: number;
  rpsMax: number;
  responseBytes: number;
  answer: string;
}

/** Interleaved rounds over every server; each round starts each server afresh, warms it up and measures it. */
async function compare(dialect: string, target: string, campaignId: string) {
  const runs = new Map<ServerKind, Run[]>(KINDS.map((k) => [k, []]));
  const discarded: (Run & { kind: ServerKind; round: number })[] = [];
  const answers = new Map<ServerKind, { answer: string; bytes: number }>();
  let reference: { kind: string; text: string } | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    const order = KINDS.map((_, i) => KINDS[(i + round) % KINDS.length] as ServerKind);
    for (const kind of order) {
      // A run during which another process was busy is run again (up to RETRIES times; the last
      // attempt counts whatever happened, and says so).
      for (let attempt = 0; ; attempt++) {
        const before = await quietMachine();
        const server = await startServer(kind, target);
        let run: Run;
        try {
          const { status, text } = await queryOnce(server.url, campaignId);
          const parsed = JSON.parse(text) as { data?: { postsByCampaign?: unknown[] }; errors?: unknown };
          if (status !== 200 || parsed.errors || !parsed.data?.postsByCampaign?.length)
            throw new Error(`${kind} on ${dialect} answered ${status}: ${text.slice(0, 500)}`);
          reference ??= { kind, text };
          answers.set(kind, { answer: sameData(kind, reference, text), bytes: Buffer.byteLength(text) });
          await load(server.url, campaignId, WARMUP_S);
          run = await load(server.url, campaignId, DURATION_S);
          if (run.errors || run.non2xx)
            throw new Error(`${kind} on ${dialect}: ${run.errors} errors, ${run.non2xx} non-2xx answers`);
        } finally {
          await server.stop();
        }
        const after = await machineBusyPct();
        const noisy = (before ?? 0) > QUIET_PCT || (after ?? 0) > QUIET_PCT;
        const busy = before === undefined ? "" : `  (other processes: ${before}% CPU before, ${after}% after)`;
        process.stderr.write(
          `  ${dialect} round ${round + 1}/${ROUNDS} ${kind.padEnd(16)} ${run.rps.toFixed(0).padStart(6)} req/s  p50 ${run.p50} ms  p99 ${run.p99} ms${busy}${noisy ? " NOISY" : ""}\n`,
        );
        if (noisy && attempt < RETRIES) {
          discarded.push({ kind, round, foreignCpuPctBefore: before, foreignCpuPctAfter: after, ...run });
          continue;
        }
        runs.get(kind)?.push({ foreignCpuPctBefore: before, foreignCpuPctAfter: after, noisy, ...run });
        break;
      }
    }
  }
  const servers: Partial<Record<ServerKind, ServerResult>> = {};
  for (const [kind, rounds] of runs) {
    const rps = rounds.map((r) => r.rps);
    servers[kind] = {
      rounds,
      rps: Math.round(median(rps)),
      p50Ms: median(rounds.map((r) => r.p50)),
      p99Ms: median(rounds.map((r) => r.p99)),
      rpsMin: Math.round(Math.min(...rps)),
      rpsMax: Math.round(Math.max(...rps)),
      responseBytes: answers.get(kind)?.bytes ?? 0,
      answer: answers.get(kind)?.answer ?? "",
    };
  }
  // Ratio of the medians, and the median of the per-round ratios (the rounds are interleaved, so a
  // round's servers saw about the same machine: on a noisy one the paired ratio is the steadier).
  type Ours = "phasewise" | "phasewise-uncached";
  const ratio = (peer: ServerKind, ours: Ours) =>
    +((servers[ours]?.rps ?? Number.NaN) / (servers[peer]?.rps ?? Number.NaN)).toFixed(2);
  const paired = (peer: ServerKind, ours: Ours) => {
    const oursRuns = runs.get(ours) ?? [];
    const theirs = runs.get(peer) ?? [];
    return +median(oursRuns.map((r, i) => r.rps / (theirs[i]?.rps ?? Number.NaN))).toFixed(2);
  };
  const ratios = (of: (peer: ServerKind, ours: Ours) => number, ours: Ours) => ({
    phasewiseVsApollo: of("apollo", ours),
    phasewiseVsMercurius: of("mercurius", ours),
    phasewiseVsRaw: of("raw", ours),
  });
  return {
    servers,
    ratios: ratios(ratio, "phasewise"),
    pairedRatios: ratios(paired, "phasewise"),
    uncachedRatios: ratios(ratio, "phasewise-uncached"),
    uncachedPairedRatios: ratios(paired, "phasewise-uncached"),
    discarded,
  };
}

// ---- statements per request ---------------------------------------------------------------------

type CountingDb = Db & { statements: string[] };
const counting = (db: Db): CountingDb => {
  const statements: string[] = [];
  (db as unknown as { $on(e: "query", f: (e: { query: string }) => void): void }).$on("query", (e) => statements.push(e.query));
  return Object.assign(db, { statements });
};
const queryLog = { log: [{ emit: "event" as const, level: "query" as const }] };

/** SQL statements for one postsByCampaign request at each size, in the app (yoga.fetch) and in the peers' call. */
async function statementsPerRequest(db: CountingDb) {
  const uncached = createGraphQLServer({ ...servicesFor(db), production: true, graphiql: false, readCacheBytes: 0 });
  const cached = createGraphQLServer({ ...servicesFor(db), production: true, graphiql: false });
  type Measured = { statements: number; medianMs: number; sql: string[] };
  const out: Record<number, Record<"phasewise" | "cached" | "peers", Measured>> = {};
  for (const n of SIZES) {
    const phases = n === 10 ? 2 : 10;
    const campaignId = await writeReadCampaign(db, { key: `stmts-${n}`, phases, postsPerPhase: n / phases, initialOnly: true });
    const phasewise = (yoga: typeof cached) => async () => {
      const response = await yoga.fetch("http://phasewise.bench/graphql", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: body(campaignId),
      });
      const result = (await response.json()) as { data?: { postsByCampaign: unknown[] }; errors?: unknown };
      if (!result.data || result.errors || result.data.postsByCampaign.length !== n)
        throw new Error(`postsByCampaign at ${n} posts: ${JSON.stringify(result).slice(0, 500)}`);
    };
    const peers = async () => void JSON.stringify(asQueryResult(await loadPosts(db, campaignId)));
    const measure = async (request: () => Promise<void>) => {
      await request(); // warm
      db.statements.length = 0;
      await request();
      const statements = [...db.statements];
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        await request();
        times.push(performance.now() - started);
      }
      return { statements: statements.length, medianMs: +median(times).toFixed(1), sql: statements };
    };
    out[n] = {
      phasewise: await measure(phasewise(uncached)),
      cached: await measure(phasewise(cached)),
      peers: await measure(peers),
    };
  }
  return out;
}

// ---- dialects ---------------------------------------------------------------------------------

const CAMPAIGN = { key: "read-bench", phases: 5, postsPerPhase: 5 };

/**
 * On one dialect: the campaign written through `db` (then closed), the servers compared and
 * profiled over `target`, and the statements counted on a second, empty database.
 */
async function measure(dialect: string, target: string, db: Db, countingDb: () => Promise<CountingDb>) {
  const campaignId = await writeReadCampaign(db, CAMPAIGN);
  await db.$disconnect();
  const result = await compare(dialect, target, campaignId);
  const profiles = await profileAll(dialect, target, campaignId);
  const counted = await countingDb();
  const statements = await statementsPerRequest(counted);
  await counted.$disconnect();
  return { ...result, statements, profiles };
}

async function onPGlite() {
  const dataDir = await mkdtemp(join(tmpdir(), "phasewise-bench-read-"));
  const removeDir = () => rm(dataDir, { recursive: true, force: true });
  cleanups.add(removeDir);
  try {
    const pgliteDir = join(dataDir, "pglite"); // where the app opens DATA_DIR (src/config.ts)
    const { db } = await openDatabase({ kind: "embedded", dataDir: pgliteDir });
    return await measure("pglite", dataDir, db, async () => {
      const pglite = await openPGlite("memory://");
      await migrateDeploy(pglite);
      return counting(prismaForPGlite(pglite, queryLog));
    });
  } finally {
    await removeDir();
    cleanups.delete(removeDir);
  }
}

async function onPostgres() {
  const serverUrl = process.env.BENCH_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
  const admin = new pg.Client({ connectionString: serverUrl });
  const names = [`phasewise_bench_read_${process.pid}`, `phasewise_bench_stmts_${process.pid}`];
  const urlOf = (name: string) => {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  try {
    await admin.connect();
  } catch (error) {
    return `skipped: ${(error as Error).message}`;
  }
  const drop = async () => {
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
  };
  cleanups.add(drop);
  try {
    for (const name of names) {
      await admin.query(`CREATE DATABASE ${name}`);
      await migrateDeploy(urlOf(name));
    }
    const url = urlOf(names[0] as string);
    return await measure("postgres", url, prismaForPostgres(url), async () =>
      counting(prismaForPostgres(urlOf(names[1] as string), queryLog)),
    );
  } finally {
    await drop();
    cleanups.delete(drop);
    await admin.end().catch(() => {});
  }
}

/** One measured run of `kind` under V8's profiler (after the warm-up), summarised; the profile stays in bench/results/profiles/. */
async function profile(dialect: string, target: string, campaignId: string, kind: ServerKind = "phasewise") {
  const dir = fileURLToPath(new URL("./profiles/", RESULTS));
  await mkdir(dir, { recursive: true });
  const server = await startServer(kind, target, { BENCH_PROFILE_DIR: dir });
  let run: Run;
  try {
    await load(server.url, campaignId, WARMUP_S);
    server.child.kill("SIGUSR2");
    while (!server.output().includes("PROFILING")) await new Promise((r) => setTimeout(r, 10));
    run = await load(server.url, campaignId, DURATION_S);
  } finally {
    await server.stop();
  }
  const file = join(dir, `${dialect}-${kind}.cpuprofile`);
  await rename(join(dir, `${kind}.cpuprofile`), file);
  return {
    file: `bench/results/profiles/${dialect}-${kind}.cpuprofile`,
    rps: Math.round(run.rps),
    ...(await summariseProfile(file, run.requests)),
  };
}

async function profileAll(dialect: string, target: string, campaignId: string) {
  const out: Partial<Record<ServerKind, Awaited<ReturnType<typeof profile>>>> = {};
  for (const kind of PROFILE) out[kind] = await profile(dialect, target, campaignId, kind);
  return out;
}

// ---- main -------------------------------------------------------------------------------------

const results: Record<string, Awaited<ReturnType<typeof onPostgres>>> = {};
if (!ONLY || ONLY === "pglite") results.pglite = await onPGlite();
if (!ONLY || ONLY === "postgres") results.postgres = await onPostgres();

const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : "–");
console.log(
  `\nRead path: postsByCampaign (5 phases × 5 posts, 3 versions of history; nested next, selected variant, copy, metrics)`,
);
console.log(
  `${ROUNDS} round(s) of ${DURATION_S} s after ${WARMUP_S} s of warm-up, ${CONNECTIONS} connections; ${machine.pinning}; ${machine.nproc} × ${machine.cpu}, Node ${machine.node}`,
);
const table: Record<string, unknown> = {};
const ratios: Record<string, unknown> = {};
const statements: Record<string, unknown> = {};
for (const [dialect, r] of Object.entries(results)) {
  if (typeof r === "string") {
    table[dialect] = { "req/s": r };
    continue;
  }
  const { servers, ratios: q, statements: s } = r;
  for (const [kind, v] of Object.entries(servers))
    table[`${dialect} ${kind}`] = {
      "req/s": v.rps,
      "req/s min–max": `${v.rpsMin}–${v.rpsMax}`,
      "p50 ms": v.p50Ms,
      "p99 ms": v.p99Ms,
      "× phasewise": fmt((servers.phasewise?.rps ?? Number.NaN) / v.rps),
      "noisy rounds": v.rounds.filter((x) => x.noisy).length,
      answer: v.answer,
    };
  const ratioRow = (x: typeof q) => ({
    "phasewise / apollo (≥ 1.0)": fmt(x.phasewiseVsApollo),
    "phasewise / mercurius (≥ 1.0)": fmt(x.phasewiseVsMercurius),
    "phasewise / raw (≥ 0.6)": fmt(x.phasewiseVsRaw),
  });
  ratios[dialect] = ratioRow(q);
  ratios[`${dialect}, median of per-round ratios`] = ratioRow(r.pairedRatios);
  ratios[`${dialect}, read cache off`] = ratioRow(r.uncachedRatios);
  ratios[`${dialect}, read cache off, per-round`] = ratioRow(r.uncachedPairedRatios);
  for (const [n, v] of Object.entries(s))
    statements[`${dialect} ${n} posts`] = {
      "phasewise statements": v.phasewise.statements,
      "phasewise ms (1 request)": v.phasewise.medianMs,
      "cached answer: statements": v.cached.statements,
      "cached answer: ms": v.cached.medianMs,
      "peers' call statements": v.peers.statements,
      "peers' call ms": v.peers.medianMs,
    };
}
console.table(table);
console.log("Ratios of req/s, Phasewise to each peer (targets in brackets)");
console.table(ratios);
console.log("SQL statements per postsByCampaign request (in-process, one request, after one warm-up request)");
console.table(statements);
for (const [dialect, r] of Object.entries(results)) {
  if (typeof r === "string" || !Object.keys(r.profiles).length) continue;
  // CPU time of the server process per request, by layer, side by side.
  const layers: Record<string, Record<string, number | string>> = {};
  const cell = (row: string, kind: string, value: number | string) => {
    layers[row] = { ...layers[row], [kind]: value };
  };
  for (const [kind, profiled] of Object.entries(r.profiles)) {
    cell("total (req/s while profiled)", kind, `${profiled.cpuMsPerRequest} (${profiled.rps})`);
    for (const l of profiled.byLayer) cell(l.layer, kind, l["CPU ms per request"]);
  }
  console.log(`Server CPU ms per request by layer on ${dialect} (V8 profiler, one ${DURATION_S} s run after warm-up)`);
  console.table(layers);
  for (const [kind, profiled] of Object.entries(r.profiles)) {
    console.log(`Heaviest packages and functions of ${kind} on ${dialect} (self time; ${profiled.file})`);
    console.table(profiled.byPackage.slice(0, 12));
    console.table(profiled.topFunctions.slice(0, 12));
  }
}

await mkdir(RESULTS, { recursive: true });
await writeFile(
  new URL("./read.json", RESULTS),
  `${JSON.stringify(
    {
      at: new Date().toISOString(),
      machine,
      settings: { rounds: ROUNDS, durationSeconds: DURATION_S, warmupSeconds: WARMUP_S, connections: CONNECTIONS },
      query: READ_QUERY,
      results,
    },
    null,
    2,
  )}\n`,
);
process.exit(0); // the migration engine leaves a timer behind
