import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { MAX_BACKLOG, openEventStreams } from "../../src/events/campaign-stream.js";
import { publishEvents, recordEvents } from "../../src/events/outbox.js";
import { type App, buildApp } from "../../src/server.js";
import { gql } from "../helpers/http.js";
import { pausableWsClient, type WsMessage } from "../helpers/subscribers.js";

// A subscriber that falls more than 1,000 events behind: its client reads too slowly for the
// campaign (here: not at all for a while), with a small window of unread bytes and no stall
// timeout to speak of, so the subscription is ended by the 1,000-event rule, not by a drop.
let dataDir: string;
let app: App;
let url: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "phasewise-behind-"));
  app = await buildApp(
    loadConfig({
      DATA_DIR: dataDir,
      PORT: "0",
      LOG_LEVEL: "silent",
      WS_MAX_BUFFERED_BYTES: String(16 * 1024),
      WS_STALL_TIMEOUT_MS: "600000",
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

const EVENTS = `subscription($id: ID!, $after: Int) { campaignEvents(campaignId: $id, afterSequence: $after) { __typename ... on StrategyRegeneratedEvent { sequence archivedPostIds } } }`;
const sequencesOf = (messages: WsMessage[], id: string) =>
  messages
    .filter((m) => m.id === id && m.type === "next")
    .map((m) => (m.payload as { data: { campaignEvents: { sequence: number } } }).data.campaignEvents.sequence);

describe("a subscription more than 1,000 events behind", () => {
  it("ends with RATE_LIMITED and the sequence to resume after, and resuming from it misses nothing", async () => {
    const { createCampaign } = await gql<{ createCampaign: { campaign: { id: string } } }>(
      url,
      `mutation { createCampaign(input: { name: "Janus launch", productDescription: "Janus – AI-powered GTM OS for technical founders", gtmGoals: "Launch product and acquire first 100 users in 4 weeks" }) { campaign { id } } }`,
    );
    const id = createCampaign.campaign.id;
    await until(async () => (await app.db.campaign.findUniqueOrThrow({ where: { id } })).status === "READY");
    const { lastEventSequence: start } = await app.db.campaign.findUniqueOrThrow({ where: { id } });

    const baseline = openEventStreams();
    const client = await pausableWsClient(url);
    client.subscribe("live", EVENTS, { id });
    await until(() => openEventStreams() === baseline + 1);
    client.pause();

    // 2,000 events of ≈7 KB (200 ids), committed and published as the services do, in transactions
    // of 20 with a pause between: the subscriber keeps up until its client's kernel buffers are full
    // (≈4 MB on loopback), then falls behind.
    const COUNT = 2 * MAX_BACKLOG;
    const archivedPostIds = Array.from({ length: 200 }, () => randomUUID());
    const event = {
      type: "StrategyRegenerated" as const,
      version: 2,
      kind: "REGENERATION" as const,
      fromPhase: 2,
      archivedPostIds,
    };
    for (let i = 0; i < COUNT; i += 20) {
      publishEvents(app.events, await app.db.$transaction((tx) => recordEvents(tx, id, Array(20).fill(event))));
      await new Promise((r) => setTimeout(r, 5));
    }
    // The server ends the subscription as it falls behind, not when its client reads again.
    await until(() => openEventStreams() === baseline);

    client.resume();
    await client.waitUntil((messages) => messages.some((m) => m.id === "live" && m.type === "error"));
    const sent = sequencesOf(client.messages, "live");
    const last = sent.at(-1) ?? start;
    expect(sent).toEqual(sent.map((_, i) => start + 1 + i));
    expect(last).toBeLessThan(start + COUNT - MAX_BACKLOG);
    const error = client.messages.find((m) => m.id === "live" && m.type === "error");
    expect(error?.payload).toEqual([
      expect.objectContaining({
        message: `This subscription fell more than 1000 events behind and was ended; subscribe again with afterSequence: ${last} to resume.`,
        extensions: expect.objectContaining({ code: "RATE_LIMITED", resumeAfterSequence: last }),
      }),
    ]);

    client.subscribe("resumed", EVENTS, { id, after: last });
    await client.waitUntil((messages) => sequencesOf(messages, "resumed").at(-1) === start + COUNT);
    const rest = sequencesOf(client.messages, "resumed");
    expect(rest).toEqual(rest.map((_, i) => last + 1 + i));
    client.terminate();
  });
});
