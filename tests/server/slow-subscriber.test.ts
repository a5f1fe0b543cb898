import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { insertRows } from "../../src/db/bulk-insert.js";
import { openEventStreams } from "../../src/events/campaign-stream.js";
import { createJanusCampaign, until } from "../helpers/http.js";
import { useServedApp } from "../helpers/served-app.js";
import { subscribeWs } from "../helpers/subscribers.js";

// A graphql-ws client that stops reading: nothing more is sent to it once WS_MAX_BUFFERED_BYTES
// sent to it are unread (counted with pings, whatever the kernel buffers hold), it is closed with
// 1013, and a client that reads gets every event meanwhile.
const EVENTS = 2_000;
const WINDOW = 256 * 1024;
const served = useServedApp("phasewise-slow-", { WS_MAX_BUFFERED_BYTES: String(WINDOW), WS_STALL_TIMEOUT_MS: "5000" });

const QUERY = `subscription($id: ID!, $after: Int) { campaignEvents(campaignId: $id, afterSequence: $after) { __typename ... on StrategyRegeneratedEvent { sequence archivedPostIds } } }`;

/** A raw graphql-transport-ws client that subscribes and then never reads again. */
async function stalledSubscriber(campaignId: string) {
  const socket = new WebSocket(`${served.url.replace(/^http/, "ws")}/graphql`, "graphql-transport-ws");
  await new Promise((resolve) => socket.once("open", resolve));
  socket.send(JSON.stringify({ type: "connection_init" }));
  await new Promise((resolve) => socket.once("message", resolve)); // connection_ack
  socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: QUERY, variables: { id: campaignId } } }));
  // Stop reading from the TCP socket: the server's sends pile up.
  (socket as unknown as { _socket: { pause(): void } })._socket.pause();
  return socket;
}

describe("a subscriber that never reads", () => {
  it("is dropped without holding back a reader or growing the server's memory without bound", async () => {
    const id = await createJanusCampaign(served.url);
    await until(async () => (await served.app.db.campaign.findUniqueOrThrow({ where: { id } })).status === "READY");
    const { lastEventSequence } = await served.app.db.campaign.findUniqueOrThrow({ where: { id } });

    const baseline = openEventStreams();
    const stalled = await stalledSubscriber(id);
    const reader = subscribeWs(served.url, QUERY, { id });
    await until(() => openEventStreams() === baseline + 2);
    const heapBefore = process.memoryUsage().heapUsed;

    // Large events (≈7 KB each: 200 ids), published as the service publishes committed events.
    const archivedPostIds = Array.from({ length: 200 }, () => randomUUID());
    for (let i = 1; i <= EVENTS; i++) {
      served.app.events.publish("campaign", id, {
        type: "StrategyRegenerated",
        campaignId: id,
        sequence: lastEventSequence + i,
        version: 2,
        occurredAt: new Date().toISOString(),
        kind: "REGENERATION",
        fromPhase: 2,
        archivedPostIds,
      });
      if (i % 10 === 0) await new Promise((r) => setImmediate(r)); // commits of 10 events
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

  it("with 120 subscriptions replaying a long log, reads at most the window after it resumes, then a 1013 close", async () => {
    const id = await createJanusCampaign(served.url);
    await until(async () => (await served.app.db.campaign.findUniqueOrThrow({ where: { id } })).status === "READY");
    // A long log: 1,000 more events of ~1.2 KB each.
    const { lastEventSequence } = await served.app.db.campaign.findUniqueOrThrow({ where: { id } });
    const archivedPostIds = Array.from({ length: 30 }, () => randomUUID());
    await served.app.db.$transaction(async (tx) => {
      await insertRows(
        tx,
        "EventLog",
        Array.from({ length: 1_000 }, (_, i) => ({
          campaignId: id,
          sequence: lastEventSequence + 1 + i,
          version: 1,
          type: "StrategyRegenerated",
          payload: { type: "StrategyRegenerated", version: 1, kind: "REGENERATION", fromPhase: 2, archivedPostIds },
          createdAt: new Date(),
        })),
      );
      await tx.campaign.update({ where: { id }, data: { lastEventSequence: lastEventSequence + 1_000 } });
    });

    const baseline = openEventStreams();
    const rssBefore = process.memoryUsage().rss;
    const socket = new WebSocket(`${served.url.replace(/^http/, "ws")}/graphql`, "graphql-transport-ws");
    await new Promise((resolve) => socket.once("open", resolve));
    socket.send(JSON.stringify({ type: "connection_init" }));
    await new Promise((resolve) => socket.once("message", resolve)); // connection_ack
    let resumed = false;
    let bytesAfterResume = 0;
    socket.on("message", (data: Buffer) => {
      if (resumed) bytesAfterResume += data.length;
    });
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.once("close", (code, reason) => resolve({ code, reason: String(reason) })),
    );
    (socket as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    for (let i = 1; i <= 120; i++)
      socket.send(JSON.stringify({ id: String(i), type: "subscribe", payload: { query: QUERY, variables: { id, after: 0 } } }));

    // The server stops sending to it, and ends all 120 replays.
    await until(() => openEventStreams() === baseline + 120, 10_000).catch(() => {});
    await until(() => openEventStreams() === baseline, 20_000);
    const rssGrowth = (process.memoryUsage().rss - rssBefore) / 2 ** 20;

    resumed = true;
    (socket as unknown as { _socket: { resume(): void } })._socket.resume();
    const { code, reason } = await closed;
    console.info(
      `120 replays of 1,000 events to a paused client: ${(bytesAfterResume / 2 ** 20).toFixed(2)} MiB read after resuming (window ${WINDOW / 1024} KiB), closed ${code}; server RSS ${rssGrowth >= 0 ? "+" : ""}${rssGrowth.toFixed(1)} MiB`,
    );
    expect(code).toBe(1013);
    expect(reason).toMatch(/afterSequence/);
    // At most the window and one message of each kind beyond it (every event is ~1.3 KB).
    expect(bytesAfterResume).toBeLessThan(WINDOW + 16 * 1024);
  });
});
