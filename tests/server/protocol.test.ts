import { beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { GRAPHQL_LIMITS } from "../../src/security/limits.js";
import { createJanusCampaign } from "../helpers/http.js";
import { useServedApp } from "../helpers/served-app.js";

// The graphql-ws guards, spoken to by a raw `ws` client in the graphql-transport-ws protocol, on the
// service as `npm start` builds it (short init timeout and keep-alive, default MAX_BODY_BYTES).
const INIT_TIMEOUT_MS = 400;
const KEEPALIVE_MS = 250;
const MAX_PAYLOAD = 1024 * 1024;
const ALLOWED_ORIGIN = "https://canvas.example.com";
const served = useServedApp(
  "phasewise-protocol-",
  { WS_INIT_TIMEOUT_MS: String(INIT_TIMEOUT_MS), WS_KEEPALIVE_MS: String(KEEPALIVE_MS), CORS_ORIGINS: ALLOWED_ORIGIN },
  async (config) => {
    expect(config.guards.maxBodyBytes).toBe(MAX_PAYLOAD);
  },
);
let wsUrl: string;
let httpUrl: string;
let campaignId: string;
beforeAll(async () => {
  httpUrl = served.url;
  wsUrl = `${served.url.replace(/^http/, "ws")}/graphql`;
  campaignId = await createJanusCampaign(served.url);
});

type Message = { type: string; id?: string; payload?: unknown };
interface Client {
  socket: WebSocket;
  send(message: Message | string): void;
  /** The next message from the server (or rejects after `ms`). */
  next(ms?: number): Promise<Message>;
  /** Resolves with the close code, the reason and how long after opening the socket closed. */
  closed: Promise<{ code: number; reason: string; afterMs: number }>;
  pings: number;
}

/** A raw graphql-transport-ws client; `autoPong: false` makes it a client that stopped answering. */
async function connect(options: { autoPong?: boolean; origin?: string } = {}): Promise<Client> {
  const socket = new WebSocket(wsUrl, "graphql-transport-ws", {
    autoPong: options.autoPong ?? true,
    ...(options.origin ? { origin: options.origin } : {}),
  });
  const opened = Date.now();
  const inbox: Message[] = [];
  const waiting: ((m: Message) => void)[] = [];
  socket.on("message", (data) => {
    const message = JSON.parse(String(data)) as Message;
    const waiter = waiting.shift();
    if (waiter) waiter(message);
    else inbox.push(message);
  });
  const client: Client = {
    socket,
    pings: 0,
    send: (message) => socket.send(typeof message === "string" ? message : JSON.stringify(message)),
    next: (ms = 5_000) =>
      new Promise((resolve, reject) => {
        const queued = inbox.shift();
        if (queued) return resolve(queued);
        const timer = setTimeout(() => reject(new Error("no message from the server")), ms);
        waiting.push((m) => {
          clearTimeout(timer);
          resolve(m);
        });
      }),
    closed: new Promise((resolve) =>
      socket.on("close", (code, reason) => resolve({ code, reason: String(reason), afterMs: Date.now() - opened })),
    ),
  };
  socket.on("ping", () => client.pings++);
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  return client;
}
async function acknowledged() {
  const client = await connect();
  client.send({ type: "connection_init" });
  expect(await client.next()).toEqual({ type: "connection_ack" });
  return client;
}
const EVENTS = "subscription($id: ID!) { campaignEvents(campaignId: $id) { __typename } }";

describe("graphql-ws", () => {
  it("refuses the handshake from a page on another site (403), not from the API's own origin or CORS_ORIGINS", async () => {
    await expect(connect({ origin: "https://evil.example" })).rejects.toThrow(/403/);
    await expect(connect({ origin: "null" })).rejects.toThrow(/403/);
    for (const origin of [httpUrl, ALLOWED_ORIGIN]) {
      const client = await connect({ origin });
      client.send({ type: "connection_init" });
      expect(await client.next()).toEqual({ type: "connection_ack" });
      client.socket.close();
    }
  });

  it("closes a socket that sends no connection_init within WS_INIT_TIMEOUT_MS with 4408", async () => {
    const client = await connect();
    const { code, reason, afterMs } = await client.closed;
    expect(code).toBe(4408);
    expect(reason).toMatch(/initialisation timeout/i);
    expect(afterMs).toBeGreaterThanOrEqual(INIT_TIMEOUT_MS - 50);
  });

  it("closes a socket that sends a second connection_init with 4429", async () => {
    const client = await acknowledged();
    client.send({ type: "connection_init" });
    expect((await client.closed).code).toBe(4429);
  });

  it("closes a socket that subscribes before connection_ack with 4401", async () => {
    const client = await connect();
    client.send({ type: "subscribe", id: "1", payload: { query: EVENTS, variables: { id: campaignId } } });
    expect((await client.closed).code).toBe(4401);
  });

  it("closes a socket that subscribes twice with the same id with 4409", async () => {
    const client = await acknowledged();
    const subscribe = { type: "subscribe", id: "events", payload: { query: EVENTS, variables: { id: campaignId } } };
    client.send(subscribe);
    client.send(subscribe);
    const { code, reason } = await client.closed;
    expect(code).toBe(4409);
    expect(reason).toMatch(/events already exists/);
  });

  it(`answers a message of exactly MAX_BODY_BYTES (${MAX_PAYLOAD}) and closes the socket on one byte more (1009)`, async () => {
    const client = await acknowledged();
    const ping = (bytes: number) => {
      const empty = JSON.stringify({ type: "ping", payload: { pad: "" } });
      return JSON.stringify({ type: "ping", payload: { pad: "x".repeat(bytes - empty.length) } });
    };
    expect(Buffer.byteLength(ping(MAX_PAYLOAD))).toBe(MAX_PAYLOAD);
    client.send(ping(MAX_PAYLOAD));
    expect(await client.next()).toMatchObject({ type: "pong" });
    client.send(ping(MAX_PAYLOAD + 1));
    expect((await client.closed).code).toBe(1009);
  });

  it("pings every WS_KEEPALIVE_MS: a client that answers stays, one that stopped answering is dropped", async () => {
    const alive = await acknowledged();
    const silent = await connect({ autoPong: false });
    silent.send({ type: "connection_init" });
    expect(await silent.next()).toEqual({ type: "connection_ack" });
    // The server pings, waits one interval for the pong, then terminates (no close frame: 1006).
    const dropped = await silent.closed;
    expect(dropped.code).toBe(1006);
    expect(silent.pings).toBeGreaterThanOrEqual(1);
    expect(dropped.afterMs).toBeLessThan(KEEPALIVE_MS * 4 + 1_000);
    await new Promise((r) => setTimeout(r, KEEPALIVE_MS * 4));
    expect(alive.pings).toBeGreaterThanOrEqual(3);
    expect(alive.socket.readyState).toBe(WebSocket.OPEN);
    alive.socket.close();
  });

  it("answers an operation over a limit, or with a syntax error, with BAD_USER_INPUT and keeps the socket", async () => {
    const client = await acknowledged();
    const deep = `{ campaigns { strategy { phases { posts { ${"next { ".repeat(GRAPHQL_LIMITS.depth - 4)}id${" }".repeat(GRAPHQL_LIMITS.depth)} }`;
    client.send({ type: "subscribe", id: "deep", payload: { query: deep } });
    expect(await client.next()).toMatchObject({
      type: "error",
      id: "deep",
      payload: [{ extensions: { code: "BAD_USER_INPUT", limit: "depth", max: GRAPHQL_LIMITS.depth } }],
    });
    client.send({ type: "subscribe", id: "typo", payload: { query: "{ campaigns { id }" } });
    expect(await client.next()).toMatchObject({
      type: "error",
      id: "typo",
      payload: [{ message: expect.stringMatching(/^Syntax Error/), extensions: { code: "BAD_USER_INPUT" } }],
    });
    client.send({ type: "subscribe", id: "fine", payload: { query: "{ __typename }" } });
    expect(await client.next()).toEqual({ type: "next", id: "fine", payload: { data: { __typename: "Query" } } });
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
    client.socket.close();
  });
});
