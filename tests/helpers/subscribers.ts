import { createClient } from "graphql-ws";
import WebSocket from "ws";

export interface Received {
  events: Record<string, unknown>[];
  /** Resolves once `n` events have arrived (or rejects after `ms`). */
  waitFor(n: number, ms?: number): Promise<Record<string, unknown>[]>;
  /** Resolves with every event so far once `done(events)` holds (or rejects after `ms`). */
  waitUntil(done: (events: Record<string, unknown>[]) => boolean, ms?: number): Promise<Record<string, unknown>[]>;
  close(): Promise<void> | void;
}

function collector(close: () => Promise<void> | void): Received & { push(e: Record<string, unknown>): void } {
  const events: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  return {
    events,
    close,
    push(event) {
      events.push(event);
      for (const w of waiters.splice(0)) w();
    },
    waitUntil(done, ms = 15_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`gave up after ${events.length} events: ${JSON.stringify(events)}`)), ms);
        const check = () => {
          if (done(events)) {
            clearTimeout(timer);
            resolve([...events]);
          } else waiters.push(check);
        };
        check();
      });
    },
    async waitFor(n, ms = 10_000) {
      return (await this.waitUntil((events) => events.length >= n, ms)).slice(0, n);
    },
  };
}

/** A graphql-ws subscriber over a real WebSocket. */
export function subscribeWs(
  httpUrl: string,
  query: string,
  variables: Record<string, unknown>,
  connectionParams?: Record<string, unknown>,
): Received {
  const client = createClient({
    url: `${httpUrl.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: WebSocket,
    lazy: false,
    ...(connectionParams ? { connectionParams } : {}),
  });
  const received = collector(() => client.dispose());
  client.subscribe(
    { query, variables },
    {
      next: (result) => received.push((result.data ?? { errors: result.errors }) as Record<string, unknown>),
      error: (error) => received.push({ error: String(error instanceof Error ? error.message : JSON.stringify(error)) }),
      complete: () => {},
    },
  );
  return received;
}

/** An SSE subscriber (Yoga's GraphQL over Server-Sent Events). */
export function subscribeSse(httpUrl: string, query: string, variables: Record<string, unknown>): Received {
  const abort = new AbortController();
  const received = collector(() => abort.abort());
  (async () => {
    const response = await fetch(`${httpUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ query, variables }),
      signal: abort.signal,
    });
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = message
          .split("\n")
          .filter((l) => l.startsWith("data:"))
          .map((l) => l.slice(5).trim())
          .join("\n");
        if (data) {
          const parsed = JSON.parse(data) as { data?: Record<string, unknown>; errors?: unknown };
          received.push(parsed.data ?? { errors: parsed.errors });
        }
        end = buffer.indexOf("\n\n");
      }
    }
  })().catch((error: Error) => {
    if (error.name !== "AbortError") received.push({ error: error.message });
  });
  return received;
}
