import { afterEach, describe, expect, it } from "vitest";
import { createChatModel } from "../../src/ai/models.js";
import { CONTENT_FAILED_QUEUE, CONTENT_QUEUE, openJobQueue, TRIGGER_QUEUE } from "../../src/jobs/job-queue.js";
import type { ContentJob, TriggerCheck } from "../../src/services/services.js";
import { evaluateTriggerCheck } from "../../src/services/trigger-check.js";
import { setTrigger } from "../../src/services/triggers.js";
import { graphql } from "../generated/gql.js";
import { createTestApi, useTestApi } from "../helpers/api.js";
import { dumpCampaign } from "../helpers/campaign-dump.js";
import { JANUS_BRIEF, RecordMetrics } from "../helpers/campaigns.js";
import { useTestDatabase } from "../helpers/database.js";
import { useFakeOpenAI } from "../helpers/fake-openai.js";
import { pollUntil } from "../helpers/poll.js";
import { rowCounts } from "../helpers/row-counts.js";

// Triggers: a plain-language rule read by the model, stored on a post, and evaluated by the
// server's scheduler (the job queue) once its time after publication has passed. The clock is
// injected where a test needs to be at a given time.

const CreateCampaign = graphql(`
  mutation TriggersCreateCampaign($input: CreateCampaignInput!) {
    createCampaign(input: $input) { campaign { id strategy { posts { id phase } } } }
  }
`);
const SetTrigger = graphql(`
  mutation TriggersSet($postId: ID!, $text: String!) {
    setTrigger(input: { postId: $postId, text: $text }) {
      post { id status trigger { metric comparison value durationSeconds action firedAt } }
    }
  }
`);
const ClearTrigger = graphql(`
  mutation TriggersClear($postId: ID!) {
    clearTrigger(input: { postId: $postId }) { post { id trigger { metric } } }
  }
`);
const Approve = graphql(`
  mutation TriggersApprove($id: ID!) {
    approvePost(input: { postId: $id }) { post { id status publishedAt } }
  }
`);
const PostState = graphql(`
  query TriggersPost($id: ID!) {
    post(id: $id) {
      id status contentStatus
      trigger { metric comparison value durationSeconds action firedAt }
      variants { label generation }
    }
  }
`);
const FiredEvents = graphql(`
  subscription TriggersFiredEvents($id: ID!, $after: Int) {
    campaignEvents(campaignId: $id, afterSequence: $after) {
      sequence
      ... on TriggerFiredEvent { post { id } trigger { metric comparison value durationSeconds action firedAt } }
    }
  }
`);
const Regenerate = graphql(`
  mutation TriggersRegenerate($id: ID!) {
    regenerateStrategy(input: { campaignId: $id, phaseNum: 2, newDirection: "developer-first" }) { archivedPosts { id } }
  }
`);
const TEXT = "fewer than 5 likes within 1 hour, rewrite with a more technical hook";
const ACTION = "rewrite with a more technical hook";
const EXAMPLE = 'e.g. "fewer than 5 likes within 1 hour, rewrite with a more technical hook"';
const HOUR_MS = 3_600_000;

const t = useTestDatabase({ retryLimit: 1, retryDelaySeconds: 1 });
const api = useTestApi(t);
const fake = useFakeOpenAI();
afterEach(async () => {
  for (const queue of [CONTENT_QUEUE, CONTENT_FAILED_QUEUE, TRIGGER_QUEUE]) await t.jobs.boss.offWork(queue, { wait: true });
});

/** pollUntil, reading every 50 ms. */
const until = <T>(read: () => Promise<T>, done: (value: T) => boolean, ms?: number) => pollUntil(read, done, ms, 50);

/** A campaign whose content is written; its posts in plan order. */
async function readyCampaign() {
  await api.startWorkers();
  const { createCampaign } = await api.data(CreateCampaign, { input: JANUS_BRIEF });
  const id = createCampaign.campaign.id;
  await until(
    () => t.db.campaign.findUniqueOrThrow({ where: { id } }),
    (c) => c.status === "READY",
  );
  const posts = createCampaign.campaign.strategy.posts;
  return { id, posts, postId: posts[0]?.id as string };
}

/** A published post with this trigger; its publication time. */
async function publishedWithTrigger(text = TEXT) {
  const campaign = await readyCampaign();
  await api.data(SetTrigger, { postId: campaign.postId, text });
  const { approvePost } = await api.data(Approve, { id: campaign.postId });
  return { ...campaign, publishedAt: new Date(approvePost.post.publishedAt as string) };
}

const triggerChecks = (postId: string) => t.jobs.boss.findJobs<TriggerCheck>(TRIGGER_QUEUE, { data: { postId } });
const contentJobs = (postId: string, generation: number) =>
  t.jobs.boss.findJobs<ContentJob>(CONTENT_QUEUE, { data: { postId, generation } });
const eventTypes = async (campaignId: string, postId: string) =>
  (await t.db.eventLog.findMany({ where: { campaignId }, orderBy: { sequence: "asc" } }))
    .filter((e) => (e.payload as { postId?: string }).postId === postId)
    .map((e) => e.type);
const postRow = (id: string) => t.db.post.findUniqueOrThrow({ where: { id } });
const clockAt = (publishedAt: Date, ms: number) => () => new Date(publishedAt.getTime() + ms);

/** The refusal's code, argument and message, after checking that it changed nothing. */
async function refused(
  campaignId: string,
  postId: string,
  send: () => Promise<{ errors?: { extensions?: Record<string, unknown>; message: string }[] }>,
) {
  const state = async () => ({
    counts: await rowCounts(t.db),
    campaign: await dumpCampaign(t.db, campaignId),
    checks: (await triggerChecks(postId)).length,
  });
  const before = await state();
  const r = await send();
  expect(await state()).toEqual(before);
  const error = r.errors?.[0];
  return { code: error?.extensions?.code, argument: error?.extensions?.argument, message: error?.message ?? "" };
}

describe("setTrigger", () => {
  it("stores the trigger the model read from the text, and says so with a PostUpdated event", async () => {
    const { id, postId } = await readyCampaign();
    const { setTrigger } = await api.data(SetTrigger, { postId, text: `  ${TEXT}  ` });
    expect(setTrigger.post.trigger).toEqual({
      metric: "LIKES",
      comparison: "LESS_THAN",
      value: 5,
      durationSeconds: 3600,
      action: ACTION,
      firedAt: null,
    });
    expect((await postRow(postId)).triggerText).toBe(TEXT);
    expect((await eventTypes(id, postId)).at(-1)).toBe("PostUpdated");
    // A draft's trigger is scheduled when the post is published, not before.
    expect(await triggerChecks(postId)).toEqual([]);
  });

  it("on a published post, schedules the check for the time after publication", async () => {
    const { postId } = await readyCampaign();
    const { approvePost } = await api.data(Approve, { id: postId });
    const publishedAt = new Date(approvePost.post.publishedAt as string);
    await api.data(SetTrigger, { postId, text: "more than 50 retweets after 2 days then thank the community" });
    const checks = await triggerChecks(postId);
    expect(checks.map((j) => j.startAfter)).toEqual([new Date(publishedAt.getTime() + 2 * 24 * HOUR_MS)]);
  });

  it("on a post published longer ago than the trigger's time, schedules the check at once", async () => {
    const { postId } = await readyCampaign();
    const { approvePost } = await api.data(Approve, { id: postId });
    const now = clockAt(new Date(approvePost.post.publishedAt as string), 2 * HOUR_MS);
    await setTrigger(api.services, { postId, text: TEXT }, now);
    expect((await triggerChecks(postId)).map((j) => j.startAfter)).toEqual([now()]);
  });

  it("replaces an earlier trigger, and one that fired may fire again", async () => {
    const { postId } = await readyCampaign();
    await api.data(SetTrigger, { postId, text: TEXT });
    await t.db.post.update({ where: { id: postId }, data: { triggerFiredAt: new Date() } });
    const { setTrigger } = await api.data(SetTrigger, { postId, text: "no replies within an hour: ask a question" });
    expect(setTrigger.post.trigger).toMatchObject({ metric: "COMMENTS", comparison: "EQUAL", value: 0, firedAt: null });
  });

  it("refuses an unknown post with NOT_FOUND", async () => {
    const { id, postId } = await readyCampaign();
    const r = await refused(id, postId, () =>
      api.request(SetTrigger, { postId: "00000000-0000-4000-8000-000000000000", text: TEXT }),
    );
    expect(r.code).toBe("NOT_FOUND");
  });

  it("refuses an archived post", async () => {
    const { id, posts } = await readyCampaign();
    await api.data(Regenerate, { id });
    await until(
      () => t.db.campaign.findUniqueOrThrow({ where: { id } }),
      (c) => c.status === "READY",
    );
    const archived = posts.find((p) => p.phase === 2)?.id as string;
    const r = await refused(id, archived, () => api.request(SetTrigger, { postId: archived, text: TEXT }));
    expect(r).toMatchObject({ code: "BAD_USER_INPUT", argument: "input.postId" });
    expect(r.message).toMatch(/archived in version 2/);
  });

  it.each([
    ["empty", "   ", /has 0/],
    ["too long", `${TEXT} `.repeat(10), /must be 1–500 characters after trimming \(has 6\d\d\)/],
  ])("refuses %s text, with an example", async (_what, text, rule) => {
    const { id, postId } = await readyCampaign();
    const r = await refused(id, postId, () => api.request(SetTrigger, { postId, text }));
    expect(r).toMatchObject({ code: "BAD_USER_INPUT", argument: "input.text" });
    expect(r.message).toMatch(rule);
    expect(r.message).toContain(EXAMPLE);
  });

  it("refuses text that is not a trigger, saying why and giving an example", async () => {
    const { id, postId } = await readyCampaign();
    const r = await refused(id, postId, () => api.request(SetTrigger, { postId, text: "fewer than 5 likes, then make it pop" }));
    expect(r).toMatchObject({ code: "BAD_USER_INPUT", argument: "input.text" });
    expect(r.message).toContain("it names no time after publication");
    expect(r.message).toContain(EXAMPLE);
  });

  it("answers LLM_UNAVAILABLE when the model fails (HTTP 500), changing nothing", async () => {
    const { id, postId } = await readyCampaign();
    const llm = createChatModel({
      kind: "openai",
      apiKey: "test-key",
      baseURL: fake.baseURL,
      model: "fake-gpt",
      timeoutMs: 5_000,
      maxRetries: 0,
      deadlineMs: 30_000,
    });
    const failing = createTestApi(t, llm);
    fake.script({ status: 500 });
    const r = await refused(id, postId, () => failing.request(SetTrigger, { postId, text: TEXT }));
    expect(r.code).toBe("LLM_UNAVAILABLE");
    expect(fake.requests).toHaveLength(1);
  });
});

describe("clearTrigger", () => {
  it("removes the trigger; a check already scheduled then does nothing", async () => {
    const { id, postId, publishedAt } = await publishedWithTrigger();
    expect(await triggerChecks(postId)).toHaveLength(1);
    const { clearTrigger } = await api.data(ClearTrigger, { postId });
    expect(clearTrigger.post.trigger).toBeNull();
    expect(await postRow(postId)).toMatchObject({ triggerText: null, triggerMetric: null, triggerAction: null });
    expect((await eventTypes(id, postId)).at(-1)).toBe("PostUpdated");

    expect(await evaluateTriggerCheck(api.services, { postId }, clockAt(publishedAt, 2 * HOUR_MS))).toBe("nothing-to-do");
    expect(await postRow(postId)).toMatchObject({ status: "PUBLISHED", triggerFiredAt: null });
    expect(await eventTypes(id, postId)).not.toContain("TriggerFired");
  });

  it("changes nothing on a post without a trigger, and refuses an unknown post", async () => {
    const { postId } = await readyCampaign();
    const before = await rowCounts(t.db);
    await api.data(ClearTrigger, { postId });
    expect(await rowCounts(t.db)).toEqual(before);
    const unknown = await api.request(ClearTrigger, { postId: "00000000-0000-4000-8000-000000000000" });
    expect(unknown.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});

describe("a trigger check", () => {
  it("does nothing before its time, then fires once: TriggerFired, firedAt, and new copy guided by the action", async () => {
    const { id, postId, publishedAt } = await publishedWithTrigger();
    expect((await triggerChecks(postId)).map((j) => j.startAfter)).toEqual([new Date(publishedAt.getTime() + HOUR_MS)]);
    // A has 12 likes; B has no metrics yet, which counts as 0 likes: B meets "fewer than 5 likes".
    await api.data(RecordMetrics, { input: { postId, label: "A", likes: 12, retweets: 1, impressions: 400, comments: 2 } });

    expect(await evaluateTriggerCheck(api.services, { postId }, clockAt(publishedAt, HOUR_MS - 1000))).toBe("rescheduled");
    expect(await postRow(postId)).toMatchObject({ status: "PUBLISHED", triggerFiredAt: null });
    expect(await eventTypes(id, postId)).not.toContain("TriggerFired");

    const live = api.events.subscribe("campaign", id);
    const firstPublished = live.next(); // subscribes now, before anything fires
    const firedAt = clockAt(publishedAt, HOUR_MS);
    expect(await evaluateTriggerCheck(api.services, { postId }, firedAt)).toBe("fired");
    const row = await postRow(postId);
    expect(row.triggerFiredAt).toEqual(firedAt());
    expect(row.status).toBe("DRAFT");
    expect((await eventTypes(id, postId)).slice(-2)).toEqual(["TriggerFired", "PostUpdated"]);
    expect((await firstPublished).value).toMatchObject({ type: "TriggerFired", postId, campaignId: id });
    await live.return?.();

    const [job] = await contentJobs(postId, 2);
    expect(job?.data.guidance).toContain(ACTION);
    const { post } = await until(
      () => api.data(PostState, { id: postId }),
      (r) => r.post?.contentStatus === "READY",
    );
    expect(post?.status).toBe("DRAFT");
    expect(post?.trigger?.firedAt).toBe(firedAt().toISOString());
    expect(post?.variants.filter((v) => v.generation === 2).map((v) => v.label)).toEqual(["A", "B"]);

    // The same job again (a retry), or later: no second fire.
    expect(await evaluateTriggerCheck(api.services, { postId }, clockAt(publishedAt, 2 * HOUR_MS))).toBe("nothing-to-do");
    expect((await eventTypes(id, postId)).filter((e) => e === "TriggerFired")).toHaveLength(1);
    expect(await contentJobs(postId, 3)).toEqual([]);
  });

  it("shows the trigger that fired in its TriggerFiredEvent, as it was, after the post's trigger is cleared or replaced", async () => {
    const { id, postId, publishedAt } = await publishedWithTrigger();
    const firedAt = clockAt(publishedAt, HOUR_MS);
    expect(await evaluateTriggerCheck(api.services, { postId }, firedAt)).toBe("fired");
    const fired = await t.db.eventLog.findFirstOrThrow({ where: { campaignId: id, type: "TriggerFired" } });
    const event = await api.firstEvent(FiredEvents, { id, after: fired.sequence - 1 });
    expect(event.errors).toBeUndefined();
    expect(event.data?.campaignEvents).toEqual({
      sequence: fired.sequence,
      post: { id: postId },
      trigger: {
        metric: "LIKES",
        comparison: "LESS_THAN",
        value: 5,
        durationSeconds: 3600,
        action: ACTION,
        firedAt: firedAt().toISOString(),
      },
    });

    // Replayed after the post's trigger was cleared, then replaced: still the trigger that fired.
    await api.data(ClearTrigger, { postId });
    const cleared = await api.firstEvent(FiredEvents, { id, after: fired.sequence - 1 });
    expect(cleared).toEqual(event);
    await api.data(SetTrigger, { postId, text: "more than 50 retweets within 2 hours, thank the community" });
    expect(await api.firstEvent(FiredEvents, { id, after: fired.sequence - 1 })).toEqual(event);
  });

  it("does not fire when neither variant meets the condition, and does not look again", async () => {
    const { id, postId, publishedAt } = await publishedWithTrigger();
    for (const label of ["A", "B"] as const)
      await api.data(RecordMetrics, { input: { postId, label, likes: 5, retweets: 0, impressions: 90, comments: 0 } });
    const before = await rowCounts(t.db);
    expect(await evaluateTriggerCheck(api.services, { postId }, clockAt(publishedAt, HOUR_MS))).toBe("not-met");
    expect(await rowCounts(t.db)).toEqual(before);
    expect(await postRow(postId)).toMatchObject({ status: "PUBLISHED", triggerFiredAt: null });
    expect(await eventTypes(id, postId)).not.toContain("TriggerFired");
    expect(await triggerChecks(postId)).toHaveLength(1);
  });

  it("fires once when two runs of it race", async () => {
    const { id, postId, publishedAt } = await publishedWithTrigger();
    const now = clockAt(publishedAt, HOUR_MS);
    const outcomes = await Promise.all([
      evaluateTriggerCheck(api.services, { postId }, now),
      evaluateTriggerCheck(api.services, { postId }, now),
    ]);
    expect(outcomes.sort()).toEqual(["fired", "nothing-to-do"]);
    expect((await eventTypes(id, postId)).filter((e) => e === "TriggerFired")).toHaveLength(1);
    expect(await contentJobs(postId, 2)).toHaveLength(1);
  });

  it("fires and queues the new copy in one transaction: a failure in between leaves neither", async () => {
    const { id, postId, publishedAt } = await publishedWithTrigger();
    const now = clockAt(publishedAt, HOUR_MS);
    const failing = {
      ...api.services,
      jobs: { ...api.services.jobs, enqueue: async () => Promise.reject(new Error("queue down")) },
    };
    await expect(evaluateTriggerCheck(failing, { postId }, now)).rejects.toThrow("queue down");
    expect(await postRow(postId)).toMatchObject({ status: "PUBLISHED", triggerFiredAt: null });
    expect(await eventTypes(id, postId)).not.toContain("TriggerFired");
    // The queue's retry of the check then fires it.
    expect(await evaluateTriggerCheck(api.services, { postId }, now)).toBe("fired");
    expect(await postRow(postId)).toMatchObject({ status: "DRAFT" });
    expect((await contentJobs(postId, 2))[0]?.data.guidance).toContain(ACTION);
  });

  it("is run by the scheduler when it comes due, with no request from anyone", async () => {
    const { id, postId } = await publishedWithTrigger("fewer than 5 likes within 1 second: lead with the benchmark");
    await api.startTriggerWorker();
    await until(
      () => postRow(postId),
      (p) => p.triggerFiredAt !== null && p.status === "DRAFT", // fired, then the copy regenerated
    );
    expect((await eventTypes(id, postId)).filter((e) => e === "TriggerFired")).toHaveLength(1);
    expect((await contentJobs(postId, 2))[0]?.data.guidance).toContain("lead with the benchmark");
  });
});

// A check evaluates only the trigger it was scheduled for: one scheduled for a trigger that was
// since replaced or cleared does nothing when it comes due. Each test runs the checks that are
// actually queued (their data as stored), each at the time it was scheduled for.
describe("a check for a replaced or cleared trigger", () => {
  const MINUTE_MS = 60_000;

  /** A published post (its trigger set after publication, by setTrigger); its publication time. */
  async function published() {
    const campaign = await readyCampaign();
    const { approvePost } = await api.data(Approve, { id: campaign.postId });
    return { ...campaign, publishedAt: new Date(approvePost.post.publishedAt as string) };
  }

  /** Runs the queued check scheduled `ms` after publication, with the clock at that time. */
  async function runCheckAt(postId: string, publishedAt: Date, ms: number) {
    const due = publishedAt.getTime() + ms;
    const jobs = (await triggerChecks(postId)).filter((j) => new Date(j.startAfter).getTime() === due);
    expect(jobs).toHaveLength(1);
    return evaluateTriggerCheck(api.services, (jobs[0] as { data: TriggerCheck }).data, () => new Date(due));
  }

  /** Runs the queued check scheduled `ms` after publication, expecting it to do nothing and change no row. */
  async function expectCheckDoesNothing(id: string, postId: string, publishedAt: Date, ms: number) {
    const before = { counts: await rowCounts(t.db), campaign: await dumpCampaign(t.db, id) };
    expect(await runCheckAt(postId, publishedAt, ms)).toBe("nothing-to-do");
    expect({ counts: await rowCounts(t.db), campaign: await dumpCampaign(t.db, id) }).toEqual(before);
  }

  const fired = async (id: string, postId: string) => (await eventTypes(id, postId)).filter((e) => e === "TriggerFired").length;

  it("replaced by a shorter window: the new one fires when due, and the old check does not evaluate it again", async () => {
    const { id, postId, publishedAt } = await published();
    await api.data(SetTrigger, { postId, text: "fewer than 5 likes within 10 minutes: lead with the benchmark" });
    await api.data(SetTrigger, { postId, text: "fewer than 5 likes within 2 minutes: ask a question" });
    expect((await triggerChecks(postId)).map((j) => new Date(j.startAfter).getTime()).sort()).toEqual([
      publishedAt.getTime() + 2 * MINUTE_MS,
      publishedAt.getTime() + 10 * MINUTE_MS,
    ]);

    expect(await runCheckAt(postId, publishedAt, 2 * MINUTE_MS)).toBe("fired");
    const firedAt = (await postRow(postId)).triggerFiredAt;
    expect(firedAt).toEqual(new Date(publishedAt.getTime() + 2 * MINUTE_MS));
    expect((await contentJobs(postId, 2))[0]?.data.guidance).toContain("ask a question");
    // The regenerated copy is approved (published again) before the old check comes due.
    await until(
      () => postRow(postId),
      (p) => p.contentStatus === "READY",
    );
    await api.data(Approve, { id: postId });

    await expectCheckDoesNothing(id, postId, publishedAt, 10 * MINUTE_MS);
    expect((await postRow(postId)).triggerFiredAt).toEqual(firedAt);
    expect(await fired(id, postId)).toBe(1);
    expect(await contentJobs(postId, 3)).toEqual([]);
  });

  it("replaced by a shorter window whose condition is not met when due: the old check does not evaluate it later", async () => {
    const { id, postId, publishedAt } = await published();
    await api.data(SetTrigger, { postId, text: "more than 50 likes within 10 minutes: thank the community" });
    await api.data(SetTrigger, { postId, text: "more than 50 likes within 2 minutes: thank the early fans" });
    await api.data(RecordMetrics, { input: { postId, label: "A", likes: 10, retweets: 0, impressions: 90, comments: 0 } });
    expect(await runCheckAt(postId, publishedAt, 2 * MINUTE_MS)).toBe("not-met");

    // By the old trigger's time the condition holds: too late for the new one, evaluated once.
    await api.data(RecordMetrics, { input: { postId, label: "A", likes: 100, retweets: 0, impressions: 900, comments: 0 } });
    await expectCheckDoesNothing(id, postId, publishedAt, 10 * MINUTE_MS);
    expect(await postRow(postId)).toMatchObject({ status: "PUBLISHED", triggerFiredAt: null });
    expect(await fired(id, postId)).toBe(0);
    expect(await contentJobs(postId, 2)).toEqual([]);
  });

  it("set before approval, then replaced: the check approval scheduled does not evaluate the new one", async () => {
    const { id, postId, publishedAt } = await publishedWithTrigger("more than 50 likes within 10 minutes: thank the community");
    await api.data(SetTrigger, { postId, text: "more than 50 likes within 2 minutes: thank the early fans" });
    await api.data(RecordMetrics, { input: { postId, label: "A", likes: 10, retweets: 0, impressions: 90, comments: 0 } });
    expect(await runCheckAt(postId, publishedAt, 2 * MINUTE_MS)).toBe("not-met");

    await api.data(RecordMetrics, { input: { postId, label: "A", likes: 100, retweets: 0, impressions: 900, comments: 0 } });
    await expectCheckDoesNothing(id, postId, publishedAt, 10 * MINUTE_MS);
    expect(await fired(id, postId)).toBe(0);
  });

  it.each([
    ["set again", async (_postId: string) => {}],
    ["cleared, then set", async (postId: string) => void (await api.data(ClearTrigger, { postId }))],
  ])("replaced by a longer window (%s): the old, earlier check does nothing; the new one fires when due", async (_how, clear) => {
    const { id, postId, publishedAt } = await published();
    await api.data(SetTrigger, { postId, text: "fewer than 5 likes within 2 minutes: ask a question" });
    await clear(postId);
    await api.data(SetTrigger, { postId, text: "fewer than 5 likes within 10 minutes: lead with the benchmark" });

    await expectCheckDoesNothing(id, postId, publishedAt, 2 * MINUTE_MS);
    expect(await postRow(postId)).toMatchObject({ status: "PUBLISHED", triggerFiredAt: null });
    expect(await triggerChecks(postId)).toHaveLength(2); // it did not queue itself again

    expect(await runCheckAt(postId, publishedAt, 10 * MINUTE_MS)).toBe("fired");
    expect((await postRow(postId)).triggerFiredAt).toEqual(new Date(publishedAt.getTime() + 10 * MINUTE_MS));
    expect(await fired(id, postId)).toBe(1);
    expect((await contentJobs(postId, 2))[0]?.data.guidance).toContain("lead with the benchmark");
  });

  it("cleared: its check does nothing when it comes due", async () => {
    const { id, postId, publishedAt } = await published();
    await api.data(SetTrigger, { postId, text: "fewer than 5 likes within 2 minutes: ask a question" });
    await api.data(ClearTrigger, { postId });
    await expectCheckDoesNothing(id, postId, publishedAt, 2 * MINUTE_MS);
    expect(await postRow(postId)).toMatchObject({ status: "PUBLISHED", triggerFiredAt: null });
    expect(await fired(id, postId)).toBe(0);
    expect(await triggerChecks(postId)).toHaveLength(1);
  });
});

// Last: it replaces the test database's job queue.
describe("a trigger evaluation", () => {
  it("survives a restart: a check due while the queue was stopped runs when it starts again", async () => {
    const { id, postId } = await readyCampaign();
    await api.data(SetTrigger, { postId, text: "fewer than 5 likes within 3 seconds: lead with the benchmark" });
    await api.startTriggerWorker();
    await api.data(Approve, { id: postId });
    await t.jobs.stop(1_000);
    const stoppedAt = new Date();
    expect((await postRow(postId)).triggerFiredAt).toBeNull();

    await new Promise((r) => setTimeout(r, 3_000)); // the check comes due while nothing runs
    expect((await postRow(postId)).triggerFiredAt).toBeNull();
    t.jobs = await openJobQueue(t.raw, { retryLimit: 1, retryDelaySeconds: 1 });
    const restarted = createTestApi(t);
    await restarted.startTriggerWorker();
    const row = await until(
      () => postRow(postId),
      (p) => p.triggerFiredAt !== null && p.status === "DRAFT", // fired, then the copy regenerated
    );
    expect(row.triggerFiredAt?.getTime()).toBeGreaterThan(stoppedAt.getTime());
    expect((await eventTypes(id, postId)).filter((e) => e === "TriggerFired")).toHaveLength(1);
  });
});
