import { access } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { WRITE_CONTENT_TOOL } from "../../src/ai/schemas.js";
import { contentLength, headingAndBody, PLATFORM_LIMITS, xPosts } from "../../src/domain/content.js";
import { CONTENT_FAILED_QUEUE, CONTENT_QUEUE } from "../../src/jobs/job-queue.js";
import { graphql } from "../generated/gql.js";
import { createTestApi } from "../helpers/api.js";
import { dumpCampaign } from "../helpers/campaign-dump.js";
import { JANUS_BRIEF } from "../helpers/campaigns.js";
import { CountingModel } from "../helpers/counting-model.js";
import { useTestDatabase } from "../helpers/database.js";
import { fakeChatModel, startFakeOpenAI } from "../helpers/fake-openai.js";
import { pollUntil } from "../helpers/poll.js";

// The background content pipeline on the test database's job queue (pg-boss on PGlite or on the
// PostgreSQL server): A/B copy and an image per variant for every new post, exactly once.
const RETRY_LIMIT = 2;

const CreateCampaign = graphql(`
  mutation ContentCreateCampaign($input: CreateCampaignInput!) {
    createCampaign(input: $input) { campaign { id status strategy { posts { id contentStatus } } } }
  }
`);

const CampaignContent = graphql(`
  query CampaignContent($id: ID!) {
    campaign(id: $id) {
      status statusReason
      strategy {
        posts {
          id platform contentStatus contentError
          variants { label generation text mediaUrl mediaCaption }
        }
      }
    }
  }
`);

const Regenerate = graphql(`
  mutation ContentRegenerate($input: RegenerateStrategyInput!) {
    regenerateStrategy(input: $input) { version newPosts { id contentStatus } }
  }
`);

const Restore = graphql(`
  mutation ContentRestore($input: RestoreVersionInput!) {
    restoreVersion(input: $input) { campaign { currentVersion status } }
  }
`);

const t = useTestDatabase({ retryLimit: RETRY_LIMIT, retryDelaySeconds: 1 });
afterEach(async () => {
  await t.jobs.boss.offWork(CONTENT_QUEUE, { wait: true });
  await t.jobs.boss.offWork(CONTENT_FAILED_QUEUE, { wait: true });
});

/** The plan's rows without the content fields a job changes. */
async function planOf(campaignId: string) {
  const { versions, phases, posts, links } = await dumpCampaign(t.db, campaignId);
  return {
    versions,
    phases,
    links,
    posts: posts.map(({ contentStatus: _s, contentError: _e, updatedAt: _u, ...plan }) => plan),
  };
}

const eventsOf = (campaignId: string) =>
  t.db.eventLog.findMany({ where: { campaignId }, orderBy: { sequence: "asc" }, select: { type: true, payload: true } });

describe("content jobs", () => {
  it("write A and B with an image for every post of a new campaign, then the campaign is READY", async () => {
    const model = new CountingModel();
    const api = createTestApi(t, { model, name: "offline" });
    const { createCampaign } = await api.data(CreateCampaign, { input: JANUS_BRIEF });
    const id = createCampaign.campaign.id;
    expect(createCampaign.campaign.status).toBe("GENERATING_CONTENT");
    expect(new Set(createCampaign.campaign.strategy.posts.map((p) => p.contentStatus))).toEqual(new Set(["PENDING"]));

    await api.startWorkers();
    const { campaign } = await pollUntil(
      () => api.data(CampaignContent, { id }),
      (r) => r.campaign?.status !== "GENERATING_CONTENT",
    );
    expect(campaign?.status).toBe("READY");
    const posts = campaign?.strategy.posts ?? [];
    for (const post of posts) {
      expect(post.contentStatus).toBe("READY");
      expect(post.variants.map((v) => [v.label, v.generation])).toEqual([
        ["A", 1],
        ["B", 1],
      ]);
      for (const variant of post.variants) {
        expect(variant.text.trim().length).toBeGreaterThan(0);
        // Each unit the platform limits: each post of an X thread, the text under a title or tagline.
        const units = post.platform === "X" ? xPosts(variant.text) : [headingAndBody(variant.text)?.body ?? variant.text];
        for (const unit of units) expect(contentLength(unit, post.platform)).toBeLessThanOrEqual(PLATFORM_LIMITS[post.platform]);
        expect(variant.mediaCaption?.length).toBeGreaterThan(0);
        expect(variant.mediaUrl).toMatch(new RegExp(`^/media/${id}/${post.id}/g1-${variant.label}\\.svg$`));
        await access(join(api.services.mediaStore.dir, (variant.mediaUrl ?? "").slice("/media/".length)));
      }
      expect(post.variants[0]?.text).not.toBe(post.variants[1]?.text);
    }
    expect(model.toolCalls(WRITE_CONTENT_TOOL)).toBe(posts.length);

    // Each post: PostCreated, then (GENERATING) PostUpdated, then ContentReady — in that order.
    const events = await eventsOf(id);
    for (const post of posts) {
      const mine = events.filter((e) => (e.payload as { postId?: string }).postId === post.id).map((e) => e.type);
      expect(mine).toEqual(["PostCreated", "PostUpdated", "ContentReady"]);
    }
  });

  it("never writes a generation twice when a job runs again", async () => {
    const model = new CountingModel();
    const api = createTestApi(t, { model, name: "offline" });
    const { createCampaign } = await api.data(CreateCampaign, { input: JANUS_BRIEF });
    const id = createCampaign.campaign.id;
    await api.startWorkers();
    await pollUntil(
      () => t.db.campaign.findUniqueOrThrow({ where: { id } }),
      (c) => c.status === "READY",
    );
    const postId = createCampaign.campaign.strategy.posts[0]?.id as string;
    const calls = model.toolCalls(WRITE_CONTENT_TOOL);
    const eventCount = await t.db.eventLog.count({ where: { campaignId: id } });

    const again = (await t.jobs.boss.send(CONTENT_QUEUE, { postId, generation: 1 })) as string;
    await pollUntil(
      () => t.jobs.boss.findJobs(CONTENT_QUEUE, { id: again }),
      (jobs) => jobs[0]?.state === "completed",
    );
    expect(await t.db.contentVariant.count({ where: { postId } })).toBe(2);
    expect(model.toolCalls(WRITE_CONTENT_TOOL)).toBe(calls);
    expect(await t.db.eventLog.count({ where: { campaignId: id } })).toBe(eventCount);
  });

  it("retries a failing model, then marks the posts FAILED with a reason and keeps the strategy", async () => {
    const model = new CountingModel({ failTools: [WRITE_CONTENT_TOOL] });
    const api = createTestApi(t, { model, name: "offline" });
    const { createCampaign } = await api.data(CreateCampaign, { input: JANUS_BRIEF });
    const id = createCampaign.campaign.id;
    const strategyBefore = await planOf(id);
    await api.startWorkers();

    const { campaign } = await pollUntil(
      () => api.data(CampaignContent, { id }),
      (r) => r.campaign?.status !== "GENERATING_CONTENT",
      40_000,
    );
    expect(campaign?.status).toBe("FAILED");
    expect(campaign?.statusReason).toMatch(/Content generation failed for \d+ posts/);
    const posts = campaign?.strategy.posts ?? [];
    for (const post of posts) {
      expect(post.contentStatus).toBe("FAILED");
      expect(post.contentError).toMatch(/language model request failed; .* \(after 3 attempts; log id /);
      // The cause stays in the server log (the log id, a UUID, may hold "503" by chance).
      expect(post.contentError?.replace(/log id [\w-]+/, "")).not.toMatch(/503|scripted/);
      expect(post.variants).toEqual([]);
    }
    expect(model.toolCalls(WRITE_CONTENT_TOOL)).toBe(posts.length * (RETRY_LIMIT + 1));
    // The last event of each post says it failed: a PostUpdated a subscriber resolves to FAILED.
    const events = await eventsOf(id);
    for (const post of posts) {
      const mine = events.filter((e) => (e.payload as { postId?: string }).postId === post.id);
      expect(mine.at(-1)?.type).toBe("PostUpdated");
    }
    // The plan is exactly as it was: posts, links, phases, versions.
    expect(await planOf(id)).toEqual(strategyBefore);
  });

  it("says which setting to check when the model endpoint refuses the key, as createCampaign would", async () => {
    const fake = await startFakeOpenAI({
      offline: {
        answer: (tool, args) =>
          tool === WRITE_CONTENT_TOOL
            ? { status: 401, body: { error: { message: "Incorrect API key provided: sk-secret", code: "invalid_api_key" } } }
            : { tool: args },
      },
    });
    try {
      const api = createTestApi(t, fakeChatModel(fake));
      const { createCampaign } = await api.data(CreateCampaign, { input: JANUS_BRIEF });
      await api.startWorkers();
      const { campaign } = await pollUntil(
        () => api.data(CampaignContent, { id: createCampaign.campaign.id }),
        (r) => r.campaign?.status !== "GENERATING_CONTENT",
        40_000,
      );
      expect(campaign?.status).toBe("FAILED");
      for (const post of campaign?.strategy.posts ?? []) {
        expect(post.contentError).toMatch(
          /^The model endpoint refused the API key \(HTTP 401, invalid_api_key\)\. Check OPENAI_API_KEY \(after 3 attempts; log id /,
        );
        expect(post.contentError).not.toMatch(/sk-secret|127\.0\.0\.1/);
      }
    } finally {
      await fake.close();
    }
  });

  it("writes content for the posts a restore brings back when their jobs never ran", async () => {
    const api = createTestApi(t, { model: new CountingModel(), name: "offline" });
    const { createCampaign } = await api.data(CreateCampaign, { input: JANUS_BRIEF });
    const id = createCampaign.campaign.id;
    // Phases 2+ are archived before any worker runs: their jobs find them archived and skip them.
    const { regenerateStrategy } = await api.data(Regenerate, {
      input: { campaignId: id, phaseNum: 2, newDirection: "developer-first with technical demos" },
    });
    expect(regenerateStrategy.newPosts.every((p) => p.contentStatus === "PENDING")).toBe(true);
    await api.startWorkers();
    await pollUntil(
      () => t.db.campaign.findUniqueOrThrow({ where: { id } }),
      (c) => c.status === "READY",
    );
    const { restoreVersion } = await api.data(Restore, { input: { campaignId: id, version: 1 } });
    expect(restoreVersion.campaign).toEqual({ currentVersion: 3, status: "GENERATING_CONTENT" });
    const { campaign } = await pollUntil(
      () => api.data(CampaignContent, { id }),
      (r) => r.campaign?.status === "READY",
    );
    for (const post of campaign?.strategy.posts ?? []) {
      expect(post.contentStatus).toBe("READY");
      expect(post.variants.filter((v) => v.generation === 1).map((v) => v.label)).toEqual(["A", "B"]);
    }
  });
});
