import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type App, buildApp } from "../../src/app.js";
import { issueToken } from "../../src/auth/accounts.js";
import { loadConfig } from "../../src/config.js";
import { openDatabase } from "../../src/db/client.js";
import { isLoopbackHostHeader } from "../../src/security/host-check.js";

// DNS rebinding: a page on rebind.example whose name now resolves to 127.0.0.1 reaches the local
// service as same-origin; its requests carry `Host: rebind.example:<port>`. Over real HTTP and
// WebSocket on the service as `npm start` builds it.
const dirs: string[] = [];
async function start(withToken: boolean) {
  const dataDir = await mkdtemp(join(tmpdir(), "phasewise-rebinding-"));
  dirs.push(dataDir);
  const config = loadConfig({ DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "silent" });
  let token: string | undefined;
  if (withToken) {
    const { db } = await openDatabase(config.database);
    token = (await issueToken(db, { name: "alice", workspace: "Team A" })).token;
    await db.$disconnect();
  }
  const app = await buildApp(config);
  const url = new URL(await app.start());
  return { app, port: Number(url.port), token };
}
let local: { app: App; port: number };
let withAccounts: { app: App; port: number; token?: string };
beforeAll(async () => {
  [local, withAccounts] = await Promise.all([start(false), start(true)]);
});
afterAll(async () => {
  await Promise.all([local?.app.stop(), withAccounts?.app.stop()]);
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

const CREATE = `mutation { createCampaign(input: { name: "Rebound", productDescription: "A campaign nobody asked for", gtmGoals: "none" }) { campaign { id } } }`;

/** A request to 127.0.0.1:port that names `host` in its Host header, as a rebound page's would. */
function send(port: number, host: string, path: string, body?: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: body ? "POST" : "GET",
        headers: { host, "content-type": "application/json", ...headers },
      },
      (res) => {
        let text = "";
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** The status of a WebSocket handshake to 127.0.0.1:port with that Host (and the page's Origin). */
function handshake(port: number, host: string) {
  return new Promise<number>((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/graphql`, "graphql-transport-ws", {
      headers: { host },
      origin: `http://${host}`,
    });
    socket.on("open", () => {
      socket.close();
      resolve(101);
    });
    socket.on("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.on("error", () => {});
  });
}

describe("without accounts (local mode)", () => {
  it("refuses a GraphQL mutation addressed to another name with 403, saying why, and creates nothing", async () => {
    const { port, app } = local;
    const reply = await send(port, `rebind.example:${port}`, "/graphql", JSON.stringify({ query: CREATE }));
    expect(reply.status).toBe(403);
    expect(reply.text).toMatch(/answers only to localhost addresses/);
    expect(await app.db.campaign.count()).toBe(0);
  });

  it("refuses the canvas, the media route and the legacy route (in JSON) under another name too", async () => {
    const { port } = local;
    for (const path of ["/", "/media/x.svg"]) expect((await send(port, `rebind.example:${port}`, path)).status).toBe(403);
    const legacy = await send(port, "rebind.example", "/api/agents/regenerate-strategy/", JSON.stringify({ campaign_id: "x" }));
    expect(legacy.status).toBe(403);
    // In JSON, as everything under /api/ answers.
    expect(JSON.parse(legacy.text)).toEqual({
      success: false,
      message: expect.stringMatching(/answers only to localhost addresses/),
    });
  });

  it("refuses a WebSocket handshake from a rebound page with 403, though its Origin matches its Host", async () => {
    expect(await handshake(local.port, `rebind.example:${local.port}`)).toBe(403);
  });

  it("answers localhost, *.localhost, 127.0.0.1 and [::1] names over HTTP and WebSocket", async () => {
    const { port, app } = local;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `canvas.localhost:${port}`]) {
      const reply = await send(port, host, "/graphql", JSON.stringify({ query: "{ campaigns { id } }" }));
      expect(reply.status, host).toBe(200);
      expect(JSON.parse(reply.text), host).toEqual({ data: { campaigns: [] } });
      expect(await handshake(port, host), host).toBe(101);
    }
    expect(await app.db.campaign.count()).toBe(0);
  });
});

describe("with accounts", () => {
  it("answers any Host: a rebound page has no token, and a token-less request is refused anyway", async () => {
    const { port, token } = withAccounts;
    const host = `phasewise.example.com:${port}`;
    const anonymous = await send(port, host, "/graphql", JSON.stringify({ query: "{ campaigns { id } }" }));
    expect(JSON.parse(anonymous.text).errors[0].extensions.code).toBe("UNAUTHENTICATED");
    const authorized = await send(port, host, "/graphql", JSON.stringify({ query: "{ campaigns { id } }" }), {
      authorization: `Bearer ${token}`,
    });
    expect(authorized.status).toBe(200);
    expect(JSON.parse(authorized.text)).toEqual({ data: { campaigns: [] } });
  });
});

describe("the Host check", () => {
  it("accepts only names of this machine", () => {
    for (const host of ["localhost", "LOCALHOST:4000", "127.0.0.1", "127.1.2.3:80", "[::1]", "[::1]:4000", "a.localhost:1"])
      expect(isLoopbackHostHeader(host), host).toBe(true);
    for (const host of [
      undefined,
      "",
      "rebind.example",
      "localhost.example",
      "127.0.0.1.nip.io",
      "0.0.0.0",
      "[::]",
      "10.0.0.1",
      "[::1",
    ])
      expect(isLoopbackHostHeader(host), String(host)).toBe(false);
  });
});
