// The command loop both fan-out servers run (bench/live/phasewise-server.ts, bench/live/bare-server.ts):
// the parent (bench/live/fanout.ts) sends commands over the IPC channel and gets one answer per
// command. Nothing is measured here; it lets the parent publish events, count open subscriptions,
// read memory after a forced GC (the child runs with --expose-gc), read CPU time and profile.
import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";

export type Command =
  /** Publish the benchmark event with this sequence number on the server's own pub/sub. */
  | { op: "publish"; sequence: number }
  /** Subscriptions whose stream is listening on the pub/sub. */
  | { op: "streams" }
  /** process.memoryUsage() after two forced collections. */
  | { op: "memory" }
  /** CPU time used so far (µs) and SQL statements run so far (Phasewise only; 0 elsewhere). */
  | { op: "usage" }
  | { op: "profile-start" }
  | { op: "profile-stop"; path: string };

export type Request = Command & { id: number };
export type Answer = { id: number; result?: unknown; error?: string };
/** The first message of a child: where it serves, and the ids its events carry. */
export type Ready = { op: "ready"; url: string; campaignId: string; postId: string };

export interface Server {
  url: string;
  campaignId: string;
  postId: string;
  publish(sequence: number): void;
  streams(): number;
  statements(): number;
  stop(): Promise<void>;
}

const gc = (globalThis as { gc?: () => void }).gc;

/** Announces the server to the parent and answers its commands until SIGTERM. */
export function serve(server: Server) {
  const send = (message: Answer | Ready) => process.send?.(message);
  const session = new Session();
  const handlers: { [K in Command["op"]]: (c: Extract<Command, { op: K }>) => unknown } = {
    publish: ({ sequence }) => server.publish(sequence),
    streams: () => server.streams(),
    memory: async () => {
      if (!gc) throw new Error("run the server with --expose-gc");
      for (let i = 0; i < 2; i++) {
        gc();
        await new Promise((r) => setTimeout(r, 50));
      }
      return process.memoryUsage();
    },
    usage: () => {
      const { user, system } = process.cpuUsage();
      return { cpuMicros: user + system, statements: server.statements() };
    },
    "profile-start": async () => {
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.start");
    },
    "profile-stop": async ({ path }) => {
      const { profile } = await session.post("Profiler.stop");
      session.disconnect();
      await writeFile(path, JSON.stringify(profile));
    },
  };
  process.on("message", async (request: Request) => {
    try {
      const handler = handlers[request.op] as (c: Command) => unknown;
      send({ id: request.id, result: await handler(request) });
    } catch (error) {
      send({ id: request.id, error: String(error) });
    }
  });
  process.once("SIGTERM", async () => {
    await server.stop();
    process.exit(0);
  });
  // The parent went away (it was killed): do not linger.
  process.once("disconnect", () => process.exit(0));
  send({ op: "ready", url: server.url, campaignId: server.campaignId, postId: server.postId });
}

/** The event both servers publish: a post changed (what a status or content-status change publishes). */
export const benchEvent = (campaignId: string, postId: string, sequence: number) => ({
  type: "PostUpdated" as const,
  postId,
  campaignId,
  sequence,
  version: 1,
  occurredAt: new Date().toISOString(),
});
