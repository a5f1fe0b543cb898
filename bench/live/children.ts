// Plumbing of the fan-out benchmark (bench/live/fanout.ts), nothing measured here: pinning this
// process and the servers to cores, starting a server child and talking to it over IPC
// (bench/live/child.ts), and reading the machine's CPU time to notice other processes.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Answer, Command, Ready } from "./child.js";

export type Kind = "phasewise" | "bare";
export const KINDS: Kind[] = ["phasewise", "bare"];

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- pinning ----------------------------------------------------------------------------------

export function pinning() {
  const hasTaskset = (() => {
    try {
      execFileSync("taskset", ["-p", String(process.pid)], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  })();
  const cores = (() => {
    try {
      return Number(execFileSync("nproc", ["--all"]).toString().trim());
    } catch {
      return 1;
    }
  })();
  const pinned = hasTaskset && cores >= 2;
  return {
    pinned,
    note: pinned
      ? "subscribers on core 0, server under test on core 1 (taskset)"
      : `not pinned (${hasTaskset ? "fewer than 2 cores" : "no taskset"}): subscribers and server share the cores`,
    /** Pins this process (every thread) to core 0. */
    pinSelf: () => {
      if (pinned) execFileSync("taskset", ["-a", "-cp", "0", String(process.pid)], { stdio: "ignore" });
    },
  };
}

// ---- server children --------------------------------------------------------------------------

export interface Child {
  ready: Ready;
  call<T = unknown>(command: Command): Promise<T>;
  stop(): Promise<void>;
}

const CHILD_FILES: Record<Kind, string> = {
  phasewise: fileURLToPath(new URL("./phasewise-server.ts", import.meta.url)),
  bare: fileURLToPath(new URL("./bare-server.ts", import.meta.url)),
};

export async function startChild(kind: Kind, pinned: boolean): Promise<Child> {
  const dataDir = await mkdtemp(join(tmpdir(), "phasewise-bench-fanout-"));
  const node = ["--expose-gc", "--import", "tsx", CHILD_FILES[kind], ...(kind === "phasewise" ? [dataDir] : [])];
  // NODE_ENV=production as a deployment runs (it also makes Prisma skip capturing a call site per query).
  const options = {
    stdio: ["ignore", "pipe", "pipe", "ipc"] as ("ignore" | "pipe" | "ipc")[],
    env: { ...process.env, NODE_ENV: "production" },
  };
  const child: ChildProcess = pinned
    ? spawn("taskset", ["-c", "1", process.execPath, ...node], options)
    : spawn(process.execPath, node, options);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let nextId = 0;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${kind} server did not start within 120 s:\n${output.slice(-4000)}`)),
      120_000,
    );
    child.on("message", (message: Answer | Ready) => {
      if ("op" in message) {
        clearTimeout(timer);
        return resolve(message);
      }
      const w = waiting.get(message.id);
      waiting.delete(message.id);
      if (message.error) w?.reject(new Error(`${kind} server: ${message.error}`));
      else w?.resolve(message.result);
    });
    exited.then((code) => {
      clearTimeout(timer);
      const error = new Error(`${kind} server exited with ${code}:\n${output.slice(-4000)}`);
      reject(error);
      for (const w of waiting.values()) w.reject(error);
    });
  });
  return {
    ready,
    call: <T>(command: Command) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ ...command, id });
      }),
    stop: async () => {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited.catch(() => {});
      clearTimeout(timer);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

// ---- machine CPU --------------------------------------------------------------------------------

/** Busy and total CPU time of the whole machine so far (µs; Linux /proc/stat, else undefined). */
export async function machineCpu(): Promise<{ busy: number; total: number } | undefined> {
  const fields = (await readFile("/proc/stat", "utf8").catch(() => ""))
    .split("\n")[0]
    ?.trim()
    .split(/\s+/)
    .slice(1, 8)
    .map(Number);
  if (!fields || fields.length < 5) return undefined;
  const total = fields.reduce((a, b) => a + b, 0) * 10_000; // USER_HZ = 100
  const idle = ((fields[3] ?? 0) + (fields[4] ?? 0)) * 10_000;
  return { busy: total - idle, total };
}

/** CPU used by the whole machine over 1 s, in % of one core (while only idle processes of ours run). */
async function machineBusyPct(): Promise<number | undefined> {
  const a = await machineCpu();
  const started = performance.now();
  await sleep(1000);
  const b = await machineCpu();
  if (!a || !b) return undefined;
  return Math.round((100 * (b.busy - a.busy)) / ((performance.now() - started) * 1000));
}

/** Waits (up to `waitS`) for the machine to use at most `pct` % of a core; returns what it used last. */
export async function quietMachine(pct: number, waitS: number) {
  const until = Date.now() + waitS * 1000;
  for (;;) {
    const busy = await machineBusyPct();
    if (busy === undefined || busy <= pct || Date.now() > until) return busy;
  }
}
