import { createClient } from "graphql-ws";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { openEventStreams } from "../../src/events/campaign-stream.js";
import { createJanusCampaign, gql as request } from "../helpers/http.js";
import { useServedApp } from "../helpers/served-app.js";
import { subscribeSse, subscribeWs } from "../helpers/subscribers.js";

// Live events over real sockets: graphql-ws and SSE on the service as `npm start` builds it.
const served = useServedApp("phasewise-subs-");

const gql = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) =>
  request<T>(served.url, query, variables);

const createCampaign = () => createJanusCampaign(served.url);

const regenerate = (id: string, phaseNum = 2) =>
  gql<{ regenerateStrategy: { version: number; newPosts: { id: string }[]; archivedPosts: { id: string }[] } }>(
    `mutation($id: ID!, $n: Int!) { regenerateStrategy(input: { campaignId: $id, phaseNum: $n, newDirection: "pivot to developer-first strategy with technical demos" }) { version newPosts { id } archivedPosts { id } } }`,
    { id, n: phaseNum },
  );

const EVENTS = `subscription($id: ID!, $after: Int) {
  campaignEvents(campaignId: $id, afterSequence: $after) {
    __typename
    ... on StrategyRegeneratedEvent { sequence version fromPhase archivedPostIds }
    ... on PostCreatedEvent { sequence version post { id phase title } }
    ... on PostUpdatedEvent { sequence post { id contentStatus } }
    ... on ContentReadyEvent { sequence generation post { id contentStatus } variants { label generation text mediaUrl } }
  }
}`;

type CampaignEvent = {
  __typename: string;
  sequence: number;
  version?: number;
  post?: { id: string };
  variants?: { label: string; generation: number; text: string; mediaUrl: string }[];
};
type EventData = { campaignEvents: CampaignEvent };
const until = async (condition: () => boolean | Promise<boolean>, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** Waits until no content job of the campaign is left, and returns its last event sequence. */
async function settled(id: string): Promise<number> {
  let last = 0;
  await until(async () => {
    const { campaign } = await gql<{ campaign: { status: string; lastEventSequence: number } }>(
      `query($id: ID!) { campaign(id: $id) { status lastEventSequence } }`,
      { id },
    );
    last = campaign.lastEventSequence;
    return campaign.status === "READY";
  });
  return last;
}

const eventsOf = (events: Record<string, unknown>[]) => (events as EventData[]).map((e) => e.campaignEvents);
const contentReadyFor = (events: Record<string, unknown>[], ids: string[]) =>
  ids.every((id) => eventsOf(events).some((e) => e.__typename === "ContentReadyEvent" && e.post?.id === id));

describe("campaignEvents", () => {
  it("delivers a regeneration and its content to a graphql-ws and an SSE subscriber, in commit order", async () => {
    const id = await createCampaign();
    await settled(id);
    const ws = subscribeWs(served.url, EVENTS, { id });
    const sse = subscribeSse(served.url, EVENTS, { id });
    await until(() => openEventStreams() >= 2);
    const { regenerateStrategy: r } = await regenerate(id);
    const newIds = r.newPosts.map((p) => p.id);
    for (const subscriber of [ws, sse]) {
      const events = eventsOf(await subscriber.waitUntil((all) => contentReadyFor(all, newIds)));
      expect(events[0]).toMatchObject({ __typename: "StrategyRegeneratedEvent", version: 2, fromPhase: 2 });
      const created = events.filter((e) => e.__typename === "PostCreatedEvent");
      expect(created.map((e) => e.post?.id)).toEqual(newIds);
      const ready = events.filter((e) => e.__typename === "ContentReadyEvent");
      expect(ready.map((e) => e.post?.id).sort()).toEqual([...newIds].sort());
      for (const event of ready) {
        expect(event.variants?.map((v) => [v.label, v.generation])).toEqual([
          ["A", 1],
          ["B", 1],
        ]);
        for (const variant of event.variants ?? []) {
          expect(variant.text.length).toBeGreaterThan(0);
          const image = await fetch(`${served.url}${variant.mediaUrl}`);
          expect(image.status).toBe(200);
          expect(image.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
        }
        // A post's content is ready only after it was created.
        const createdAt = events.findIndex((e) => e.__typename === "PostCreatedEvent" && e.post?.id === event.post?.id);
        expect(events.indexOf(event)).toBeGreaterThan(createdAt);
      }
      // Commit order: consecutive sequence numbers, nothing missing, nothing twice.
      const sequences = events.map((e) => e.sequence);
      expect(sequences).toEqual(sequences.map((_, i) => (sequences[0] ?? 0) + i));
      await subscriber.close();
    }
  });

  it("serves 30 subscribers of one campaign, each getting the regeneration, without a listener-leak warning", async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on("warning", onWarning);
    try {
      const id = await createCampaign();
      await settled(id);
      const before = openEventStreams();
      const subscribers = Array.from({ length: 30 }, () => subscribeWs(served.url, EVENTS, { id }));
      await until(() => openEventStreams() >= before + 30);
      await regenerate(id);
      for (const subscriber of subscribers) {
        const [first] = eventsOf(await subscriber.waitFor(1));
        expect(first).toMatchObject({ __typename: "StrategyRegeneratedEvent", version: 2 });
      }
      await Promise.all(subscribers.map((s) => s.close()));
      await new Promise((resolve) => setImmediate(resolve)); // Node emits warnings on the next tick
      expect(warnings).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("resumes after the last event seen: exactly the 3 missed events, in order, then live ones", async () => {
    const id = await createCampaign();
    const last = await settled(id);
    const lastSeen = last - 3; // the client saw all but the last 3 events
    const ws = subscribeWs(served.url, EVENTS, { id, after: lastSeen });
    const replayed = eventsOf(await ws.waitFor(3));
    expect(replayed.map((e) => e.sequence)).toEqual([lastSeen + 1, lastSeen + 2, lastSeen + 3]);
    const { regenerateStrategy: again } = await regenerate(id, 3);
    const all = eventsOf(
      await ws.waitUntil((events) =>
        contentReadyFor(
          events,
          again.newPosts.map((p) => p.id),
        ),
      ),
    );
    const sequences = all.map((e) => e.sequence);
    expect(sequences).toEqual(sequences.map((_, i) => lastSeen + 1 + i));
    expect(all[3]).toMatchObject({ __typename: "StrategyRegeneratedEvent", version: 2 });
    await ws.close();
  });

  it("gives every event its sequence, version, campaignId and time with no fragment, the same live and replayed", async () => {
    const SHARED = `subscription($id: ID!, $after: Int) {
      campaignEvents(campaignId: $id, afterSequence: $after) {
        __typename campaignId sequence version occurredAt
        ... on PostCreatedEvent { post { id } }
      }
    }`;
    type Shared = {
      __typename: string;
      campaignId: string;
      sequence: number;
      version: number;
      occurredAt: string;
      post?: { id: string };
    };
    const id = await createCampaign();
    const last = await settled(id);
    const live = subscribeWs(served.url, SHARED, { id });
    const liveSse = subscribeSse(served.url, SHARED, { id });
    await until(() => openEventStreams() >= 2);
    const before = Date.now();
    const { regenerateStrategy: r } = await regenerate(id);
    const after = Date.now();
    const liveEvents = (await live.waitUntil((all) => all.length >= 1 + r.newPosts.length)).map(
      (e) => (e as { campaignEvents: Shared }).campaignEvents,
    );
    // Every event of the regeneration: this campaign, version 2, committed while the mutation ran.
    for (const event of liveEvents.slice(0, 1 + r.newPosts.length)) {
      expect(event).toMatchObject({ campaignId: id, version: 2 });
      const at = Date.parse(event.occurredAt);
      expect(at).toBeGreaterThanOrEqual(before - 5);
      expect(at).toBeLessThanOrEqual(after + 5);
    }
    // The inline fragment works beside the shared fields.
    expect(liveEvents.filter((e) => e.__typename === "PostCreatedEvent").map((e) => e.post?.id)).toEqual(
      r.newPosts.map((p) => p.id),
    );
    // Before the regeneration, every event was of version 1.
    const replay = subscribeWs(served.url, SHARED, { id, after: 0 });
    const replayed = (await replay.waitFor(last + liveEvents.length)).map(
      (e) => (e as { campaignEvents: Shared }).campaignEvents,
    );
    expect(replayed.slice(0, last).every((e) => e.version === 1 && e.campaignId === id)).toBe(true);
    expect(replayed.map((e) => e.sequence)).toEqual(replayed.map((_, i) => i + 1));
    // Replayed from the log exactly as they were published, over graphql-ws and over SSE.
    expect(replayed.slice(last)).toEqual(liveEvents);
    const sseEvents = (await liveSse.waitFor(liveEvents.length)).map((e) => (e as { campaignEvents: Shared }).campaignEvents);
    expect(sseEvents).toEqual(liveEvents);
    await Promise.all([live.close(), liveSse.close(), replay.close()]);
  });

  it("gives each subscriber what its own variables ask for, when one event is executed once for many", async () => {
    // The same document; $withTitle shapes the selection, $after only where each resumes from.
    const SHAPED = `subscription($id: ID!, $after: Int, $withTitle: Boolean!) {
      campaignEvents(campaignId: $id, afterSequence: $after) {
        __typename
        ... on StrategyRegeneratedEvent { sequence version }
        ... on PostCreatedEvent { sequence post { id title @include(if: $withTitle) } }
      }
    }`;
    const id = await createCampaign();
    const last = await settled(id);
    const before = openEventStreams();
    const variants = [
      { withTitle: true },
      { withTitle: false },
      { withTitle: true, after: last },
      { withTitle: false, after: last },
    ];
    const subscribers = variants.map((v) => subscribeWs(served.url, SHAPED, { id, ...v }));
    await until(() => openEventStreams() >= before + variants.length);
    const { regenerateStrategy } = await regenerate(id);
    const created = regenerateStrategy.newPosts.length;
    for (const [i, subscriber] of subscribers.entries()) {
      const events = eventsOf(await subscriber.waitFor(1 + created));
      const posts = events.filter((e) => e.__typename === "PostCreatedEvent").map((e) => e.post as Record<string, unknown>);
      expect(posts.map((p) => p.id)).toEqual(regenerateStrategy.newPosts.map((p) => p.id));
      for (const post of posts)
        if (variants[i]?.withTitle) expect(post.title).toEqual(expect.any(String));
        else expect(post).not.toHaveProperty("title");
    }
    await Promise.all(subscribers.map((s) => s.close()));
  });

  it("answers NOT_FOUND for an unknown campaign over graphql-ws", async () => {
    const ws = subscribeWs(served.url, EVENTS, { id: "nope" });
    const [event] = await ws.waitFor(1);
    expect(JSON.stringify(event)).toContain("NOT_FOUND");
    await ws.close();
  });

  it("leaves no stream open after 1,000 subscribe-then-disconnect cycles", async () => {
    const id = await createCampaign();
    const client = createClient({ url: `${served.url.replace(/^http/, "ws")}/graphql`, webSocketImpl: WebSocket });
    const baseline = openEventStreams();
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    for (let i = 0; i < 1000; i++) {
      const stop = client.subscribe(
        { query: EVENTS, variables: { id } },
        { next: () => {}, error: () => {}, complete: () => {} },
      );
      await until(() => openEventStreams() === baseline + 1);
      stop();
      await until(() => openEventStreams() === baseline);
    }
    await client.dispose();
    global.gc?.();
    const heapAfter = process.memoryUsage().heapUsed;
    expect(openEventStreams()).toBe(baseline);
    console.info(
      `1,000 subscribe/disconnect cycles: heap ${(heapBefore / 2 ** 20).toFixed(1)} MiB before, ${(heapAfter / 2 ** 20).toFixed(1)} MiB after`,
    );
  });
});
