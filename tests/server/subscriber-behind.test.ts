import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { campaignEventStream, MAX_BACKLOG, openEventStreams } from "../../src/events/campaign-stream.js";
import { commitAndPublish, recordEvents } from "../../src/events/outbox.js";
import { createJanusCampaign, until } from "../helpers/http.js";
import { useServedApp } from "../helpers/served-app.js";

// A subscriber that falls more than 1,000 events behind: its subscription ends with RATE_LIMITED
// and resumeAfterSequence (after everything it was sent), and subscribing again with that as
// afterSequence gives it the rest from the log, each event once.
const EVENTS = 1_500;
const served = useServedApp("phasewise-behind-", {
  WS_MAX_BUFFERED_BYTES: String(64 * 1024),
  // Long enough that the socket stays open: only the subscription is ended.
  WS_STALL_TIMEOUT_MS: "120000",
});

const QUERY = `subscription($id: ID!, $after: Int) {
  campaignEvents(campaignId: $id, afterSequence: $after) { sequence ... on PostUpdatedEvent { post { id } } }
}`;

type Message = {
  id?: string;
  type: string;
  payload?: { data?: { campaignEvents: { sequence: number } } } & { message: string; extensions?: Record<string, unknown> }[];
};

/** A campaign planned by the offline planner, with its content written. */
async function readyCampaign(): Promise<string> {
  const id = await createJanusCampaign(served.url);
  await until(async () => (await served.app.db.campaign.findUniqueOrThrow({ where: { id } })).status === "READY");
  return id;
}

describe("a subscriber more than 1,000 events behind", () => {
  it("is ended with RATE_LIMITED and resumeAfterSequence, and resumes from there with nothing missing", async () => {
    const id = await readyCampaign();
    const { lastEventSequence: start } = await served.app.db.campaign.findUniqueOrThrow({ where: { id } });
    const post = await served.app.db.post.findFirstOrThrow({ where: { campaignId: id } });

    const socket = new WebSocket(`${served.url.replace(/^http/, "ws")}/graphql`, "graphql-transport-ws");
    const messages: Message[] = [];
    await new Promise((resolve) => socket.once("open", resolve));
    socket.send(JSON.stringify({ type: "connection_init" }));
    await new Promise((resolve) => socket.once("message", resolve)); // connection_ack
    socket.on("message", (data: Buffer) => messages.push(JSON.parse(String(data)) as Message));
    const baseline = openEventStreams();
    socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: QUERY, variables: { id } } }));
    await until(() => openEventStreams() === baseline + 1);
    // The client stops reading while 1,500 events are committed, 50 a transaction, as the service does.
    (socket as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    for (let i = 0; i < EVENTS / 50; i++) {
      await commitAndPublish(served.app, (tx) =>
        recordEvents(
          tx,
          id,
          Array.from({ length: 50 }, () => ({ type: "PostUpdated" as const, postId: post.id })),
        ),
      );
    }
    const end = start + EVENTS;
    // The subscription was ended while the client was still not reading: its backlog is gone.
    await until(() => openEventStreams() === baseline);

    (socket as unknown as { _socket: { resume(): void } })._socket.resume();
    await until(() => messages.some((m) => m.id === "1" && m.type !== "next"));
    const first = messages.filter((m) => m.id === "1");
    const delivered = first.filter((m) => m.type === "next").map((m) => m.payload?.data?.campaignEvents.sequence);
    expect(delivered.length).toBeGreaterThan(0);
    expect(delivered.length).toBeLessThan(EVENTS - MAX_BACKLOG);
    expect(delivered).toEqual(delivered.map((_, i) => start + 1 + i));
    const ended = first.at(-1);
    expect(ended?.type).toBe("error");
    const [error] = ended?.payload ?? [];
    const lastSeen = start + delivered.length;
    expect(error?.extensions).toMatchObject({ code: "RATE_LIMITED", resumeAfterSequence: lastSeen });
    expect(error?.message).toContain(`afterSequence: ${lastSeen}`);

    // Subscribing again from there: the rest, from the log, each once and in order.
    socket.send(JSON.stringify({ id: "2", type: "subscribe", payload: { query: QUERY, variables: { id, after: lastSeen } } }));
    const rest = () =>
      messages.filter((m) => m.id === "2" && m.type === "next").map((m) => m.payload?.data?.campaignEvents.sequence);
    await until(() => rest().length >= end - lastSeen);
    expect(rest()).toEqual(Array.from({ length: end - lastSeen }, (_, i) => lastSeen + 1 + i));
    expect(messages.filter((m) => m.type === "error" && m.id === "2")).toEqual([]);
    console.info(
      `${EVENTS} events to a paused subscriber: ${delivered.length} delivered, then RATE_LIMITED with resumeAfterSequence ${lastSeen}; ${rest().length} more on resuming`,
    );
    socket.close();
  });

  it("gives the error to the next read, and none to a subscriber that leaves instead (no unhandled rejection)", async () => {
    const id = await readyCampaign();
    const { lastEventSequence: last } = await served.app.db.campaign.findUniqueOrThrow({ where: { id } });
    const publish = (from: number, to: number) => {
      for (let sequence = from; sequence <= to; sequence++)
        served.app.events.publish("campaign", id, {
          type: "PostUpdated",
          postId: "p",
          campaignId: id,
          sequence,
          version: 1,
          occurredAt: new Date().toISOString(),
        });
    };
    const reading = campaignEventStream(served.app.db, served.app.events, id);
    const leaving = campaignEventStream(served.app.db, served.app.events, id);
    const firstRead = reading.next();
    const firstLeft = leaving.next();
    // One event each, then more than 1,000 behind it at once.
    await until(() => openEventStreams() >= 2);
    await new Promise((r) => setTimeout(r, 200)); // both streams have read the campaign
    publish(last + 1, last + 1);
    expect((await firstRead).value?.sequence).toBe(last + 1);
    expect((await firstLeft).value?.sequence).toBe(last + 1);
    publish(last + 2, last + 2 + MAX_BACKLOG);
    // The next read gets the error, naming the last event it got.
    await expect(reading.next()).rejects.toMatchObject({ code: "RATE_LIMITED", details: { resumeAfterSequence: last + 1 } });
    await expect(leaving.return()).resolves.toEqual({ done: true, value: undefined });
  });
});
