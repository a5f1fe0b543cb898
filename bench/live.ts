// npm run bench (last part) — the live path, on the embedded default with the
// offline model:
//   1. commit → first PostCreated at a graphql-ws subscriber, and content for 10 posts, with the
//      app and its subscriber in this process (bench/live/in-process.ts);
//   2. fan-out of one event to 100 and 1,000 graphql-ws subscribers, Phasewise against a bare
//      graphql-yoga + graphql-ws harness publishing the same payload: deliveries/s, p50, p99, lost
//      (must be 0), the ratio Phasewise ÷ bare, and memory per idle subscriber; servers pinned to
//      core 1, subscribers to core 0 (bench/live/fanout.ts).
// Targets: fan-out ≥ 0.8× the bare harness with zero lost, and p99 ≤ 250 ms at 1,000 subscribers.
// Prints the tables and writes bench/results/live.json.
//   --quick         1 round with fewer events (a smoke run)
//   --rounds=N      measured rounds of the fan-out per server (default 3)
//   --profile[=phasewise,bare]  also one run at 1,000 subscribers under V8's sampling profiler
//                   (default: Phasewise's server); the profile goes to bench/results/profiles/ and
//                   its heaviest packages and functions are printed
//   --fanout-only / --in-process-only   one part only
import { mkdir, writeFile } from "node:fs/promises";
import { availableParallelism, cpus, loadavg } from "node:os";
import { type Kind, measureFanout } from "./live/fanout.js";
import { measureInProcess } from "./live/in-process.js";

const args = process.argv.slice(2);
const QUICK = args.includes("--quick");
const ROUNDS = Number(args.find((a) => a.startsWith("--rounds="))?.slice("--rounds=".length) ?? (QUICK ? 1 : 3));
const PROFILE: Kind[] = args.includes("--profile")
  ? ["phasewise"]
  : ((args
      .find((a) => a.startsWith("--profile="))
      ?.slice("--profile=".length)
      .split(",") as Kind[] | undefined) ?? []);
const IN_PROCESS = !args.includes("--fanout-only");
const FANOUT = !args.includes("--in-process-only");

const machine = {
  nproc: availableParallelism(), // before the fan-out pins this process to one core
  cpu: cpus()[0]?.model ?? "unknown",
  node: process.version,
  loadAverageAtStart: loadavg().map((l) => +l.toFixed(2)),
};
const log = (line: string) => process.stderr.write(`${line}\n`);

let inProcess: Awaited<ReturnType<typeof measureInProcess>> | undefined;
if (IN_PROCESS) {
  log("live path in one process (commit → first PostCreated, content for 10 posts)…");
  inProcess = await measureInProcess(QUICK ? { rounds: 5, warmup: 1, campaigns: 2 } : {});
}

const fanoutSettings = {
  rounds: ROUNDS,
  sizes: QUICK
    ? [
        { n: 100, events: 30, warmup: 5 },
        { n: 1000, events: 10, warmup: 3 },
      ]
    : [
        { n: 100, events: 300, warmup: 30 },
        { n: 1000, events: 100, warmup: 10 },
      ],
  idleSubscribers: 1000,
  timeoutMs: 10_000,
  profile: PROFILE,
  quietPct: 25,
  quietWaitS: QUICK ? 5 : 60,
  retries: QUICK ? 0 : 1,
};
let fanout: Awaited<ReturnType<typeof measureFanout>> | undefined;
if (FANOUT) {
  log(`fan-out, ${ROUNDS} round(s) per server…`);
  fanout = await measureFanout(fanoutSettings, log);
}

// ---- tables -----------------------------------------------------------------------------------

console.log(`\nmachine: ${machine.nproc} cores, ${machine.cpu}, Node ${machine.node}`);
if (inProcess) {
  console.log("\nlive path on embedded PGlite, offline model (app and subscriber in one process, not pinned)");
  console.table(inProcess);
}
if (fanout) {
  console.log(`\nfan-out of one event to N graphql-ws subscribers (${fanout.pinning}; median of ${ROUNDS} round(s))`);
  console.log(
    "× bare: Phasewise's deliveries/s ÷ bare's (of the medians; paired: median of the per-round ratios; CPU: bare's server CPU per delivery ÷ Phasewise's); all have it: publish → the event's last delivery",
  );
  const rows: Record<string, Record<string, string | number>> = {};
  for (const s of fanout.summary) {
    for (const kind of ["phasewise", "bare"] as const) {
      const r = s[kind];
      rows[`N=${s.subscribers} ${kind}`] = {
        "deliveries/s": r.deliveriesPerSecond,
        "min–max": `${r.deliveriesPerSecondMin}–${r.deliveriesPerSecondMax}`,
        "× bare": kind === "phasewise" ? `${s.ratio} (paired ${s.pairedRatio}; CPU ${s.cpuRatio})` : "",
        "p50 ms": r.p50Ms,
        "p99 ms": r.p99Ms,
        "p99 min–max": `${r.p99MsMin}–${r.p99MsMax}`,
        lost: r.lost,
        "all have it ms": `${r.eventP50Ms} (max ${r.eventMaxMs})`,
        "CPU µs/delivery": r.serverCpuMicrosPerDelivery,
        "SQL/event": r.sqlStatementsPerEvent,
        "noisy rounds": r.noisyRounds,
      };
    }
  }
  console.table(rows);
  console.log(
    `\nmemory per idle subscriber (server after a forced GC, 0 vs ${fanoutSettings.idleSubscribers} subscriptions; RSS also counts heap pages kept from earlier work, so it is indicative only)`,
  );
  console.table(
    Object.fromEntries(
      Object.entries(fanout.memory).map(([kind, m]) => [
        kind,
        {
          "heap B": m.heapUsedBytesPerSubscriber,
          "external B": m.externalBytesPerSubscriber,
          "RSS B": m.rssBytesPerSubscriber,
          "RSS min–max": `${m.rssBytesPerSubscriberMin}–${m.rssBytesPerSubscriberMax}`,
        },
      ]),
    ),
  );
  console.log(
    `payload (${fanout.payload.bytes} bytes, ${fanout.payload.same ? "same" : "DIFFERENT"} from both): ${fanout.payload.phasewise}`,
  );
  const largest = fanout.summary.at(-1);
  if (largest) {
    const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
    const lost = fanout.summary.reduce((sum, s) => sum + s.phasewise.lost, 0);
    console.log(
      `targets at N=${largest.subscribers}: fan-out ≥ 0.8× bare: ${verdict(largest.ratio >= 0.8)} (${largest.ratio}×); zero lost: ${verdict(lost === 0)} (${lost}); p99 ≤ 250 ms: ${verdict(largest.phasewise.p99Ms <= 250)} (${largest.phasewise.p99Ms} ms)`,
    );
  }
  for (const [kind, p] of Object.entries(fanout.profiles)) {
    const profile = p as { file: string; busyMs: number; byPackage: object[]; topFunctions: object[] };
    console.log(`\nprofile of ${kind} at N=${largest?.subscribers} (${profile.busyMs} ms busy): ${profile.file}`);
    console.table(profile.byPackage.slice(0, 12));
    console.table(profile.topFunctions.slice(0, 15));
  }
}

await mkdir(new URL("./results/", import.meta.url), { recursive: true });
await writeFile(
  new URL("./results/live.json", import.meta.url),
  `${JSON.stringify({ at: new Date().toISOString(), machine, results: inProcess, fanout: fanout && { settings: fanoutSettings, ...fanout } }, null, 2)}\n`,
);
process.exit(0);
