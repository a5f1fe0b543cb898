import { describe, expect, it } from "vitest";
import { WRITE_CONTENT_TOOL } from "../../src/ai/schemas.js";
import { CountingModel } from "../helpers/counting-model.js";
import { useTestDatabase } from "../helpers/database.js";
import { createJanusCampaign, gql, until } from "../helpers/http.js";
import { useInstances } from "../helpers/instances.js";
import { subscribeWs } from "../helpers/subscribers.js";

// Two instances of the service on one PostgreSQL database and one Redis server (this machine's,
// 127.0.0.1:6379; TEST_REDIS_URL overrides): events cross instances through Redis, and the job
// queue hands each content job to exactly one of them.
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

const t = useTestDatabase();
const models = [new CountingModel(), new CountingModel()];
const { urls } = useInstances(
  t,
  { REDIS_URL },
  models.map((model) => ({ llm: { model, name: "offline" } })),
);

const EVENTS = `subscription($id: ID!) {
  campaignEvents(campaignId: $id) {
    __typename
    ... on StrategyRegeneratedEvent { sequence version }
    ... on PostCreatedEvent { sequence post { id } }
    ... on PostUpdatedEvent { sequence }
    ... on ContentReadyEvent { sequence post { id } variants { label } }
  }
}`;
type Event = { campaignEvents: { __typename: string; sequence: number; version?: number; post?: { id: string } } };

describe("two instances sharing PostgreSQL and Redis", () => {
  it("deliver a mutation on instance A to a subscriber on instance B, and do each content job once", async () => {
    const [a, b] = urls as [string, string];
    const id = await createJanusCampaign(a);
    const ready = async () => (await t.db.campaign.findUniqueOrThrow({ where: { id } })).status === "READY";
    await until(ready);

    const subscriber = subscribeWs(b, EVENTS, { id });
    await new Promise((r) => setTimeout(r, 300)); // the subscription is registered with Redis
    const { regenerateStrategy } = await gql<{ regenerateStrategy: { version: number; newPosts: { id: string }[] } }>(
      a,
      `mutation($id: ID!) { regenerateStrategy(input: { campaignId: $id, phaseNum: 2, newDirection: "developer-first with technical demos" }) { version newPosts { id } } }`,
      { id },
    );
    const newIds = regenerateStrategy.newPosts.map((p) => p.id);
    const events = (
      (await subscriber.waitUntil((all) =>
        newIds.every((postId) =>
          (all as Event[]).some(
            (e) => e.campaignEvents.__typename === "ContentReadyEvent" && e.campaignEvents.post?.id === postId,
          ),
        ),
      )) as Event[]
    ).map((e) => e.campaignEvents);
    expect(events[0]).toMatchObject({ __typename: "StrategyRegeneratedEvent", version: 2 });
    expect(events.filter((e) => e.__typename === "PostCreatedEvent").map((e) => e.post?.id)).toEqual(newIds);
    const sequences = events.map((e) => e.sequence);
    expect(sequences).toEqual(sequences.map((_, i) => (sequences[0] ?? 0) + i));
    await subscriber.close();

    await until(ready);
    const posts = await t.db.post.findMany({ where: { campaignId: id }, include: { variants: true } });
    const written = posts.filter((p) => p.contentStatus === "READY");
    for (const post of written) expect(post.variants.map((v) => `${v.label}${v.generation}`).sort()).toEqual(["A1", "B1"]);
    // Every active post has content, and the model was asked once per post that got it.
    expect(posts.filter((p) => p.isActive).every((p) => p.contentStatus === "READY")).toBe(true);
    const calls = models.reduce((n, m) => n + m.toolCalls(WRITE_CONTENT_TOOL), 0);
    expect(calls).toBe(written.length);
  });
});
