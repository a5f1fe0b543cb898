// What the benchmarks need to know about the machine, shared by bench/read.ts and bench/live.ts:
// pinning the load generator and the server under test to different cores (taskset), and how
// busy the machine is (Linux /proc/stat), so that a round next to a busy neighbour can be noticed.
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { availableParallelism, cpus } from "node:os";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Whether this machine can pin (taskset and ≥ 2 cores); `role` names this process in the note
 * ("load generator", "subscribers"). Call before pinSelf: pinning lowers availableParallelism to 1.
 */
export function pinning(role: string) {
  const hasTaskset = (() => {
    try {
      execFileSync("taskset", ["-p", String(process.pid)], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  })();
  const cores = availableParallelism();
  const pinned = hasTaskset && cores >= 2;
  return {
    pinned,
    cores,
    cpu: cpus()[0]?.model ?? "unknown",
    note: pinned
      ? `${role} on core 0, server under test on core 1 (taskset)`
      : `not pinned (${hasTaskset ? "fewer than 2 cores" : "no taskset"}): ${role} and server share the cores`,
    /** Pins this process (every thread) to core 0. */
    pinSelf: () => {
      if (pinned) execFileSync("taskset", ["-a", "-cp", "0", String(process.pid)], { stdio: "ignore" });
    },
    /** The command and arguments that run `args` on core 1 (as they are when not pinned). */
    onServerCore: (command: string, args: string[]): [string, string[]] =>
      pinned ? ["taskset", ["-c", "1", command, ...args]] : [command, args],
  };
}

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

/** CPU used by the whole machine over 1 s, in % of one core (call while only idle processes of ours run). */
export async function machineBusyPct(): Promise<number | undefined> {
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
