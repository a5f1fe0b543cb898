// Fan-out of one event to N graphql-ws subscribers, Phasewise against a bare
// graphql-yoga + graphql-ws harness publishing the same payload.
//
// Each server runs in its own process pinned to core 1 (bench/live/phasewise-server.ts,
// bench/live/bare-server.ts); this process, the subscribers (bench/live/subscribers.ts: one socket
// each, the canvas's subscription document), is pinned to core 0. Closed loop: the server is told
// to publish one event, and the next one is published once every subscriber has it (or after a
// timeout). Per delivery: the time from sending the publish command to the `next` message arriving
// (one clock: this process's). Per run: deliveries/s = deliveries ÷ (first publish → last
// delivery), p50/p99 of the deliveries, lost = expected − received (must be 0), the CPU used by
// the server, by the subscribers and by other processes (noise), and the SQL statements the
// server ran per event. Memory per idle subscriber: the server's memory after a forced GC with
// 0 and with 1,000 idle subscriptions open.
//
// Rounds are interleaved: each round starts every server afresh (in a rotating order) and runs the
// memory step, then N = 100 and N = 1,000 (each: warm-up, then measured). The machine may be
// shared: a server starts once the machine is quiet (or after a while), and a run during which
// other processes were busy is run again. The server's CPU time per delivery is also reported:
// unlike deliveries/s it hardly moves when a neighbour takes the core.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { machineCpu, pinning, quietMachine, sleep } from "../machine.js";
import { summariseProfile } from "../profile.js";
import { type Child, KINDS, type Kind, startChild } from "./children.js";
import { openSubscribers } from "./subscribers.js";

export type { Kind };

export interface FanoutOptions {
  rounds: number;
  /** Subscriber counts, with the events measured (after `warmup` unmeasured ones) at each. */
  sizes: { n: number; events: number; warmup: number }[];
  /** Open subscriptions for the memory step. */
  idleSubscribers: number;
  /** A delivery still missing this long after its publish is given up for (and counted lost). */
  timeoutMs: number;
  /** Also one profiled run of these servers at the largest N (the profile goes to bench/results/profiles/). */
  profile: Kind[];
  /**
   * The machine may be shared: before each server starts, wait up to `quietWaitS` for other
   * processes to use at most `quietPct` % of a core; a run during which they used more is run again
   * (up to `retries` times; the quietest attempt counts, marked noisy if still over).
   */
  quietPct: number;
  quietWaitS: number;
  retries: number;
}

// ---- measuring --------------------------------------------------------------------------------

const percentile = (sorted: ArrayLike<number>, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
export const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};
const round1 = (n: number) => +n.toFixed(1);

export interface Run {
  subscribers: number;
  events: number;
  deliveriesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  lost: number;
  /** Per event, publish → its last delivery (every subscriber has it): median and slowest. */
  eventP50Ms: number;
  eventMaxMs: number;
  /** A subscriber got an event twice, or out of order. */
  duplicates: number;
  problems: string[];
  elapsedMs: number;
  /** CPU over the run, % of one core: the server child, the subscribers (this process), everything else. */
  serverCpuPct: number;
  subscribersCpuPct: number;
  otherCpuPct?: number;
  /** The server's CPU time per delivery (µs): steadier than deliveries/s when the machine is shared. */
  serverCpuMicrosPerDelivery: number;
  sqlStatementsPerEvent: number;
  /** Other processes used more than QUIET_PCT of a core during the run (and the retries were used up). */
  noisy?: boolean;
}

/** A server child with `n` subscribers open: warm-up, then `events` events in a closed loop. */
async function fanOut(
  child: Child,
  n: number,
  events: number,
  warmup: number,
  timeoutMs: number,
  sequence: { next: number },
  onMeasuring?: () => Promise<void>,
  onMeasured?: () => Promise<void>,
): Promise<{ run: Run; payload: string }> {
  const last = new Int32Array(n).fill(sequence.next - 1);
  const sentAt = new Map<number, number>();
  let measuredFrom = Number.POSITIVE_INFINITY;
  const latencies: number[] = [];
  let duplicates = 0;
  let lastDelivery = 0;
  const eventTimes: number[] = [];
  let current = -1;
  let pending = 0;
  let allThere = () => {};
  const subscribers = await openSubscribers(child.ready.url, n, child.ready.campaignId, sequence.next - 1, (who, seq, at) => {
    if (seq <= (last[who] ?? 0)) return void duplicates++;
    last[who] = seq;
    if (seq >= measuredFrom) {
      latencies.push(at - (sentAt.get(seq) ?? at));
      lastDelivery = at;
    }
    if (seq === current && --pending === 0) allThere();
  });
  try {
    await waitFor(async () => (await child.call<number>({ op: "streams" })) === n, `${n} open streams`);
    const publishOne = async () => {
      const seq = sequence.next++;
      current = seq;
      pending = n;
      let timer: NodeJS.Timeout | undefined;
      const delivered = new Promise<void>((resolve) => {
        allThere = resolve;
        timer = setTimeout(resolve, timeoutMs); // what has not come by then is lost
      });
      const sent = performance.now();
      sentAt.set(seq, sent);
      await Promise.all([child.call({ op: "publish", sequence: seq }), delivered]);
      clearTimeout(timer);
      eventTimes.push(performance.now() - sent);
    };
    for (let i = 0; i < warmup; i++) await publishOne();
    if (subscribers.problems.length) throw new Error(`subscribers: ${subscribers.problems.slice(0, 5).join("\n")}`);
    await onMeasuring?.();
    const before = {
      own: process.cpuUsage(),
      server: await child.call<{ cpuMicros: number; statements: number }>({ op: "usage" }),
      machine: await machineCpu(),
    };
    measuredFrom = sequence.next;
    eventTimes.length = 0;
    const started = performance.now();
    for (let i = 0; i < events; i++) await publishOne();
    await sleep(100); // stragglers of the last event still count as delivered
    const elapsedMs = lastDelivery - started;
    const own = process.cpuUsage(before.own);
    const server = await child.call<{ cpuMicros: number; statements: number }>({ op: "usage" });
    const machine = await machineCpu();
    await onMeasured?.();
    const wallMicros = (performance.now() - started) * 1000;
    const pct = (micros: number) => Math.round((100 * micros) / wallMicros);
    const serverMicros = server.cpuMicros - before.server.cpuMicros;
    const ownMicros = own.user + own.system;
    const sorted = Float64Array.from(latencies).sort();
    return {
      payload: subscribers.lastMessage,
      run: {
        subscribers: n,
        events,
        deliveriesPerSecond: Math.round(latencies.length / (elapsedMs / 1000)),
        p50Ms: round1(percentile(sorted, 50)),
        p99Ms: round1(percentile(sorted, 99)),
        maxMs: round1(sorted.at(-1) ?? Number.NaN),
        lost: n * events - latencies.length,
        eventP50Ms: round1(median(eventTimes)),
        eventMaxMs: round1(Math.max(...eventTimes)),
        duplicates,
        problems: subscribers.problems.slice(0, 10),
        elapsedMs: Math.round(elapsedMs),
        serverCpuPct: pct(serverMicros),
        subscribersCpuPct: pct(ownMicros),
        otherCpuPct:
          machine && before.machine ? Math.max(0, pct(machine.busy - before.machine.busy - serverMicros - ownMicros)) : undefined,
        serverCpuMicrosPerDelivery: Math.round(serverMicros / latencies.length),
        sqlStatementsPerEvent: round1((server.statements - before.server.statements) / events),
      },
    };
  } finally {
    await subscribers.close();
    await waitFor(async () => (await child.call<number>({ op: "streams" })) === 0, "closed streams");
  }
}

async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

type Memory = NodeJS.MemoryUsage;

/** Server memory (after forced GC) with no subscription and with `n` idle ones: bytes per subscriber. */
async function idleMemory(child: Child, n: number, sequence: { next: number }) {
  const empty = await child.call<Memory>({ op: "memory" });
  const subscribers = await openSubscribers(child.ready.url, n, child.ready.campaignId, sequence.next - 1, () => {});
  try {
    await waitFor(async () => (await child.call<number>({ op: "streams" })) === n, `${n} open streams`);
    await sleep(500);
    const full = await child.call<Memory>({ op: "memory" });
    const per = (key: keyof Memory) => Math.round((full[key] - empty[key]) / n);
    return {
      subscribers: n,
      heapUsedBytes: per("heapUsed"),
      externalBytes: per("external"),
      rssBytes: per("rss"),
      serverRssMbIdle: round1(empty.rss / 2 ** 20),
      serverRssMbWithSubscribers: round1(full.rss / 2 ** 20),
    };
  } finally {
    await subscribers.close();
    await waitFor(async () => (await child.call<number>({ op: "streams" })) === 0, "closed streams");
  }
}

// ---- rounds -----------------------------------------------------------------------------------

export async function measureFanout(options: FanoutOptions, log: (line: string) => void) {
  const pin = pinning("subscribers");
  pin.pinSelf();
  const runs = new Map<string, Run[]>(); // `${kind} ${n}`
  const memory = new Map<Kind, Awaited<ReturnType<typeof idleMemory>>[]>();
  const payloads = new Map<Kind, string>();
  for (let round = 0; round < options.rounds; round++) {
    const order = KINDS.map((_, i) => KINDS[(i + round) % KINDS.length] as Kind);
    for (const kind of order) {
      const busy = await quietMachine(options.quietPct, options.quietWaitS);
      if (busy !== undefined && busy > options.quietPct)
        log(`  (the machine stayed busy: ${busy}% of a core before ${kind} started)`);
      const child = await startChild(kind, pin.onServerCore);
      const sequence = { next: 1 };
      try {
        // Memory first, on a fresh server (after 10 subscribers got 2 events, so that what the
        // first subscription sets up once is not counted per subscriber).
        await fanOut(child, 10, 1, 2, options.timeoutMs, sequence);
        const m = await idleMemory(child, options.idleSubscribers, sequence);
        memory.set(kind, [...(memory.get(kind) ?? []), m]);
        log(
          `  round ${round + 1}/${options.rounds} ${kind.padEnd(9)} memory per idle subscriber: heap ${m.heapUsedBytes} B, external ${m.externalBytes} B, RSS ${m.rssBytes} B`,
        );
        for (const size of options.sizes) {
          // A run during which other processes were busy is run again; the quietest attempt counts.
          let { run, payload } = await fanOut(child, size.n, size.events, size.warmup, options.timeoutMs, sequence);
          for (let attempt = 0; (run.otherCpuPct ?? 0) > options.quietPct; attempt++) {
            if (attempt === options.retries) {
              run.noisy = true;
              break;
            }
            log(`  round ${round + 1} ${kind} N=${size.n}: other processes used ${run.otherCpuPct}% of a core, again`);
            await quietMachine(options.quietPct, options.quietWaitS);
            const again = await fanOut(child, size.n, size.events, size.warmup, options.timeoutMs, sequence);
            if ((again.run.otherCpuPct ?? 0) < (run.otherCpuPct ?? 0)) ({ run, payload } = again);
          }
          payloads.set(kind, payload);
          runs.set(`${kind} ${size.n}`, [...(runs.get(`${kind} ${size.n}`) ?? []), run]);
          log(
            `  round ${round + 1}/${options.rounds} ${kind.padEnd(9)} N=${String(size.n).padEnd(5)} ${String(run.deliveriesPerSecond).padStart(7)} deliveries/s  p50 ${run.p50Ms} ms  p99 ${run.p99Ms} ms  all have it: p50 ${run.eventP50Ms} ms, max ${run.eventMaxMs} ms  lost ${run.lost}  server CPU ${run.serverCpuPct}%  subscribers CPU ${run.subscribersCpuPct}%  others ${run.otherCpuPct ?? "?"}%  server ${run.serverCpuMicrosPerDelivery} µs CPU/delivery  SQL/event ${run.sqlStatementsPerEvent}${run.noisy ? "  NOISY" : ""}`,
          );
        }
      } finally {
        await child.stop();
      }
    }
  }

  const profiles: Record<string, unknown> = {};
  const largest = options.sizes.at(-1);
  for (const kind of options.profile) {
    if (!largest) break;
    const dir = fileURLToPath(new URL("../results/profiles/", import.meta.url));
    await mkdir(dir, { recursive: true });
    const path = join(dir, `live-fanout-${kind}-${largest.n}.cpuprofile`);
    const child = await startChild(kind, pin.onServerCore);
    try {
      const { run } = await fanOut(
        child,
        largest.n,
        largest.events,
        largest.warmup,
        options.timeoutMs,
        { next: 1 },
        async () => void (await child.call({ op: "profile-start" })),
        async () => void (await child.call({ op: "profile-stop", path })),
      );
      profiles[kind] = { file: path, run, ...(await summariseProfile(path, largest.n * largest.events)) };
      log(`  profiled ${kind} at N=${largest.n}: ${run.deliveriesPerSecond} deliveries/s under the profiler → ${path}`);
    } finally {
      await child.stop();
    }
  }

  // Per N: the median of each figure over the rounds, the spread of deliveries/s and p99, and the
  // ratio Phasewise ÷ bare (of the medians, and the median of the per-round ratios: the rounds
  // are interleaved, so a round's two servers saw about the same machine).
  const summary = options.sizes.map(({ n }) => {
    const of = (kind: Kind) => {
      const rs = runs.get(`${kind} ${n}`) ?? [];
      const rates = rs.map((r) => r.deliveriesPerSecond);
      const p99s = rs.map((r) => r.p99Ms);
      return {
        deliveriesPerSecond: Math.round(median(rates)),
        deliveriesPerSecondMin: Math.min(...rates),
        deliveriesPerSecondMax: Math.max(...rates),
        p50Ms: round1(median(rs.map((r) => r.p50Ms))),
        p99Ms: round1(median(p99s)),
        p99MsMin: Math.min(...p99s),
        p99MsMax: Math.max(...p99s),
        lost: rs.reduce((sum, r) => sum + r.lost, 0),
        eventP50Ms: round1(median(rs.map((r) => r.eventP50Ms))),
        eventMaxMs: Math.max(...rs.map((r) => r.eventMaxMs)),
        serverCpuPct: Math.round(median(rs.map((r) => r.serverCpuPct))),
        subscribersCpuPct: Math.round(median(rs.map((r) => r.subscribersCpuPct))),
        serverCpuMicrosPerDelivery: Math.round(median(rs.map((r) => r.serverCpuMicrosPerDelivery))),
        sqlStatementsPerEvent: median(rs.map((r) => r.sqlStatementsPerEvent)),
        noisyRounds: rs.filter((r) => r.noisy).length,
        rounds: rs,
      };
    };
    const phasewise = of("phasewise");
    const bare = of("bare");
    const ours = runs.get(`phasewise ${n}`) ?? [];
    const theirs = runs.get(`bare ${n}`) ?? [];
    return {
      subscribers: n,
      phasewise,
      bare,
      ratio: +(phasewise.deliveriesPerSecond / bare.deliveriesPerSecond).toFixed(2),
      pairedRatio: +median(ours.map((r, i) => r.deliveriesPerSecond / (theirs[i]?.deliveriesPerSecond ?? Number.NaN))).toFixed(2),
      /** Bare's CPU per delivery ÷ Phasewise's: the throughput ratio the server's own work allows, whatever the neighbours did. */
      cpuRatio: +(bare.serverCpuMicrosPerDelivery / phasewise.serverCpuMicrosPerDelivery).toFixed(2),
    };
  });
  const memorySummary = Object.fromEntries(
    KINDS.map((kind) => {
      const ms = memory.get(kind) ?? [];
      return [
        kind,
        {
          subscribers: options.idleSubscribers,
          heapUsedBytesPerSubscriber: Math.round(median(ms.map((m) => m.heapUsedBytes))),
          externalBytesPerSubscriber: Math.round(median(ms.map((m) => m.externalBytes))),
          rssBytesPerSubscriber: Math.round(median(ms.map((m) => m.rssBytes))),
          rssBytesPerSubscriberMin: Math.min(...ms.map((m) => m.rssBytes)),
          rssBytesPerSubscriberMax: Math.max(...ms.map((m) => m.rssBytes)),
          rounds: ms,
        },
      ];
    }),
  );
  // The servers must send the same JSON, apart from the ids (which have the same length) and the sequence.
  const ids = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
  const [a, b] = [payloads.get("phasewise") ?? "", payloads.get("bare") ?? ""].map((p) =>
    p.replace(ids, "<id>").replace(/"sequence":\d+/, '"sequence":0'),
  );
  const payload = {
    phasewise: payloads.get("phasewise"),
    bare: payloads.get("bare"),
    bytes: Buffer.byteLength(payloads.get("phasewise") ?? ""),
    same: a === b,
  };
  return { pinning: pin.note, summary, memory: memorySummary, payload, profiles };
}
