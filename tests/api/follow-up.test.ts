import type { BaseMessage } from "@langchain/core/messages";
import { afterEach, describe, expect, it } from "vitest";
import { OfflineChatModel } from "../../src/ai/offline/offline-model.js";
import { PROPOSE_FOLLOW_UP_TOOL } from "../../src/ai/schemas.js";
import { CONTENT_QUEUE } from "../../src/jobs/job-queue.js";
import { graphql } from "../generated/gql.js";
import { codeOf, createTestApi } from "../helpers/api.js";
import { dumpCampaign } from "../helpers/campaign-dump.js";
import { createCampaignId, JANUS_BRIEF, readStrategy } from "../helpers/campaigns.js";
import { CountingModel } from "../helpers/counting-model.js";
import { useTestDatabase } from "../helpers/database.js";
import { pollUntil } from "../helpers/poll.js";
import { rowCounts } from "../helpers/row-counts.js";

// createFollowUpPost: one post proposed by the model in the phase after the latest selected post,
// linked from each selected post, joining the current version. The offline plan for this brief has
// 3, 4 and 2 posts in phases 1–3 (3, 5, 5, 4, 3, 2 with six phases).
const PROMPT = "highlight the open-source SDK with a code sample";

const FollowUp = graphql(`
  mutation CreateFollowUpPost($input: CreateFollowUpPostInput!) {
    createFollowUpPost(input: $input) {
      post {
        id phase position title description platform version isActive status contentStatus
        campaign { id currentVersion status versions { number createdPostCount } }
        previous { id }
        next { id }
      }
    }
  }
`);

const Strategy = graphql(`
  query StrategyForFollowUp($id: ID!, $version: Int) {
    campaign(id: $id) {
      currentVersion
      strategy(version: $version) {
        version
        phases { number name posts { id } }
        posts { id phase position version }
        links { from { id } to { id } }
        mermaid
      }
    }
  }
`);

const Variants = graphql(`
  query FollowUpVariants($id: ID!) {
    post(id: $id) { contentStatus variants { label generation text mediaUrl } }
  }
`);

const Regenerate = graphql(`
  mutation RegenerateBeforeFollowUp($input: RegenerateStrategyInput!) {
    regenerateStrategy(input: $input) { version archivedPosts { id } }
  }
`);

const t = useTestDatabase();
afterEach(async () => {
  await t.jobs.boss.offWork(CONTENT_QUEUE, { wait: true });
});

const api = () => createTestApi(t);

async function newCampaign(phaseCount = 3) {
  return createCampaignId(api(), { ...JANUS_BRIEF, phaseCount });
}
const strategy = (id: string, version?: number) => readStrategy(api(), Strategy, id, version);
const idsIn = (s: Awaited<ReturnType<typeof strategy>>, phase: number) =>
  s.posts.filter((p) => p.phase === phase).map((p) => p.id);
const first = (ids: string[]) => ids[0] as string;

describe("createFollowUpPost", () => {
  it("from a post of phase 1 adds a post to phase 2, linked from it, in the current version, with its content", async () => {
    const id = await newCampaign();
    const before = await strategy(id);
    const from = first(idsIn(before, 1));
    const client = api();
    const stream = client.events.subscribe("campaign", id)[Symbol.asyncIterator]();
    const published = stream.next(); // the subscription starts listening on its first next()

    const { createFollowUpPost } = await client.data(FollowUp, {
      input: { campaignId: id, fromPostIds: [from], prompt: PROMPT },
    });
    const post = createFollowUpPost.post;
    expect(post).toMatchObject({
      phase: 2,
      position: 4, // after the four posts phase 2 had
      version: 1,
      isActive: true,
      status: "DRAFT",
      contentStatus: "PENDING",
      previous: [{ id: from }],
      next: [],
      campaign: { id, currentVersion: 1, status: "GENERATING_CONTENT" },
    });
    expect(post.title).toContain("open-source SDK");
    expect(post.campaign.versions).toEqual([{ number: 1, createdPostCount: before.posts.length + 1 }]);
    expect(await published).toMatchObject({ value: { type: "PostCreated", postId: post.id, version: 1 } });
    await stream.return?.();

    // It belongs to the current version's snapshot: the same graph plus the post and its link.
    const after = await strategy(id, 1);
    expect(after.posts.filter((p) => p.id !== post.id)).toEqual(before.posts);
    expect(idsIn(after, 2).at(-1)).toBe(post.id);
    expect(after.links.map((l) => `${l.from.id}>${l.to.id}`)).toContain(`${from}>${post.id}`);
    expect(after.links).toHaveLength(before.links.length + 1);
    expect(after.phases.map((p) => p.name)).toEqual(before.phases.map((p) => p.name));
    const arrows = (mermaid: string) => mermaid.match(/-->/g)?.length;
    expect(arrows(after.mermaid)).toBe((arrows(before.mermaid) ?? 0) + 1);
    expect(await strategy(id)).toEqual(after);

    await client.startWorkers();
    const content = await pollUntil(
      () => client.data(Variants, { id: post.id }),
      (r) => r.post?.contentStatus === "READY",
    );
    expect(content.post?.variants.map((v) => [v.label, v.generation])).toEqual([
      ["A", 1],
      ["B", 1],
    ]);
    expect(content.post?.variants.every((v) => v.text.length > 0 && v.mediaUrl?.startsWith(`/media/${id}/${post.id}/`))).toBe(
      true,
    );
  });

  it("from posts of phases 1 and 2 goes into phase 3, linked from both", async () => {
    const id = await newCampaign();
    const s = await strategy(id);
    const fromPostIds = [first(idsIn(s, 2)), first(idsIn(s, 1))];
    const { post } = (await api().data(FollowUp, { input: { campaignId: id, fromPostIds, prompt: PROMPT } })).createFollowUpPost;
    expect(post.phase).toBe(3);
    expect(post.previous.map((p) => p.id).sort()).toEqual([...fromPostIds].sort());
    const events = await t.db.eventLog.findMany({ where: { campaignId: id }, orderBy: { sequence: "desc" }, take: 1 });
    expect(events[0]).toMatchObject({ type: "PostCreated", payload: { postId: post.id, version: 1 } });
  });

  it("from a post of the last phase creates the next phase, named after the request", async () => {
    const id = await newCampaign();
    const s = await strategy(id);
    const { post } = (
      await api().data(FollowUp, {
        input: {
          campaignId: id,
          fromPostIds: [first(idsIn(s, 3))],
          prompt: "  write a LinkedIn post about our first 100 users ",
        },
      })
    ).createFollowUpPost;
    expect(post).toMatchObject({ phase: 4, position: 0, platform: "LINKEDIN", version: 1 });
    const after = await strategy(id);
    expect(after.phases.at(-1)).toEqual({ number: 4, name: "Follow-up: our first 100 users", posts: [{ id: post.id }] });
    expect(await t.db.strategyPhase.findFirst({ where: { campaignId: id, number: 4 } })).toMatchObject({
      createdInVersion: 1,
      archivedInVersion: null,
    });
  });

  it("joins a later version without changing how earlier versions read", async () => {
    const id = await newCampaign();
    await api().data(Regenerate, { input: { campaignId: id, phaseNum: 3, newDirection: "developer-first demos" } });
    const v1 = await strategy(id, 1);
    const v2 = await strategy(id, 2);
    const { post } = (
      await api().data(FollowUp, { input: { campaignId: id, fromPostIds: [first(idsIn(v2, 1))], prompt: PROMPT } })
    ).createFollowUpPost;
    expect(post.version).toBe(2);
    expect(post.campaign.currentVersion).toBe(2);
    expect(await strategy(id, 1)).toEqual(v1);
    expect((await strategy(id, 2)).posts.map((p) => p.id)).toContain(post.id);
  });
});

describe("createFollowUpPost refuses, changing nothing,", () => {
  const unchanged = async (campaignId: string, attempt: () => Promise<{ errors?: unknown[] }>) => {
    const counts = await rowCounts(t.db);
    const dump = await dumpCampaign(t.db, campaignId);
    const jobs = (await t.jobs.boss.findJobs(CONTENT_QUEUE)).length;
    const result = await attempt();
    expect(await rowCounts(t.db)).toEqual(counts);
    expect(await dumpCampaign(t.db, campaignId)).toEqual(dump);
    expect((await t.jobs.boss.findJobs(CONTENT_QUEUE)).length).toBe(jobs);
    return result as { errors?: { message: string; extensions?: Record<string, unknown> }[] };
  };

  it("an unknown campaign (NOT_FOUND)", async () => {
    const id = await newCampaign();
    const from = first(idsIn(await strategy(id), 1));
    const r = await unchanged(id, () =>
      api().request(FollowUp, { input: { campaignId: "nope", fromPostIds: [from], prompt: PROMPT } }),
    );
    expect(codeOf(r)).toBe("NOT_FOUND");
  });

  it("an unknown post (NOT_FOUND, naming it)", async () => {
    const id = await newCampaign();
    const from = first(idsIn(await strategy(id), 1));
    const r = await unchanged(id, () =>
      api().request(FollowUp, { input: { campaignId: id, fromPostIds: [from, "missing-post"], prompt: PROMPT } }),
    );
    expect(codeOf(r)).toBe("NOT_FOUND");
    expect(r.errors?.[0]?.message).toBe('Post "missing-post" was not found.');
  });

  it("a post of another campaign (BAD_USER_INPUT)", async () => {
    const id = await newCampaign();
    const other = first(idsIn(await strategy(await newCampaign()), 1));
    const r = await unchanged(id, () =>
      api().request(FollowUp, { input: { campaignId: id, fromPostIds: [other], prompt: PROMPT } }),
    );
    expect(codeOf(r)).toBe("BAD_USER_INPUT");
    expect(r.errors?.[0]?.message).toMatch(/^input\.fromPostIds: post ".+" belongs to another campaign/);
  });

  it("an archived post (BAD_USER_INPUT)", async () => {
    const id = await newCampaign();
    const { archivedPosts } = (
      await api().data(Regenerate, { input: { campaignId: id, phaseNum: 2, newDirection: "developer-first demos" } })
    ).regenerateStrategy;
    const r = await unchanged(id, () =>
      api().request(FollowUp, {
        input: { campaignId: id, fromPostIds: [first(archivedPosts.map((p) => p.id))], prompt: PROMPT },
      }),
    );
    expect(codeOf(r)).toBe("BAD_USER_INPUT");
    expect(r.errors?.[0]?.message).toMatch(/^input\.fromPostIds: post ".+" was archived in version 2/);
  });

  it.each<[string, (from: string) => { fromPostIds?: string[]; prompt?: string }, string]>([
    ["no posts", () => ({ fromPostIds: [] }), "input.fromPostIds: must list 1–10 posts (has 0)"],
    ["a repeated post", (from) => ({ fromPostIds: [from, from] }), "input.fromPostIds: must list each post once"],
    ["an empty prompt", () => ({ prompt: "  \n " }), "input.prompt: must be 1–2000 characters after trimming (has 0)"],
    ["a prompt over 2000 characters", () => ({ prompt: "p".repeat(2001) }), "input.prompt: must be 1–2000 characters"],
  ])("%s (BAD_USER_INPUT)", async (_what, change, message) => {
    const id = await newCampaign();
    const from = first(idsIn(await strategy(id), 1));
    const r = await unchanged(id, () =>
      api().request(FollowUp, { input: { campaignId: id, fromPostIds: [from], prompt: PROMPT, ...change(from) } }),
    );
    expect(codeOf(r)).toBe("BAD_USER_INPUT");
    expect(r.errors?.[0]?.message.startsWith(message)).toBe(true);
  });

  it("a follow-up that would need a seventh phase (BAD_USER_INPUT)", async () => {
    const id = await newCampaign(6);
    const model = new CountingModel();
    const r = await unchanged(id, async () =>
      createTestApi(t, { model, name: "offline" }).request(FollowUp, {
        input: { campaignId: id, fromPostIds: [first(idsIn(await strategy(id), 6))], prompt: PROMPT },
      }),
    );
    expect(codeOf(r)).toBe("BAD_USER_INPUT");
    expect(r.errors?.[0]?.message).toMatch(
      /^input\.fromPostIds: the follow-up would go into phase 7, but a campaign has at most 6/,
    );
    expect(model.toolCalls(PROPOSE_FOLLOW_UP_TOOL)).toBe(0);
  });

  it("a follow-up into a phase that already has five posts (BAD_USER_INPUT)", async () => {
    const id = await newCampaign(6);
    const s = await strategy(id);
    expect(idsIn(s, 2)).toHaveLength(5);
    const r = await unchanged(id, () =>
      api().request(FollowUp, { input: { campaignId: id, fromPostIds: [first(idsIn(s, 1))], prompt: PROMPT } }),
    );
    expect(codeOf(r)).toBe("BAD_USER_INPUT");
    expect(r.errors?.[0]?.message).toBe("input.fromPostIds: phase 2 already has 5 posts, the most a phase holds (5)");
  });

  it("a model that fails (LLM_UNAVAILABLE)", async () => {
    const id = await newCampaign();
    const from = first(idsIn(await strategy(id), 3));
    const model = new CountingModel({ failTools: [PROPOSE_FOLLOW_UP_TOOL] });
    const r = await unchanged(id, () =>
      createTestApi(t, { model, name: "offline" }).request(FollowUp, {
        input: { campaignId: id, fromPostIds: [from], prompt: PROMPT },
      }),
    );
    expect(codeOf(r)).toBe("LLM_UNAVAILABLE");
    expect(model.toolCalls(PROPOSE_FOLLOW_UP_TOOL)).toBe(1);
  });
});

/** An API whose model holds every follow-up proposal until the test releases it. */
function heldApi() {
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let asked = 0;
  class HeldModel extends OfflineChatModel {
    override async _generate(messages: BaseMessage[], options: this["ParsedCallOptions"]) {
      if (options.tool_choice?.function.name === PROPOSE_FOLLOW_UP_TOOL) {
        asked++;
        await gate;
      }
      return super._generate(messages, options);
    }
  }
  return {
    api: createTestApi(t, { model: new HeldModel({}), name: "offline" }),
    /** Resolves once the model was asked `n` times. */
    asked: (n = 1) =>
      pollUntil(
        async () => asked,
        (count) => count >= n,
      ),
    release: () => release(),
  };
}

describe("createFollowUpPost while the campaign changes", () => {
  it("refuses with VERSION_CONFLICT when a selected post was archived while the model was thinking", async () => {
    const id = await newCampaign();
    const from = first(idsIn(await strategy(id), 2));
    const held = heldApi();
    const followUp = held.api.request(FollowUp, { input: { campaignId: id, fromPostIds: [from], prompt: PROMPT } });
    await held.asked();
    await api().data(Regenerate, { input: { campaignId: id, phaseNum: 2, newDirection: "developer-first demos" } });
    const regenerated = await dumpCampaign(t.db, id);
    held.release();
    const r = await followUp;
    expect(codeOf(r)).toBe("VERSION_CONFLICT");
    expect(r.errors?.[0]?.message).toContain("a selected post was archived while the follow-up was drafted");
    expect(await dumpCampaign(t.db, id)).toEqual(regenerated);
  });

  it("joins the version a concurrent regeneration created when its selected posts were kept", async () => {
    const id = await newCampaign();
    const from = first(idsIn(await strategy(id), 1));
    const held = heldApi();
    const followUp = held.api.data(FollowUp, { input: { campaignId: id, fromPostIds: [from], prompt: PROMPT } });
    await held.asked();
    await api().data(Regenerate, { input: { campaignId: id, phaseNum: 3, newDirection: "developer-first demos" } });
    held.release();
    const { post } = (await followUp).createFollowUpPost;
    expect(post).toMatchObject({ phase: 2, version: 2, previous: [{ id: from }] });
    expect((await strategy(id, 1)).posts.map((p) => p.id)).not.toContain(post.id);
    expect((await strategy(id, 2)).posts.map((p) => p.id)).toContain(post.id);
    expect(post.campaign.versions.map((v) => v.number)).toEqual([1, 2]);
    expect(await t.db.post.count({ where: { campaignId: id, version: 2 } })).toBe(post.campaign.versions[1]?.createdPostCount);
  });

  it("places concurrent follow-ups one after the other, and refuses one that no longer fits its phase", async () => {
    const id = await newCampaign();
    const s = await strategy(id);
    const both = async (fromPostIds: string[]) => {
      const held = heldApi();
      const requests = fromPostIds.map((from) =>
        held.api.request(FollowUp, { input: { campaignId: id, fromPostIds: [from], prompt: PROMPT } }),
      );
      await held.asked(2);
      held.release();
      return Promise.all(requests);
    };
    const intoPhase3 = await both(idsIn(s, 2).slice(0, 2));
    expect(intoPhase3.map((r) => r.data?.createFollowUpPost.post.position).sort()).toEqual([2, 3]);

    // Phase 2 has room for one more: both are proposed, the second to commit finds it full.
    const intoPhase2 = await both(idsIn(s, 1).slice(0, 2));
    expect(intoPhase2.map(codeOf).sort()).toEqual(["VERSION_CONFLICT", undefined]);
    expect(await t.db.post.count({ where: { campaignId: id, isActive: true, phase: 2 } })).toBe(5);
  });
});
