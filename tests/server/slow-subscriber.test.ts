import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { openEventStreams } from "../../src/events/campaign-stream.js";
import { recordEvents } from "../../src/events/outbox.js";
import { type App, buildApp } from "../../src/server.js";
import { gql } from "../helpers/http.js";
import { pausableWsClient, subscribeWs } from "../helpers/subscribers.js";

// graphql-ws clients that stop reading. Loopback's kernel buffers take in megabytes that the
// server's socket no longer counts, so these tests send far more than that. No keepalive pings:
// the client must be dropped for what it left unread, not for a missed pong.
const MAX_UNREAD = 256 * 1024;
let dataDir: string;
let app: App;
let url: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "phasewise-slow-"));
  app = await buildApp(
    loadConfig({
      DATA_DIR: dataDir,
      PORT: "0",
      LOG_LEVEL: "silent",
      WS_MAX_BUFFERED_BYTES: String(MAX_UNREAD),
      WS_STALL_TIMEOUT_MS: "500",
      WS_KEEPALIVE_MS: "0",
    }),
  );
  url = await app.start();
});
afterAll(async () => {
  await app?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function until(condition: () => boolean | Promise<boolean>, ms = 30_000) {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function readyCampaign() {
  const { createCampaign } = await gql<{ createCampaign: { campaign: { id: string } } }>(
    url,
    `mutation { createCampaign(input: { name: "Janus launch", productDescription: "Janus – AI-powered GTM OS for technical founders", gtmGoals: "Launch product and acquire first 100 users in 4 weeks" }) { campaign { id } } }`,
  );
  const id = createCampaign.campaign.id;
  await until(async () => (await app.db.campaign.findUniqueOrThrow({ where: { id } })).status === "READY");
  return id;
}

/** A regeneration event listing `ids` archived posts (≈36 bytes each in a message). */
const regenerated = (ids: number) => ({
  type: "StrategyRegenerated" as const,
  version: 2,
  kind: "REGENERATION" as const,
  fromPhase: 2,
  archivedPostIds: Array.from({ length: ids }, () => randomUUID()),
});

const LIVE = `subscription($id: ID!) { campaignEvents(campaignId: $id) { __typename ... on StrategyRegeneratedEvent { sequence archivedPostIds } } }`;
const REPLAY = `subscription($id: ID!) { campaignEvents(campaignId: $id, afterSequence: 0) { __typename ... on StrategyRegeneratedEvent { sequence archivedPostIds } } }`;

describe("a graphql-ws client that stops reading", () => {
  it("is dropped without holding back a reader, while live events keep coming", async () => {
    const id = await readyCampaign();
    const { lastEventSequence } = await app.db.campaign.findUniqueOrThrow({ where: { id } });
    const baseline = openEventStreams();
    const stalled = await pausableWsClient(url);
    stalled.subscribe("1", LIVE, { id });
    stalled.pause();
    const reader = subscribeWs(url, LIVE, { id });
    await until(() => openEventStreams() === baseline + 2);

    // 2,000 large events (≈7 KB each: 200 ids), published as the service publishes committed
    // events, 10 (70 KB) per turn of the event loop: a reader gets one window per round trip.
    const EVENTS = 2_000;
    const event = regenerated(200);
    for (let i = 1; i <= EVENTS; i++) {
      app.events.publish("campaign", id, { ...event, campaignId: id, sequence: lastEventSequence + i });
      if (i % 10 === 0) await new Promise((r) => setImmediate(r));
    }

    const received = await reader.waitFor(EVENTS, 60_000);
    const sequences = (received as { campaignEvents: { sequence: number } }[]).map((e) => e.campaignEvents.sequence);
    expect(sequences).toEqual(sequences.map((_, i) => lastEventSequence + 1 + i));
    // The stalled client's stream was ended by the server; only the reader's remains.
    await until(() => openEventStreams() === baseline + 1);
    await reader.close();
    stalled.terminate();
  });

  it("with 120 subscriptions replaying a long log is closed with 1013 once WS_MAX_BUFFERED_BYTES wait unread, and gets little more when it reads again", async () => {
    const id = await readyCampaign();
    // 200 events of ≈1 KB (25 ids): 120 subscriptions replaying them from 0 are ≈24 MB to send.
    await app.db.$transaction((tx) =>
      recordEvents(
        tx,
        id,
        Array.from({ length: 200 }, () => regenerated(25)),
      ),
    );
    const baseline = openEventStreams();
    const client = await pausableWsClient(url);
    for (let i = 0; i < 120; i++) client.subscribe(String(i), REPLAY, { id });
    await until(() => openEventStreams() === baseline + 120);
    client.pause();

    // The server ends every subscription of the dropped client at once, while it still reads nothing.
    await until(() => openEventStreams() === baseline);
    const before = client.messages.length;
    client.resume();
    const { code, reason } = await Promise.race([
      client.closed,
      client.waitUntil(() => client.bytesAfterResume() > 4 * MAX_UNREAD).then(() => ({ code: 0, reason: "still open" })),
    ]);
    console.info(
      `120 replaying subscriptions: ${client.messages.length - before} messages (${client.bytesAfterResume()} bytes) after resuming, then ${code} ${reason}`,
    );
    expect({ code, reason }).toEqual({ code: 1013, reason: expect.stringMatching(/not reading/) });
    // What it had not read when it was dropped: the window, plus the message that went over it.
    expect(client.bytesAfterResume()).toBeLessThan(MAX_UNREAD + 64 * 1024);
  });
});
