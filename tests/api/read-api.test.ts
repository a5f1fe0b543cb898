import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SampleCampaign, writeSampleCampaign } from "../../src/fixtures/sample-history.js";
import { graphql } from "../generated/gql.js";
import { codeOf, createTestApi } from "../helpers/api.js";
import { openTestDatabase, type TestDatabase } from "../helpers/database.js";

let t: TestDatabase;
let api: ReturnType<typeof createTestApi>;
let sample: SampleCampaign;

beforeAll(async () => {
  t = await openTestDatabase();
  api = createTestApi(t);
  sample = await writeSampleCampaign(t.db);
});
afterAll(() => t?.close());

const CampaignVersions = graphql(`
  query CampaignVersions($id: ID!) {
    campaign(id: $id) {
      id
      name
      status
      currentVersion
      plannerModel
      versions { number kind fromPhase direction restoredFrom archivedPostCount createdPostCount createdAt }
    }
  }
`);

const StrategyAt = graphql(`
  query StrategyAt($id: ID!, $version: Int) {
    campaign(id: $id) {
      strategy(version: $version) {
        version
        phases { number name posts { id phase } }
        posts { id phase version isActive archivedInVersion }
        links { from { id } to { id } }
        mermaid
      }
    }
  }
`);

const PostsByCampaign = graphql(`
  query PostsByCampaign($id: ID!, $activeOnly: Boolean, $version: Int) {
    postsByCampaign(campaignId: $id, activeOnly: $activeOnly, version: $version) {
      id phase version isActive
    }
  }
`);

const PostDetails = graphql(`
  query PostDetails($id: ID!) {
    postsByCampaign(campaignId: $id) {
      id title description platform status contentStatus selectedVariant feedback publishedAt createdAt
      archivedInVersion trigger { metric }
      campaign { id }
      next { id phase }
      previous { id phase }
      variants { label generation text mediaUrl mediaCaption }
      metrics { variants { label likes retweets impressions comments } }
    }
  }
`);

const Compare = graphql(`
  query Compare($id: ID!, $from: Int!, $to: Int!) {
    compareVersions(campaignId: $id, from: $from, to: $to) {
      from to
      addedPosts { id } removedPosts { id } keptPosts { id }
      addedLinks { from { id } to { id } } removedLinks { from { id } to { id } }
    }
  }
`);

const linkKeys = (links: { from: { id: string }; to: { id: string } }[]) => links.map((l) => `${l.from.id}->${l.to.id}`);

describe("campaign history", () => {
  it("lists every version oldest first, saying what created it", async () => {
    const { campaign } = await api.data(CampaignVersions, { id: sample.campaignId });
    expect(campaign?.currentVersion).toBe(3);
    expect(campaign?.plannerModel).toBe("offline");
    expect(campaign?.versions.map((v) => [v.number, v.kind, v.fromPhase, v.restoredFrom])).toEqual([
      [1, "INITIAL", null, null],
      [2, "REGENERATION", 2, null],
      [3, "RESTORE", null, 1],
    ]);
    expect(campaign?.versions[1]?.direction).toMatch(/developer-first/);
    expect(campaign?.versions.map((v) => [v.archivedPostCount, v.createdPostCount])).toEqual([
      [0, 9],
      [6, 6],
      [9, 9],
    ]);
  });

  it("lists the campaign among all campaigns", async () => {
    const { campaigns } = await api.data(graphql(`query AllCampaigns { campaigns { id name currentVersion } }`));
    expect(campaigns.map((c) => c.id)).toContain(sample.campaignId);
  });

  it.each([1, 2, 3])("returns exactly the posts and links of version %i", async (version) => {
    const { campaign } = await api.data(StrategyAt, { id: sample.campaignId, version });
    const strategy = campaign?.strategy;
    expect(strategy?.version).toBe(version);
    expect(strategy?.posts.map((p) => p.id)).toEqual(sample.postsByVersion.get(version));
    expect(linkKeys(strategy?.links ?? []).sort()).toEqual([...(sample.linksByVersion.get(version) ?? [])].sort());
    expect(strategy?.phases.flatMap((p) => p.posts.map((post) => post.id))).toEqual(sample.postsByVersion.get(version));
    for (const phase of strategy?.phases ?? []) expect(phase.posts.every((p) => p.phase === phase.number)).toBe(true);
  });

  it("names the phases as they were planned in each version", async () => {
    const names = async (version: number) =>
      (await api.data(StrategyAt, { id: sample.campaignId, version })).campaign?.strategy.phases.map((p) => p.name);
    expect(await names(1)).toEqual(["Awareness", "Launch", "Growth"]);
    expect(await names(2)).toEqual(["Awareness", "Technical launch", "Community growth"]);
    expect(await names(3)).toEqual(["Awareness", "Launch", "Growth"]);
  });

  it("gives the current version when no version is asked for, equal to the active posts", async () => {
    const { campaign } = await api.data(StrategyAt, { id: sample.campaignId });
    const { postsByCampaign } = await api.data(PostsByCampaign, { id: sample.campaignId });
    expect(campaign?.strategy.version).toBe(3);
    expect(campaign?.strategy.posts.map((p) => p.id)).toEqual(postsByCampaign.map((p) => p.id));
  });

  it("renders each version as a Mermaid flowchart with one subgraph per phase", async () => {
    const { campaign } = await api.data(StrategyAt, { id: sample.campaignId, version: 2 });
    const mermaid = campaign?.strategy.mermaid ?? "";
    expect(mermaid.split("\n")[0]).toBe("graph TB");
    expect(mermaid.match(/^\s*subgraph /gm)).toHaveLength(3);
    expect(mermaid).toContain("Technical launch");
    expect(mermaid.match(/-->/g)).toHaveLength(sample.linksByVersion.get(2)?.length ?? -1);
  });
});

describe("postsByCampaign", () => {
  it("returns only active posts by default, ordered by phase then position", async () => {
    const { postsByCampaign } = await api.data(PostsByCampaign, { id: sample.campaignId });
    expect(postsByCampaign.map((p) => p.id)).toEqual(sample.postsByVersion.get(3));
    expect(postsByCampaign.every((p) => p.isActive)).toBe(true);
    const order = postsByCampaign.map((p) => p.phase);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("returns archived posts too when activeOnly is false", async () => {
    const { postsByCampaign } = await api.data(PostsByCampaign, { id: sample.campaignId, activeOnly: false });
    expect(postsByCampaign).toHaveLength(24);
    expect(postsByCampaign.filter((p) => !p.isActive)).toHaveLength(15);
  });

  it("filters by the version that created the posts, combined with activeOnly", async () => {
    const all = await api.data(PostsByCampaign, { id: sample.campaignId, activeOnly: false, version: 2 });
    expect(all.postsByCampaign.map((p) => p.version)).toEqual(Array(6).fill(2));
    const active = await api.data(PostsByCampaign, { id: sample.campaignId, version: 2 });
    expect(active.postsByCampaign).toEqual([]);
  });

  it("serves every field of a post with its links, variants and metrics", async () => {
    const { postsByCampaign } = await api.data(PostDetails, { id: sample.campaignId });
    const first = postsByCampaign[0];
    expect(first?.campaign.id).toBe(sample.campaignId);
    expect(first?.next.length).toBeGreaterThan(0);
    expect(first?.next.every((n) => n.phase === 2)).toBe(true);
    expect(first?.previous).toEqual([]);
    expect(first?.variants.map((v) => `${v.label}${v.generation}`)).toEqual(["A1", "B1"]);
    expect(first?.trigger).toBeNull();
    const lastPhase = postsByCampaign.filter((p) => p.previous.length > 0);
    expect(lastPhase.length).toBeGreaterThan(0);
  });
});

describe("compareVersions", () => {
  it("names the posts and links a regeneration added, removed and kept", async () => {
    const { compareVersions: d } = await api.data(Compare, { id: sample.campaignId, from: 1, to: 2 });
    const v1 = new Set(sample.postsByVersion.get(1));
    const v2 = new Set(sample.postsByVersion.get(2));
    expect(d.keptPosts.map((p) => p.id).sort()).toEqual([...v1].filter((id) => v2.has(id)).sort());
    expect(d.addedPosts.map((p) => p.id).sort()).toEqual([...v2].filter((id) => !v1.has(id)).sort());
    expect(d.removedPosts.map((p) => p.id).sort()).toEqual([...v1].filter((id) => !v2.has(id)).sort());
    const l1 = new Set(sample.linksByVersion.get(1));
    const l2 = new Set(sample.linksByVersion.get(2));
    expect(linkKeys(d.addedLinks).sort()).toEqual([...l2].filter((k) => !l1.has(k)).sort());
    expect(linkKeys(d.removedLinks).sort()).toEqual([...l1].filter((k) => !l2.has(k)).sort());
    expect(d.keptPosts).toHaveLength(3);
  });

  it("shows a restore as new rows replacing the current ones", async () => {
    const { compareVersions: d } = await api.data(Compare, { id: sample.campaignId, from: 2, to: 3 });
    expect(d.addedPosts).toHaveLength(9);
    expect(d.removedPosts).toHaveLength(9);
    expect(d.keptPosts).toHaveLength(0);
  });
});

describe("bad arguments", () => {
  it.each([0, -1, 4, 1000])("rejects version %i with BAD_USER_INPUT naming the argument", async (version) => {
    const r = await api.request(PostsByCampaign, { id: sample.campaignId, version });
    expect(codeOf(r)).toBe("BAD_USER_INPUT");
    expect(r.errors?.[0]?.message).toMatch(/^version: .*between 1 and 3/);
  });

  it("rejects a strategy version outside the history", async () => {
    const r = await api.request(StrategyAt, { id: sample.campaignId, version: 9 });
    expect(codeOf(r)).toBe("BAD_USER_INPUT");
  });

  it("rejects compareVersions bounds outside the history, naming which", async () => {
    const r = await api.request(Compare, { id: sample.campaignId, from: 0, to: 2 });
    expect(codeOf(r)).toBe("BAD_USER_INPUT");
    expect(r.errors?.[0]?.message).toMatch(/^from:/);
  });

  it("rejects a version beyond 32 bits and a version of the wrong type as BAD_USER_INPUT", async () => {
    const huge = await api.request(PostsByCampaign, { id: sample.campaignId, version: 2 ** 40 });
    expect(codeOf(huge)).toBe("BAD_USER_INPUT");
    const literal = await api.request(`{ postsByCampaign(campaignId: "${sample.campaignId}", version: "two") { id } }`);
    expect(codeOf(literal)).toBe("BAD_USER_INPUT");
    const variable = await api.request(PostsByCampaign, { id: sample.campaignId, version: "two" as unknown as number });
    expect(codeOf(variable)).toBe("BAD_USER_INPUT");
  });

  it.each(["00000000-0000-4000-8000-000000000000", "not-a-uuid", "' OR 1=1 --"])(
    "answers NOT_FOUND for the unknown campaign id %s",
    async (id) => {
      const r = await api.request(PostsByCampaign, { id });
      expect(codeOf(r)).toBe("NOT_FOUND");
      const c = await api.request(Compare, { id, from: 1, to: 1 });
      expect(codeOf(c)).toBe("NOT_FOUND");
      const single = await api.data(CampaignVersions, { id });
      expect(single.campaign).toBeNull();
    },
  );

  it("masks an unexpected failure: a generic message and a request id, no SQL, stack or path", async () => {
    const broken = await openTestDatabase();
    await broken.close();
    const brokenApi = createTestApi(broken);
    const r = await brokenApi.request(PostsByCampaign, { id: sample.campaignId });
    expect(codeOf(r)).toBe("INTERNAL_SERVER_ERROR");
    expect(r.errors?.[0]?.extensions?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const text = JSON.stringify(r);
    expect(text).not.toMatch(/prisma|select|stack|\/work|\.ts|node_modules/i);
    expect(brokenApi.logged.length).toBe(1);
    // The log has the real error under the same request id.
    const [line, error] = brokenApi.logged[0] as [string, unknown];
    expect(line).toBe(`request ${r.errors?.[0]?.extensions?.requestId}:`);
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).not.toMatch(/Unexpected error; the server log/);
  });
});
