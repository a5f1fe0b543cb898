// Plumbing of the fan-out benchmark (bench/live/fanout.ts), nothing measured here: starting a
// server child and talking to it over IPC (bench/live/child.ts).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { pinning } from "../machine.js";
import type { Answer, Command, Ready } from "./child.js";

type Pinning = ReturnType<typeof pinning>;

export type Kind = "phasewise" | "bare";
export const KINDS: Kind[] = ["phasewise", "bare"];

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

/** Starts a server child; `onServerCore` places it on the server's core (see bench/machine.ts). */
export async function startChild(kind: Kind, onServerCore: Pinning["onServerCore"]): Promise<Child> {
  const dataDir = await mkdtemp(join(tmpdir(), "phasewise-bench-fanout-"));
  const node = ["--expose-gc", "--import", "tsx", CHILD_FILES[kind], ...(kind === "phasewise" ? [dataDir] : [])];
  // NODE_ENV=production as a deployment runs (it also makes Prisma skip capturing a call site per query).
  const options = {
    stdio: ["ignore", "pipe", "pipe", "ipc"] as ("ignore" | "pipe" | "ipc")[],
    env: { ...process.env, NODE_ENV: "production" },
  };
  const child: ChildProcess = spawn(...onServerCore(process.execPath, node), options);
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
