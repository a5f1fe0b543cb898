import { afterEach, describe, expect, it } from "vitest";
import {
  PARSE_TRIGGER_TOOL,
  PROPOSE_FOLLOW_UP_TOOL,
  STRATEGY_PLAN_TOOL,
  STRATEGY_REGENERATION_TOOL,
  WRITE_CONTENT_TOOL,
} from "../../src/ai/schemas.js";
import { CONTENT_FAILED_QUEUE, CONTENT_QUEUE } from "../../src/jobs/job-queue.js";
import { graphql } from "../generated/gql.js";
import { createTestApi } from "../helpers/api.js";
import { JANUS_BRIEF } from "../helpers/campaigns.js";
import { useTestDatabase } from "../helpers/database.js";
import { fakeChatModel, useFakeOpenAI } from "../helpers/fake-openai.js";
import { looseAnswer } from "../helpers/loose-answers.js";

// A real model that answers right but loosely — "2" for 2, "twitter" and "linkedin" for X and
// LINKEDIN, "Launch (New)" for a phase name, stray spaces — through the real @langchain/openai
// client: every answer (plan, regeneration, copy, follow-up, trigger) is read as meant, stored
// clean, and costs no repair turn.

const Create = graphql(`
  mutation LooseCreate($input: CreateCampaignInput!) {
    createCampaign(input: $input) {
      campaign { id strategy { phases { number name } posts { id phase title platform } } }
    }
  }
`);
const Regenerate = graphql(`
  mutation LooseRegenerate($input: RegenerateStrategyInput!) {
    regenerateStrategy(input: $input) {
      campaign { strategy { phases { number name } } }
      newPosts { phase title platform previous { id } }
    }
  }
`);
const FollowUp = graphql(`
  mutation LooseFollowUp($input: CreateFollowUpPostInput!) {
    createFollowUpPost(input: $input) {
      post { phase title platform campaign { strategy { phases { number name } } } }
    }
  }
`);
const SetTrigger = graphql(`
  mutation LooseSetTrigger($postId: ID!, $text: String!) {
    setTrigger(input: { postId: $postId, text: $text }) {
      post { trigger { metric comparison value durationSeconds action } }
    }
  }
`);
const Content = graphql(`
  query LooseContent($id: ID!) {
    campaign(id: $id) { status strategy { posts { contentStatus variants { label text mediaCaption } } } }
  }
`);

/** The offline model's answer to the last request for each tool, before it was loosened. */
const meant = new Map<string, Record<string, unknown>>();
const t = useTestDatabase({ retryLimit: 0, retryDelaySeconds: 1 });
const fake = useFakeOpenAI({
  offline: {
    answer: (tool, args) => {
      meant.set(tool, args);
      return { tool: looseAnswer(args) };
    },
  },
});
afterEach(async () => {
  await t.jobs.boss.offWork(CONTENT_QUEUE, { wait: true });
  await t.jobs.boss.offWork(CONTENT_FAILED_QUEUE, { wait: true });
});

const api = () => createTestApi(t, fakeChatModel(fake));
/** Chat requests the fake server received for a tool (a repair turn would be a second one). */
const requestsFor = (tool: string) => fake.requests.filter((r) => r.tool_choice?.function.name === tool).length;

async function newCampaign() {
  fake.script();
  return (await api().data(Create, { input: JANUS_BRIEF })).createCampaign.campaign;
}

describe("a model that answers loosely", () => {
  it("plans a campaign whose phase names are stored without the model's labels, in one request", async () => {
    const campaign = await newCampaign();
    expect(fake.requests).toHaveLength(1);
    type Planned = { number: number; name: string; posts: { title: string; platform: string }[] }[];
    const planned = (meant.get(STRATEGY_PLAN_TOOL) as { phases: Planned }).phases;
    expect(planned.map((p) => p.name)).toHaveLength(3);
    expect(campaign.strategy.phases).toEqual(planned.map(({ number, name }) => ({ number, name })));
    expect(campaign.strategy.posts.map(({ title, platform }) => ({ title, platform }))).toEqual(
      planned.flatMap((p) => p.posts.map(({ title, platform }) => ({ title, platform }))),
    );
  });

  it("regenerates from phase 2 with clean phase names and links from the kept posts, in one request", async () => {
    const campaign = await newCampaign();
    const firstPhase = campaign.strategy.phases[0]?.name;
    fake.script();
    const { regenerateStrategy } = await api().data(Regenerate, {
      input: { campaignId: campaign.id, phaseNum: 2, newDirection: "developer-first with technical demos" },
    });
    expect(requestsFor(STRATEGY_REGENERATION_TOOL)).toBe(1);
    const planned = meant.get(STRATEGY_REGENERATION_TOOL) as { phases: { name: string }[] };
    expect(regenerateStrategy.campaign.strategy.phases.map((p) => p.name)).toEqual([
      firstPhase,
      ...planned.phases.map((p) => p.name),
    ]);
    expect(regenerateStrategy.newPosts.filter((p) => p.phase === 2).every((p) => p.previous.length > 0)).toBe(true);
  });

  it("writes every post's copy, trimmed, with one request per post", async () => {
    const campaign = await newCampaign();
    await api().startWorkers();
    // The workers write the copy of every campaign so far (the earlier tests' too).
    const end = Date.now() + 30_000;
    while ((await t.db.campaign.count({ where: { status: "GENERATING_CONTENT" } })) > 0 && Date.now() < end)
      await new Promise((r) => setTimeout(r, 100));
    const content = await api().data(Content, { id: campaign.id });
    expect(content.campaign?.status).toBe("READY");
    const variants = content.campaign?.strategy.posts.flatMap((p) => p.variants) ?? [];
    expect(variants).toHaveLength(2 * campaign.strategy.posts.length);
    for (const variant of variants) {
      expect(variant.text).toBe(variant.text.trim());
      expect(variant.mediaCaption).toBe(variant.mediaCaption?.trim());
    }
    // One request per generation written, in every campaign: no answer needed a repair.
    expect(requestsFor(WRITE_CONTENT_TOOL)).toBe(await t.db.contentVariant.count({ where: { label: "A" } }));
  });

  it("adds a follow-up post in a new phase named without the label, on the platform meant, in one request", async () => {
    const campaign = await newCampaign();
    const last = campaign.strategy.posts.filter((p) => p.phase === 3).map((p) => p.id);
    fake.script();
    const { createFollowUpPost } = await api().data(FollowUp, {
      input: { campaignId: campaign.id, fromPostIds: last, prompt: "share the LinkedIn case study of a design partner" },
    });
    expect(requestsFor(PROPOSE_FOLLOW_UP_TOOL)).toBe(1);
    const proposed = meant.get(PROPOSE_FOLLOW_UP_TOOL) as { title: string; platform: string; phaseName: string };
    expect(createFollowUpPost.post).toMatchObject({ phase: 4, title: proposed.title, platform: proposed.platform });
    expect(createFollowUpPost.post.campaign.strategy.phases.at(-1)).toEqual({ number: 4, name: proposed.phaseName });
  });

  it("sets a trigger whose metric, comparison and numbers came as words and strings, in one request", async () => {
    const campaign = await newCampaign();
    fake.script();
    const { setTrigger } = await api().data(SetTrigger, {
      postId: campaign.strategy.posts[0]?.id as string,
      text: "fewer than 5 likes within 1 hour, rewrite with a more technical hook",
    });
    expect(requestsFor(PARSE_TRIGGER_TOOL)).toBe(1);
    expect(setTrigger.post.trigger).toEqual({
      metric: "LIKES",
      comparison: "LESS_THAN",
      value: 5,
      durationSeconds: 3600,
      action: "rewrite with a more technical hook",
    });
  });
});
