import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { createLogger } from "graphql-yoga";
import { createMediaMaker, type MediaMaker } from "../../src/ai/media-maker.js";
import { type ChatModel, createChatModel } from "../../src/ai/models.js";
import { type AppServices, createServices } from "../../src/app.js";
import { LOCAL_WORKSPACE_ID } from "../../src/auth/workspaces.js";
import { createEventBus, type PubSub } from "../../src/events/pubsub.js";
import { createGraphQLServer } from "../../src/http/graphql-server.js";
import { startContentWorker } from "../../src/jobs/content-worker.js";
import { startTriggerWorker } from "../../src/jobs/trigger-worker.js";
import type { Caller } from "../../src/services/services.js";
import type { TestDatabase } from "./database.js";
import { openForFile } from "./per-file.js";

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** The code of a response's first error (undefined when it has none). */
export const codeOf = (r: Pick<GraphQLResponse<unknown>, "errors">) => r.errors?.[0]?.extensions?.code;

/** The in-process GraphQL server createTestApi gives. */
export type TestApi = ReturnType<typeof createTestApi>;

/**
 * The GraphQL server in-process (yoga.fetch): no port, same pipeline as HTTP. Content jobs are
 * queued in the test database; `startWorkers()` works them.
 */
export function createTestApi(
  t: Pick<TestDatabase, "db" | "jobs">,
  llm: ChatModel = createChatModel({ kind: "offline" }),
  events: PubSub = createEventBus().pubsub,
  media: MediaMaker = createMediaMaker({ kind: "offline" }),
) {
  const logged: unknown[][] = [];
  const logger = { ...createLogger("silent"), error: (...args: unknown[]) => void logged.push(args) };
  // The calls below (services called directly by tests) act in the local workspace.
  const services: AppServices & Caller = {
    ...createServices({
      db: t.db,
      jobs: t.jobs,
      events,
      logger,
      llm,
      media,
      mediaDir: mkdtempSync(join(tmpdir(), "phasewise-media-")),
    }),
    workspaceId: LOCAL_WORKSPACE_ID,
  };
  const yoga = createGraphQLServer(services);

  async function request<T, V>(document: TypedDocumentNode<T, V> | string, variables?: V): Promise<GraphQLResponse<T>> {
    const query = typeof document === "string" ? document : print(document);
    const response = await yoga.fetch("http://phasewise.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  }

  /** The first event a subscription sends, read over SSE in-process (the stream is closed after it). */
  async function firstEvent<T, V>(document: TypedDocumentNode<T, V> | string, variables?: V): Promise<GraphQLResponse<T>> {
    const query = typeof document === "string" ? document : print(document);
    const response = await yoga.fetch("http://phasewise.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ query, variables }),
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended before an event: ${buffer}`);
        buffer += decoder.decode(value, { stream: true });
        for (const message of buffer.split("\n\n").slice(0, -1)) {
          const line = message.split("\n").find((l) => l.startsWith("data:"));
          if (line && line.length > 6) return JSON.parse(line.slice(5)) as GraphQLResponse<T>;
        }
      }
    } finally {
      await reader.cancel();
    }
  }

  return {
    yoga,
    events,
    services,
    /** Errors the server logged (masked ones keep their real cause here). */
    logged,
    request,
    firstEvent,
    /** Starts the content workers on the test database's queue. */
    startWorkers: () => startContentWorker(t.jobs, services),
    /** Starts the trigger worker on the test database's queue, with its own clock if given. */
    startTriggerWorker: (now?: () => Date) => startTriggerWorker(t.jobs, services, now),
    /** The data, or a thrown error listing the GraphQL errors. */
    async data<T, V>(document: TypedDocumentNode<T, V>, variables?: V): Promise<T> {
      const result = await request(document, variables);
      if (result.errors?.length || !result.data) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
      return result.data;
    },
  };
}

/** An API on the test file's database, made before its tests (its content workers started then too, with `workers`). */
export const useTestApi = (t: TestDatabase, { workers = false } = {}): TestApi =>
  openForFile(
    async () => {
      const api = createTestApi(t);
      if (workers) await api.startWorkers();
      return api;
    },
    () => {},
  );
