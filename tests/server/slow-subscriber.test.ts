import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { loadConfig } from "../../src/config.js";
import { openEventStreams } from "../../src/events/campaign-stream.js";
import { type App, buildApp } from "../../src/server.js";
import { subscribeWs } from "../helpers/subscribers.js";

// A graphql-ws client that stops reading while 2,000 events are published: it is dropped once its
// backlog passes WS_MAX_BUFFERED_BYTES, and a client that reads gets every event meanwhile.
const EVENTS = 2_000;
let dataDir: string;
let app: App;
let url: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "phasewise-slow-"));
  app = await buildApp(
    loadConfig({ DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "silent", WS_MAX_BUFFERED_BYTES: String(256 * 1024) }),
  );
  url = await app.start();
});
afterAll(async () => {
  await app?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const QUERY = `subscription($id: ID!) { campaignEvents(campaignId: $id) { __typename ... on StrategyRegeneratedEvent { sequence archivedPostIds } } }`;

/** A raw graphql-transport-ws client that subscribes and then never reads again. */
async function stalledSubscriber(campaignId: string) {
  const socket = new WebSocket(`${url.replace(/^http/, "ws")}/graphql`, "graphql-transport-ws");
  await new Promise((resolve) => socket.once("open", resolve));
  socket.send(JSON.stringify({ type: "connection_init" }));
  await new Promise((resolve) => socket.once("message", resolve)); // connection_ack
  socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: QUERY, variables: { id: campaignId } } }));
  // Stop reading from the TCP socket: the server's sends pile up.
  (socket as unknown as { _socket: { pause(): void } })._socket.pause();
  return socket;
}

async function until(condition: () => boolean | Promise<boolean>, ms = 30_000) {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("a subscriber that never reads", () => {
  it("is dropped without holding back a reader or growing the server's memory without bound", async () => {
    const created = (await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: `mutation { createCampaign(input: { name: "Janus launch", productDescription: "Janus – AI-powered GTM OS for technical founders", gtmGoals: "Launch product and acquire first 100 users in 4 weeks" }) { campaign { id } } }`,
      }),
    }).then((r) => r.json())) as { data: { createCampaign: { campaign: { id: string } } } };
    const id = created.data.createCampaign.campaign.id;
    await until(async () => (await app.db.campaign.findUniqueOrThrow({ where: { id } })).status === "READY");
    const { lastEventSequence } = await app.db.campaign.findUniqueOrThrow({ where: { id } });

    const baseline = openEventStreams();
    const stalled = await stalledSubscriber(id);
    const reader = subscribeWs(url, QUERY, { id });
    await until(() => openEventStreams() === baseline + 2);
    const heapBefore = process.memoryUsage().heapUsed;

    // Large events (≈7 KB each: 200 ids), published as the service publishes committed events.
    const archivedPostIds = Array.from({ length: 200 }, () => randomUUID());
    for (let i = 1; i <= EVENTS; i++) {
      app.events.publish("campaign", id, {
        type: "StrategyRegenerated",
        campaignId: id,
        sequence: lastEventSequence + i,
        version: 2,
        occurredAt: new Date().toISOString(),
        kind: "REGENERATION",
        fromPhase: 2,
        archivedPostIds,
      });
      if (i % 100 === 0) await new Promise((r) => setImmediate(r));
    }

    const received = await reader.waitFor(EVENTS, 60_000);
    const sequences = (received as { campaignEvents: { sequence: number } }[]).map((e) => e.campaignEvents.sequence);
    expect(sequences).toEqual(sequences.map((_, i) => lastEventSequence + 1 + i));
    // The stalled client's stream was ended by the server; only the reader's remains.
    await until(() => openEventStreams() === baseline + 1);
    const heapAfter = process.memoryUsage().heapUsed;
    console.info(
      `${EVENTS} events of ~7 KB: stalled subscriber dropped; heap ${(heapBefore / 2 ** 20).toFixed(1)} → ${(heapAfter / 2 ** 20).toFixed(1)} MiB`,
    );
    await reader.close();
    stalled.terminate();
  });
});
