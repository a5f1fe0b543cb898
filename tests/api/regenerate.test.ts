import { describe, expect, it } from "vitest";
import { createChatModel } from "../../src/ai/models.js";
import { writeSampleCampaign } from "../../src/fixtures/sample-history.js";
import { graphql } from "../generated/gql.js";
import { codeOf, createTestApi } from "../helpers/api.js";
import { dumpCampaign } from "../helpers/campaign-dump.js";
import { createCampaignId, JANUS_BRIEF, readStrategy } from "../helpers/campaigns.js";
import { CountingModel } from "../helpers/counting-model.js";
import { useTestDatabase } from "../helpers/database.js";
import { useFakeOpenAI } from "../helpers/fake-openai.js";

const PIVOT = "pivot to developer-first strategy with technical demos";

const Regenerate = graphql(`
  mutation Regenerate($input: RegenerateStrategyInput!) {
    regenerateStrategy(input: $input) {
      version
      campaign { currentVersion versions { number kind fromPhase direction archivedPostCount createdPostCount } }
      archivedPosts { id isActive archivedInVersion }
      newPosts { id phase version title description previous { id phase } }
    }
  }
`);

const Restore = graphql(`
  mutation Restore($input: RestoreVersionInput!) {
    restoreVersion(input: $input) { campaign { currentVersion versions { number kind restoredFrom } } }
  }
`);

const Strategy = graphql(`
  query StrategyForRegeneration($id: ID!, $version: Int) {
    campaign(id: $id) {
      strategy(version: $version) {
        phases { number name }
        posts { id phase position title description platform version isActive }
        links { from { id } to { id } }
      }
    }
  }
`);

const t = useTestDatabase();
const fake = useFakeOpenAI();

const api = () => createTestApi(t);
const linkKeys = (links: { from: { id: string }; to: { id: string } }[]) => links.map((l) => `${l.from.id}>${l.to.id}`).sort();

async function newCampaign(phaseCount = 3) {
  return createCampaignId(api(), { ...JANUS_BRIEF, phaseCount });
}
const strategy = (id: string, version?: number) => readStrategy(api(), Strategy, id, version);

describe("regenerateStrategy", () => {
  it("from phase 2 keeps phase 1 exactly, archives the rest and links the new phase 2 from phase 1", async () => {
    const id = await newCampaign();
    const v1 = await strategy(id);
    const { regenerateStrategy: r } = await api().data(Regenerate, {
      input: { campaignId: id, phaseNum: 2, newDirection: PIVOT },
    });
    expect(r.version).toBe(2);
    expect(r.campaign.currentVersion).toBe(2);
    expect(r.campaign.versions.at(-1)).toEqual({
      number: 2,
      kind: "REGENERATION",
      fromPhase: 2,
      direction: PIVOT,
      archivedPostCount: r.archivedPosts.length,
      createdPostCount: r.newPosts.length,
    });
    const v2 = await strategy(id);
    const phase1 = v1.posts.filter((p) => p.phase === 1);
    expect(v2.posts.filter((p) => p.phase === 1)).toEqual(phase1);
    expect(r.archivedPosts.map((p) => p.id).sort()).toEqual(
      v1.posts
        .filter((p) => p.phase >= 2)
        .map((p) => p.id)
        .sort(),
    );
    expect(r.archivedPosts.every((p) => !p.isActive && p.archivedInVersion === 2)).toBe(true);
    expect(new Set(r.newPosts.map((p) => p.phase))).toEqual(new Set([2, 3]));
    expect(r.newPosts.every((p) => p.version === 2)).toBe(true);
    const phase1Ids = new Set(phase1.map((p) => p.id));
    for (const post of r.newPosts.filter((p) => p.phase === 2)) expect(post.previous.some((p) => phase1Ids.has(p.id))).toBe(true);
    // The offline planner visibly follows the direction.
    for (const post of r.newPosts) expect(`${post.title} ${post.description}`).toContain("developer-first");
    // History: version 1 reads exactly as before (its archived posts now say they are inactive).
    const archived = new Set(r.archivedPosts.map((p) => p.id));
    expect(await strategy(id, 1)).toEqual({ ...v1, posts: v1.posts.map((p) => ({ ...p, isActive: !archived.has(p.id) })) });
  });

  it("from phase 3 keeps phases 1–2 and the links between them", async () => {
    const id = await newCampaign();
    const v1 = await strategy(id);
    await api().data(Regenerate, { input: { campaignId: id, phaseNum: 3, newDirection: PIVOT } });
    const v2 = await strategy(id);
    const kept = new Set(v1.posts.filter((p) => p.phase < 3).map((p) => p.id));
    expect(v2.posts.filter((p) => p.phase < 3)).toEqual(v1.posts.filter((p) => p.phase < 3));
    const keptLinks = (s: typeof v1) => linkKeys(s.links.filter((l) => kept.has(l.from.id) && kept.has(l.to.id)));
    expect(keptLinks(v2)).toEqual(keptLinks(v1));
    expect(keptLinks(v1).length).toBeGreaterThan(0);
    expect(v2.posts.filter((p) => p.phase === 3).every((p) => p.version === 2)).toBe(true);
  });

  it("from phase 1 replans everything", async () => {
    const id = await newCampaign();
    const v1 = await strategy(id);
    const { regenerateStrategy: r } = await api().data(Regenerate, {
      input: { campaignId: id, phaseNum: 1, newDirection: PIVOT },
    });
    expect(r.archivedPosts).toHaveLength(v1.posts.length);
    const v2 = await strategy(id);
    expect(v2.posts.every((p) => p.version === 2)).toBe(true);
    expect(v2.phases.map((p) => p.number)).toEqual([1, 2, 3]);
  });

  it("from the last phase + 1 appends a phase and archives nothing", async () => {
    const id = await newCampaign();
    const v1 = await strategy(id);
    const { regenerateStrategy: r } = await api().data(Regenerate, {
      input: { campaignId: id, phaseNum: 4, newDirection: PIVOT },
    });
    expect(r.archivedPosts).toEqual([]);
    const v2 = await strategy(id);
    expect(v2.phases.map((p) => p.number)).toEqual([1, 2, 3, 4]);
    expect(v2.posts.filter((p) => p.phase < 4)).toEqual(v1.posts);
    const phase3 = new Set(v1.posts.filter((p) => p.phase === 3).map((p) => p.id));
    for (const post of r.newPosts) expect(post.previous.some((p) => phase3.has(p.id))).toBe(true);
  });

  it.each([
    [{ phaseNum: 0 }, "BAD_USER_INPUT", "input.phaseNum"],
    [{ phaseNum: 5 }, "BAD_USER_INPUT", "input.phaseNum"],
    [{ newDirection: "   " }, "BAD_USER_INPUT", "input.newDirection"],
    [{ newDirection: "d".repeat(2001) }, "BAD_USER_INPUT", "input.newDirection"],
    [{ expectedVersion: 7 }, "VERSION_CONFLICT", "Version conflict"],
    [{ idempotencyKey: "" }, "BAD_USER_INPUT", "input.idempotencyKey"],
  ])("rejects %o with %s and changes nothing", async (change, code, start) => {
    const id = await newCampaign();
    const before = await dumpCampaign(t.db, id);
    const r = await api().request(Regenerate, { input: { campaignId: id, phaseNum: 2, newDirection: PIVOT, ...change } });
    expect(codeOf(r)).toBe(code);
    expect(r.errors?.[0]?.message.startsWith(start)).toBe(true);
    expect(await dumpCampaign(t.db, id)).toEqual(before);
  });

  it("answers NOT_FOUND for an unknown campaign", async () => {
    const r = await api().request(Regenerate, { input: { campaignId: "nope", phaseNum: 1, newDirection: PIVOT } });
    expect(codeOf(r)).toBe("NOT_FOUND");
  });

  it.each([
    ["returns garbage", [{ tool: "garbage" }, { tool: "{}" }, { tool: '{"phases": 1}' }]],
    ["fails", [{ status: 500 }]],
  ] as const)("changes nothing when the model %s", async (_what, replies) => {
    const id = await newCampaign();
    const before = await dumpCampaign(t.db, id);
    fake.script(...replies);
    const model = createChatModel({
      kind: "openai",
      apiKey: "k",
      baseURL: fake.baseURL,
      model: "fake-gpt",
      timeoutMs: 5_000,
      maxRetries: 0,
      deadlineMs: 30_000,
    });
    const r = await createTestApi(t, model).request(Regenerate, {
      input: { campaignId: id, phaseNum: 2, newDirection: PIVOT },
    });
    expect(codeOf(r)).toBe("LLM_UNAVAILABLE");
    expect(await dumpCampaign(t.db, id)).toEqual(before);
  });
});

describe("idempotency keys", () => {
  it("return the first result for a repeated request, with one model call and one version", async () => {
    const id = await newCampaign();
    const model = new CountingModel();
    const keyed = createTestApi(t, { model, name: "offline" });
    const input = { campaignId: id, phaseNum: 2, newDirection: PIVOT, expectedVersion: 1, idempotencyKey: "req-1" };
    const first = await keyed.data(Regenerate, { input });
    const again = await keyed.data(Regenerate, { input });
    expect(model.calls).toBe(1);
    expect(again.regenerateStrategy.version).toBe(2);
    expect(again.regenerateStrategy.newPosts.map((p) => p.id)).toEqual(first.regenerateStrategy.newPosts.map((p) => p.id));
    expect(again.regenerateStrategy.campaign.versions).toHaveLength(2);
  });

  it("reject the same key with other arguments", async () => {
    const id = await newCampaign();
    await api().data(Regenerate, { input: { campaignId: id, phaseNum: 2, newDirection: PIVOT, idempotencyKey: "k" } });
    const r = await api().request(Regenerate, {
      input: { campaignId: id, phaseNum: 3, newDirection: PIVOT, idempotencyKey: "k" },
    });
    expect(codeOf(r)).toBe("BAD_USER_INPUT");
    expect(r.errors?.[0]?.message).toMatch(/^input\.idempotencyKey: was already used/);
  });
});

describe("restoreVersion", () => {
  it("makes version 1 current again as version 3, with copies, leaving versions 1 and 2 as they were", async () => {
    const id = await newCampaign();
    await api().data(Regenerate, { input: { campaignId: id, phaseNum: 2, newDirection: PIVOT } });
    const [v1, v2] = [await strategy(id, 1), await strategy(id, 2)];
    const { restoreVersion } = await api().data(Restore, { input: { campaignId: id, version: 1, expectedVersion: 2 } });
    expect(restoreVersion.campaign.currentVersion).toBe(3);
    expect(restoreVersion.campaign.versions.at(-1)).toEqual({ number: 3, kind: "RESTORE", restoredFrom: 1 });
    const v3 = await strategy(id, 3);
    const shape = (s: typeof v1) =>
      s.posts.map(({ phase, position, title, description, platform }) => ({ phase, position, title, description, platform }));
    expect(shape(v3)).toEqual(shape(v1));
    expect(v3.phases).toEqual(v1.phases);
    expect(v3.posts.every((p) => p.version === 3 && p.isActive)).toBe(true);
    const index = (s: typeof v1) => new Map(s.posts.map((p, i) => [p.id, i]));
    const asIndexes = (s: typeof v1) => s.links.map((l) => `${index(s).get(l.from.id)}>${index(s).get(l.to.id)}`).sort();
    expect(asIndexes(v3)).toEqual(asIndexes(v1));
    expect(await strategy(id, 1)).toEqual({ ...v1, posts: v1.posts.map((p) => ({ ...p, isActive: false })) });
    expect((await strategy(id, 2)).posts.map((p) => p.id)).toEqual(v2.posts.map((p) => p.id));
  });

  it("copies each post's latest A/B content", async () => {
    const { campaignId } = await writeSampleCampaign(t.db, { key: "restore-content" });
    await api().data(Restore, { input: { campaignId, version: 2 } });
    const variants = await t.db.contentVariant.findMany({ where: { post: { campaignId, version: 4 } } });
    expect(variants.length).toBe(2 * 9); // version 2: 3 kept posts and 6 regenerated ones, A and B each
    expect(new Set(variants.map((v) => v.label))).toEqual(new Set(["A", "B"]));
  });

  it("rejects a stale expectedVersion and a version outside the history, changing nothing", async () => {
    const id = await newCampaign();
    const before = await dumpCampaign(t.db, id);
    expect(codeOf(await api().request(Restore, { input: { campaignId: id, version: 1, expectedVersion: 3 } }))).toBe(
      "VERSION_CONFLICT",
    );
    const r = await api().request(Restore, { input: { campaignId: id, version: 2 } });
    expect(codeOf(r)).toBe("BAD_USER_INPUT");
    expect(r.errors?.[0]?.message).toMatch(/^input\.version:/);
    expect(await dumpCampaign(t.db, id)).toEqual(before);
  });
});
