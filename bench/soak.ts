// npm run soak [-- --clients 20 --seconds 60 --think-ms 100 --drain-seconds 120 --postgres --redis]
// A load/soak run on loopback (never part of npm test). The service runs in this process as
// `npm start` builds it: a fresh DATA_DIR with embedded PGlite (--postgres: a throwaway database on
// SOAK_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres; --redis: events and the
// model budget through REDIS_URL, default redis://127.0.0.1:6379), the offline model, the model
// budget raised out of the way (a RATE_LIMITED answer is still counted, apart from errors).
//
// Each of N clients plans a campaign, keeps one graphql-ws subscription on it (campaignEvents from
// its lastEventSequence, as the canvas does) and then, for the duration, sends the canvas's own
// documents (client/src/generated) in a weighted mix with a random pause (0–2× --think-ms):
// CampaignPage, CampaignList, PostDrawer, CampaignMetrics, StrategyAtVersion, TimelineCompareVersions,
// postsByCampaign; regenerateStrategy with expectedVersion on its campaign (10 %) or on someone
// else's with the version its last list showed (2 %), createCampaign and a switch to it (2 %).
//
// Measured: requests, requests/s, latency (p50/p95/p99/max, per operation and overall, errors
// included), errors (anything but RATE_LIMITED and VERSION_CONFLICT — the latter is what a stale
// expectedVersion must get — plus subscription errors, sequence gaps, subscribers that end behind
// their campaign's event log, and server event streams left open: one per subscriber at the end,
// none 5 s after the clients leave), events received, the drain of the content jobs after the
// run (until no active post is PENDING/GENERATING), and memory (RSS, heap, external — service and
// clients together) after a forced GC at the start and at the end. Exit code 1 if errors > 0.
// Prints tables and writes bench/results/soak.json.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { formatDocument } from "@urql/core";
import { type DocumentNode, type OperationDefinitionNode, parse, print } from "graphql";
import { type Client, createClient } from "graphql-ws";
import pg from "pg";
import WebSocket from "ws";
import * as canvas from "../client/src/generated/graphql.js";
import { buildApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { migrateDeploy } from "../src/db/migrate.js";
import { openEventStreams } from "../src/events/campaign-stream.js";

const { values: args } = parseArgs({
  options: {
    clients: { type: "string", default: process.env.SOAK_CLIENTS ?? "20" },
    seconds: { type: "string", default: process.env.SOAK_SECONDS ?? "60" },
    "think-ms": { type: "string", default: process.env.SOAK_THINK_MS ?? "100" },
    "drain-seconds": { type: "string", default: "120" },
    postgres: { type: "boolean", default: false },
    redis: { type: "boolean", default: false },
  },
});
const CLIENTS = Math.max(1, Number(args.clients));
const SECONDS = Math.max(1, Number(args.seconds));
const THINK_MS = Math.max(0, Number(args["think-ms"]));
const DRAIN_SECONDS = Math.max(1, Number(args["drain-seconds"]));

// --- the service ----------------------------------------------------------------------------

const dataDir = await mkdtemp(join(tmpdir(), "phasewise-soak-"));
const database = args.postgres ? await throwawayDatabase() : undefined;
const redisUrl = args.redis ? process.env.REDIS_URL || "redis://127.0.0.1:6379" : undefined;
const app = await buildApp(
  loadConfig({
    DATA_DIR: dataDir,
    PORT: "0",
    LOG_LEVEL: "silent",
    DATABASE_URL: database?.url,
    REDIS_URL: redisUrl,
    RATE_LIMIT_MODEL_REQUESTS: "1000000",
    RATE_LIMIT_KEY_PREFIX: `phasewise:soak:${process.pid}:`,
  }),
);
const url = await app.start();
const wsUrl = `${url.replace(/^http/, "ws")}/graphql`;

async function throwawayDatabase() {
  const server = process.env.SOAK_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
  const name = `phasewise_soak_${process.pid}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const target = new URL(server);
  target.pathname = `/${name}`;
  await migrateDeploy(target.toString());
  return {
    url: target.toString(),
    drop: async () => {
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

// --- requests and what they counted -----------------------------------------------------------

type Outcome = "ok" | "conflict" | "rateLimited" | "error";
interface OperationStats {
  latencies: number[];
  ok: number;
  conflict: number;
  rateLimited: number;
  error: number;
}
const stats = new Map<string, OperationStats>();
const errorMessages = new Map<string, number>();
let recording = false;
const totals = { rateLimited: 0, errors: 0, conflicts: 0 };

function countError(message: string) {
  totals.errors++;
  errorMessages.set(message, (errorMessages.get(message) ?? 0) + 1);
}

function record(kind: string, ms: number, outcome: Outcome, message?: string) {
  if (outcome === "error") countError(`${kind}: ${message}`);
  if (outcome === "rateLimited") totals.rateLimited++;
  if (outcome === "conflict") totals.conflicts++;
  if (!recording) return;
  const s = stats.get(kind) ?? { latencies: [], ok: 0, conflict: 0, rateLimited: 0, error: 0 };
  stats.set(kind, s);
  s.latencies.push(ms);
  s[outcome]++;
}

/** A document as the canvas sends it: urql adds __typename to queries and mutations. */
function textOf(document: DocumentNode) {
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === "OperationDefinition");
  return print(operation?.operation === "subscription" ? document : formatDocument(document));
}
const texts = new Map<DocumentNode, string>();

interface GraphQLErrorJson {
  message: string;
  extensions?: { code?: string; resumeAfterSequence?: number };
}

/** One POST /graphql; resolves to the data, or undefined for any other outcome (counted). */
async function request<R, V>(kind: string, document: TypedDocumentNode<R, V>, variables: V): Promise<R | undefined> {
  const text = texts.get(document) ?? textOf(document);
  texts.set(document, text);
  const started = performance.now();
  try {
    const response = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json" },
      body: JSON.stringify({ query: text, variables }),
    });
    const body = (await response.json().catch(() => ({}))) as { data?: R | null; errors?: GraphQLErrorJson[] };
    const ms = performance.now() - started;
    const codes = new Set(body.errors?.map((e) => e.extensions?.code));
    if (body.errors?.length) {
      if (codes.size === 1 && codes.has("RATE_LIMITED")) record(kind, ms, "rateLimited");
      else if (codes.size === 1 && codes.has("VERSION_CONFLICT")) record(kind, ms, "conflict");
      else
        record(
          kind,
          ms,
          "error",
          `${body.errors.map((e) => `${e.extensions?.code ?? "?"} ${e.message}`).join("; ")} (HTTP ${response.status})`,
        );
      return undefined;
    }
    if (response.status !== 200 || !body.data) {
      record(kind, ms, "error", `HTTP ${response.status} without errors`);
      return undefined;
    }
    record(kind, ms, "ok");
    return body.data;
  } catch (error) {
    record(kind, performance.now() - started, "error", (error as Error).message);
    return undefined;
  }
}

/** postsByCampaign is not on the canvas; scripts call it. */
const PostsByCampaignDocument = parse(
  `query PostsByCampaign($id: ID!) { postsByCampaign(campaignId: $id) { id phase title platform status contentStatus version } }`,
) as TypedDocumentNode<{ postsByCampaign: { id: string }[] }, { id: string }>;

// --- clients ----------------------------------------------------------------------------------

interface Subscription {
  campaignId: string;
  /** Last sequence received (or the one subscribed after). */
  last: number;
  stop: () => void;
}

interface SoakClient {
  n: number;
  ws: Client;
  campaignId: string;
  version: number;
  lastPhase: number;
  postIds: string[];
  /** Other campaigns and their version as this client's last CampaignList showed them. */
  others: { id: string; currentVersion: number }[];
  sub?: Subscription;
  events: number;
  resubscribes: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)];
const randomInt = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));
let closing = false;

const DIRECTIONS = [
  "pivot to developer-first strategy with technical demos",
  "lean on customer stories from early adopters",
  "focus on founders in fintech and their compliance worries",
  "go community-led: open office hours and a Discord launch",
  "emphasise the free tier and a self-serve onboarding",
];

async function createCampaign(client: SoakClient | undefined, n: number) {
  const data = await request("NewCampaign", canvas.NewCampaignDocument, {
    input: {
      name: `Soak ${n} ${Date.now().toString(36)}`,
      productDescription: "Janus – AI-powered GTM OS for technical founders",
      gtmGoals: "Launch product and acquire first 100 users in 4 weeks",
      phaseCount: randomInt(3, 4),
    },
  });
  return data?.createCampaign.campaign.id ?? (client ? undefined : fail("setup: createCampaign failed"));
}

function fail(message: string): never {
  throw new Error(`${message}; errors so far: ${JSON.stringify([...errorMessages])}`);
}

/** Reloads the campaign page; false if it failed (counted). */
async function loadPage(client: SoakClient) {
  const data = await request("CampaignPage", canvas.CampaignPageDocument, { id: client.campaignId });
  if (!data) return false;
  if (!data.campaign) {
    countError(`CampaignPage: own campaign ${client.campaignId} is null`);
    return false;
  }
  client.version = data.campaign.currentVersion;
  const phases = data.campaign.strategy.phases;
  client.lastPhase = phases.reduce((last, p) => (p.posts.length > 0 ? Math.max(last, p.number) : last), 0);
  client.postIds = phases.flatMap((p) => p.posts.map((post) => post.id));
  return data.campaign.lastEventSequence;
}

/** Subscribes to the client's campaign after `after`, as the canvas's live page does. */
function subscribe(client: SoakClient, after: number) {
  const sub: Subscription = { campaignId: client.campaignId, last: after, stop: () => {} };
  sub.stop = client.ws.subscribe<canvas.CampaignPageEventsSubscription>(
    { query: textOf(canvas.CampaignPageEventsDocument), variables: { id: client.campaignId, after } },
    {
      next: (result) => {
        const errors = result.errors as GraphQLErrorJson[] | undefined;
        const resume = errors?.find((e) => e.extensions?.code === "RATE_LIMITED")?.extensions?.resumeAfterSequence;
        if (resume !== undefined) {
          // Fell too far behind: the server ended it; pick up where it says.
          totals.rateLimited++;
          client.resubscribes++;
          if (client.sub === sub && !closing) client.sub = subscribe(client, resume);
          return;
        }
        if (errors?.length || !result.data) return countError(`subscription: ${JSON.stringify(errors)}`);
        const { sequence } = result.data.campaignEvents;
        if (sequence !== sub.last + 1) countError(`subscription: sequence ${sequence} after ${sub.last}`);
        sub.last = sequence;
        client.events++;
      },
      error: (error) => {
        if (!closing) countError(`subscription: ${error instanceof Error ? error.message : JSON.stringify(error)}`);
      },
      complete: () => {},
    },
  );
  return sub;
}

async function newClient(n: number): Promise<SoakClient> {
  const ws = createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
  const campaignId = await createCampaign(undefined, n);
  const client: SoakClient = {
    n,
    ws,
    campaignId: campaignId ?? "",
    version: 1,
    lastPhase: 0,
    postIds: [],
    others: [],
    events: 0,
    resubscribes: 0,
  };
  const sequence = await loadPage(client);
  if (sequence === false) fail("setup: CampaignPage failed");
  client.sub = subscribe(client, sequence);
  return client;
}

async function regenerate(client: SoakClient) {
  const foreign = Math.random() < 1 / 6 ? pick(client.others) : undefined;
  const data = await request("ChatRegenerateStrategy", canvas.ChatRegenerateStrategyDocument, {
    input: foreign
      ? // Someone else's campaign, with the version the list showed: VERSION_CONFLICT if it moved on.
        {
          campaignId: foreign.id,
          phaseNum: randomInt(2, 3),
          newDirection: pick(DIRECTIONS) ?? "",
          expectedVersion: foreign.currentVersion,
        }
      : {
          campaignId: client.campaignId,
          phaseNum: randomInt(1, Math.min(client.lastPhase + 1, 6)),
          newDirection: `${pick(DIRECTIONS)} (${client.n}.${client.version})`,
          expectedVersion: client.version,
        },
  });
  if (foreign && data) foreign.currentVersion = data.regenerateStrategy.campaign.currentVersion;
  // The canvas redraws from the stream and reloads on a conflict; reloading covers both.
  if (!foreign) await loadPage(client);
}

async function switchToNewCampaign(client: SoakClient) {
  const id = await createCampaign(client, client.n);
  if (!id) return;
  const previous = client.sub;
  client.campaignId = id;
  const sequence = await loadPage(client);
  if (sequence === false) return;
  client.sub = subscribe(client, sequence);
  previous?.stop();
}

const MIX: [weight: number, action: (c: SoakClient) => Promise<unknown>][] = [
  [27, loadPage],
  [
    15,
    async (c) => {
      const data = await request("CampaignList", canvas.CampaignListDocument, {});
      if (data) c.others = data.campaigns.filter((x) => x.id !== c.campaignId);
    },
  ],
  [15, (c) => request("PostDrawer", canvas.PostDrawerDocument, { id: pick(c.postIds) ?? "" })],
  [8, (c) => request("CampaignMetrics", canvas.CampaignMetricsDocument, { id: c.campaignId })],
  [5, (c) => request("PostsByCampaign", PostsByCampaignDocument, { id: c.campaignId })],
  [
    8,
    (c) => request("StrategyAtVersion", canvas.StrategyAtVersionDocument, { id: c.campaignId, version: randomInt(1, c.version) }),
  ],
  [
    8,
    (c) =>
      c.version < 2
        ? request("StrategyAtVersion", canvas.StrategyAtVersionDocument, { id: c.campaignId, version: 1 })
        : request("TimelineCompareVersions", canvas.TimelineCompareVersionsDocument, {
            id: c.campaignId,
            from: randomInt(1, c.version - 1),
            to: c.version,
          }),
  ],
  [12, regenerate],
  [2, switchToNewCampaign],
];
const TOTAL_WEIGHT = MIX.reduce((sum, [w]) => sum + w, 0);

function nextAction() {
  let r = Math.random() * TOTAL_WEIGHT;
  for (const [weight, action] of MIX) {
    r -= weight;
    if (r < 0) return action;
  }
  return loadPage;
}

async function run(client: SoakClient, until: number) {
  while (performance.now() < until) {
    await nextAction()(client);
    if (THINK_MS > 0) await sleep(Math.random() * 2 * THINK_MS);
  }
}

// --- memory, percentiles, the drain ---------------------------------------------------------

const gc = (globalThis as { gc?: () => void }).gc;
function memory() {
  gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external };
}
const mb = (bytes: number) => +(bytes / 1024 / 1024).toFixed(1);
const ms = (n: number) => +n.toFixed(1);
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
function summarize(latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    p50: ms(percentile(sorted, 50)),
    p95: ms(percentile(sorted, 95)),
    p99: ms(percentile(sorted, 99)),
    max: ms(sorted.at(-1) ?? Number.NaN),
  };
}

async function contentLeft() {
  const [pending, generating, failed, campaigns] = await Promise.all([
    app.db.post.count({ where: { isActive: true, contentStatus: "PENDING" } }),
    app.db.post.count({ where: { isActive: true, contentStatus: "GENERATING" } }),
    app.db.post.count({ where: { isActive: true, contentStatus: "FAILED" } }),
    app.db.campaign.groupBy({ by: ["status"], _count: true }),
  ]);
  const byStatus = Object.fromEntries(campaigns.map((c) => [c.status, c._count]));
  return { pending, generating, failed, byStatus };
}

// --- the run ----------------------------------------------------------------------------------

let peakRss = 0;
/** RSS every 10 s from the start of the timed run: growth that levels off is not a leak. */
const rssTimeline: number[] = [];
let nextSample = Number.POSITIVE_INFINITY;
const sampler = setInterval(() => {
  const { rss } = process.memoryUsage();
  peakRss = Math.max(peakRss, rss);
  if (performance.now() < nextSample) return;
  rssTimeline.push(mb(rss));
  nextSample += 10_000;
}, 500);

const clients = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => newClient(i + 1)));
// Warm-up: every document once per client, unrecorded.
for (const [, action] of MIX.filter(([, a]) => a !== regenerate && a !== switchToNewCampaign))
  await Promise.all(clients.map((c) => action(c)));
if (totals.errors > 0) fail("warm-up failed");
const memoryStart = memory();
for (const c of clients) c.events = 0;

recording = true;
const started = performance.now();
nextSample = started;
await Promise.all(clients.map((c) => run(c, started + SECONDS * 1000)));
const elapsed = (performance.now() - started) / 1000;
recording = false;
nextSample = Number.POSITIVE_INFINITY;

// The content jobs the run queued, then every subscriber level with its campaign's event log.
const drainStarted = performance.now();
let left = await contentLeft();
console.log(`run over; draining the content jobs (active posts pending ${left.pending}, generating ${left.generating})`);
for (let tick = 1; (left.pending > 0 || left.generating > 0) && performance.now() - drainStarted < DRAIN_SECONDS * 1000; tick++) {
  await sleep(250);
  left = await contentLeft();
  if (tick % 40 === 0) console.log(`  ${tick / 4} s: pending ${left.pending}, generating ${left.generating}`);
}
const drainSeconds = (performance.now() - drainStarted) / 1000;
const drained = left.pending === 0 && left.generating === 0;
if (left.failed > 0) countError(`content: ${left.failed} active posts FAILED`);
const behind = async () => {
  const logs = await app.db.campaign.findMany({
    where: { id: { in: clients.map((c) => c.campaignId) } },
    select: { id: true, lastEventSequence: true },
  });
  const last = new Map(logs.map((c) => [c.id, c.lastEventSequence]));
  return clients.filter((c) => c.sub && c.sub.last !== last.get(c.sub.campaignId));
};
let lagging = await behind();
for (let waited = 0; lagging.length > 0 && waited < 10_000; waited += 100) {
  await sleep(100);
  lagging = await behind();
}
for (const c of lagging) countError(`subscription: client ${c.n} ended at sequence ${c.sub?.last}, behind its campaign's log`);

// One server-side stream per subscriber: those of campaigns a client switched away from are closed.
const streamsAtEnd = openEventStreams();
if (streamsAtEnd !== CLIENTS)
  countError(`subscription: ${streamsAtEnd} event streams open on the server for ${CLIENTS} subscribers`);
closing = true;
for (const c of clients) c.sub?.stop();
await Promise.all(clients.map((c) => c.ws.dispose()));
for (let waited = 0; openEventStreams() > 0 && waited < 5_000; waited += 50) await sleep(50);
const streamsAfterClose = openEventStreams();
if (streamsAfterClose > 0) countError(`subscription: ${streamsAfterClose} event streams still open 5 s after every client left`);
clearInterval(sampler);
const memoryEnd = memory();

// --- report -----------------------------------------------------------------------------------

const all = [...stats.values()];
const requests = all.reduce((sum, s) => sum + s.latencies.length, 0);
const events = clients.map((c) => c.events);
const results = {
  setup: {
    clients: CLIENTS,
    seconds: SECONDS,
    thinkMs: THINK_MS,
    database: database ? "PostgreSQL" : "embedded PGlite",
    events: redisUrl ? "Redis" : "in-process",
    model: "offline",
    gc: gc ? "forced" : "unavailable (run with node --expose-gc)",
  },
  totals: {
    durationS: +elapsed.toFixed(1),
    requests,
    requestsPerS: +(requests / elapsed).toFixed(1),
    errors: totals.errors,
    rateLimited: totals.rateLimited,
    versionConflicts: totals.conflicts,
    ...summarize(all.flatMap((s) => s.latencies)),
  },
  operations: Object.fromEntries(
    [...stats]
      .sort(([, a], [, b]) => b.latencies.length - a.latencies.length)
      .map(([kind, s]) => [
        kind,
        {
          requests: s.latencies.length,
          ok: s.ok,
          errors: s.error,
          conflicts: s.conflict,
          rateLimited: s.rateLimited,
          ...summarize(s.latencies),
        },
      ]),
  ),
  subscriptions: {
    subscribers: CLIENTS,
    events: events.reduce((a, b) => a + b, 0),
    minPerClient: Math.min(...events),
    maxPerClient: Math.max(...events),
    withoutEvents: events.filter((n) => n === 0).length,
    resubscribes: clients.reduce((sum, c) => sum + c.resubscribes, 0),
    behindAtEnd: lagging.length,
    serverStreamsAtEnd: streamsAtEnd,
    serverStreamsAfterClose: streamsAfterClose,
  },
  content: {
    drainS: +drainSeconds.toFixed(1),
    drained,
    activePostsPending: left.pending,
    activePostsGenerating: left.generating,
    activePostsFailed: left.failed,
    campaignsByStatus: left.byStatus,
  },
  memoryMB: {
    rssStart: mb(memoryStart.rss),
    rssEnd: mb(memoryEnd.rss),
    rssGrowth: mb(memoryEnd.rss - memoryStart.rss),
    rssPeak: mb(peakRss),
    rssEvery10s: rssTimeline,
    heapStart: mb(memoryStart.heapUsed),
    heapEnd: mb(memoryEnd.heapUsed),
    heapGrowth: mb(memoryEnd.heapUsed - memoryStart.heapUsed),
    externalStart: mb(memoryStart.external),
    externalEnd: mb(memoryEnd.external),
  },
  firstErrors: [...errorMessages].slice(0, 5).map(([message, count]) => `${count}× ${message}`),
};

console.log(
  `soak: ${CLIENTS} clients for ${SECONDS} s on ${results.setup.database}, ${results.setup.events} events, offline model (service and clients in one process)`,
);
console.table({ ...results.totals });
console.table(results.operations);
console.table({ subscriptions: results.subscriptions });
console.table({ content: { ...results.content, campaignsByStatus: JSON.stringify(left.byStatus) } });
const { rssEvery10s, ...memoryTable } = results.memoryMB;
console.table({ memoryMB: memoryTable });
console.log(`RSS every 10 s of the run, MB: ${rssEvery10s.join(" ")}`);
if (results.firstErrors.length > 0) console.log(`first errors:\n  ${results.firstErrors.join("\n  ")}`);
console.log(totals.errors === 0 ? "PASS: 0 errors" : `FAIL: ${totals.errors} errors`);

await app.stop();
await database?.drop();
await rm(dataDir, { recursive: true, force: true });
await mkdir(new URL("./results/", import.meta.url), { recursive: true });
await writeFile(
  new URL("./results/soak.json", import.meta.url),
  `${JSON.stringify({ at: new Date().toISOString(), results }, null, 2)}\n`,
);
process.exit(totals.errors === 0 ? 0 : 1);
