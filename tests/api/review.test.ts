import { describe, expect, it } from "vitest";
import { graphql } from "../generated/gql.js";
import { useTestApi } from "../helpers/api.js";
import { dumpCampaign } from "../helpers/campaign-dump.js";
import { JANUS_BRIEF, SelectVariant } from "../helpers/campaigns.js";
import { useTestDatabase } from "../helpers/database.js";
import { until } from "../helpers/http.js";
import { rowCounts } from "../helpers/row-counts.js";

// The human in the loop: approve (and publish through the local channel), reject with feedback,
// choose a variant, ask for new copy, record metrics — each refusal clear and changing nothing.

const CreateCampaign = graphql(`
  mutation ReviewCreateCampaign($input: CreateCampaignInput!) {
    createCampaign(input: $input) { campaign { id strategy { posts { id phase } } } }
  }
`);
const Approve = graphql(`
  mutation ReviewApprove($id: ID!) {
    approvePost(input: { postId: $id }) {
      post { id status publishedAt publications { channel label generation text mediaUrl publishedAt } }
    }
  }
`);
const ApproveAll = graphql(`
  mutation ReviewApproveAll($id: ID!) {
    approveAllPosts(input: { campaignId: $id }) { approvedPosts { id status } skippedPosts { id status contentStatus } }
  }
`);
const Reject = graphql(`
  mutation ReviewReject($id: ID!, $feedback: String!) {
    rejectPost(input: { postId: $id, feedback: $feedback }) { post { id status feedback } }
  }
`);
const RegenerateCopy = graphql(`
  mutation ReviewRegenerateCopy($id: ID!, $instructions: String) {
    regeneratePostContent(input: { postId: $id, instructions: $instructions }) { post { id status contentStatus } }
  }
`);
const Metrics = graphql(`
  mutation ReviewMetrics($input: RecordMetricsInput!) {
    recordMetrics(input: $input) {
      post {
        id
        metrics { variants { label likes impressions } comparison { metric a b leader } totals { likes impressions } }
      }
    }
  }
`);
const Totals = graphql(`
  query ReviewTotals($id: ID!) {
    campaign(id: $id) {
      metrics { likes retweets impressions comments }
      strategy { phases { number metrics { likes impressions } } }
    }
  }
`);
const PostVariants = graphql(`
  query ReviewPostVariants($id: ID!) {
    post(id: $id) { id status contentStatus variants { label generation text } }
  }
`);
const Regenerate = graphql(`
  mutation ReviewRegenerate($id: ID!) {
    regenerateStrategy(input: { campaignId: $id, phaseNum: 2, newDirection: "developer-first" }) { archivedPosts { id } }
  }
`);

const t = useTestDatabase();
const api = useTestApi(t, { workers: true });

const contentReady = (campaignId: string) =>
  until(async () => (await t.db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status === "READY");

/** A campaign whose content is written; its posts' ids in plan order. */
async function readyCampaign() {
  const { createCampaign } = await api.data(CreateCampaign, { input: JANUS_BRIEF });
  await contentReady(createCampaign.campaign.id);
  return { id: createCampaign.campaign.id, posts: createCampaign.campaign.strategy.posts };
}

/** The error code of a refused request, after checking that it changed nothing. */
async function refused(
  campaignId: string,
  send: () => Promise<{ errors?: { extensions?: Record<string, unknown>; message: string }[] }>,
) {
  const [countsBefore, before] = [await rowCounts(t.db), await dumpCampaign(t.db, campaignId)];
  const r = await send();
  expect(await rowCounts(t.db)).toEqual(countsBefore);
  expect(await dumpCampaign(t.db, campaignId)).toEqual(before);
  return { code: r.errors?.[0]?.extensions?.code, message: r.errors?.[0]?.message ?? "" };
}

describe("approvePost", () => {
  it("publishes both variants of a ready draft through the local channel", async () => {
    const { posts } = await readyCampaign();
    const id = posts[0]?.id as string;
    const { approvePost } = await api.data(Approve, { id });
    expect(approvePost.post.status).toBe("PUBLISHED");
    expect(approvePost.post.publishedAt).not.toBeNull();
    const variants = await t.db.contentVariant.findMany({ where: { postId: id }, orderBy: { label: "asc" } });
    expect(approvePost.post.publications.map((p) => [p.channel, p.label, p.generation, p.text])).toEqual(
      variants.map((v) => ["local", v.label, 1, v.text]),
    );
    expect(approvePost.post.publications.every((p) => p.mediaUrl?.startsWith("/media/"))).toBe(true);
  });

  it("refuses a post whose content is not ready, one already published, an archived one and an unknown one", async () => {
    const { id, posts } = await readyCampaign();
    // A post whose content is still being written (set directly: the jobs of this campaign are done,
    // so nothing else writes while the refusal is checked).
    const pending = posts[0]?.id as string;
    await t.db.post.update({ where: { id: pending }, data: { contentStatus: "GENERATING" } });
    const notReady = await refused(id, () => api.request(Approve, { id: pending }));
    expect(notReady).toMatchObject({ code: "BAD_USER_INPUT", message: expect.stringMatching(/content is GENERATING/) });
    await t.db.post.update({ where: { id: pending }, data: { contentStatus: "READY" } });

    await api.data(Approve, { id: posts[0]?.id as string });
    const twice = await refused(id, () => api.request(Approve, { id: posts[0]?.id as string }));
    expect(twice).toMatchObject({ code: "BAD_USER_INPUT", message: expect.stringMatching(/PUBLISHED/) });

    const { regenerateStrategy } = await api.data(Regenerate, { id });
    const archived = regenerateStrategy.archivedPosts[0]?.id as string;
    await contentReady(id); // the new posts' content jobs are done: nothing else writes meanwhile
    const gone = await refused(id, () => api.request(Approve, { id: archived }));
    expect(gone).toMatchObject({ code: "BAD_USER_INPUT", message: expect.stringMatching(/archived in version 2/) });
    expect((await refused(id, () => api.request(Approve, { id: "no-such-post" }))).code).toBe("NOT_FOUND");
  });

  it("approveAllPosts approves every ready draft and returns the others as skipped", async () => {
    const { id, posts } = await readyCampaign();
    await api.data(Reject, { id: posts[1]?.id as string, feedback: "Too generic" });
    await t.db.post.update({ where: { id: posts[2]?.id as string }, data: { contentStatus: "FAILED" } });
    const { approveAllPosts } = await api.data(ApproveAll, { id });
    expect(approveAllPosts.approvedPosts.map((p) => p.id).sort()).toEqual(
      posts
        .slice(3)
        .concat(posts.slice(0, 1))
        .map((p) => p.id)
        .sort(),
    );
    expect(approveAllPosts.approvedPosts.every((p) => p.status === "PUBLISHED")).toBe(true);
    expect(approveAllPosts.skippedPosts.map((p) => [p.id, p.status, p.contentStatus])).toEqual([
      [posts[1]?.id, "REJECTED", "READY"],
      [posts[2]?.id, "DRAFT", "FAILED"],
    ]);
    expect(await t.db.publication.count({ where: { campaignId: id } })).toBe(2 * approveAllPosts.approvedPosts.length);
  });
});

describe("rejectPost and regeneratePostContent", () => {
  it("keeps a rejected post with its feedback, then writes a second generation guided by it, keeping the first", async () => {
    const { id, posts } = await readyCampaign();
    const postId = posts[0]?.id as string;
    const { rejectPost } = await api.data(Reject, { id: postId, feedback: "  Make the hook more technical  " });
    expect(rejectPost.post).toEqual({ id: postId, status: "REJECTED", feedback: "Make the hook more technical" });

    const { regeneratePostContent } = await api.data(RegenerateCopy, { id: postId, instructions: "mention the API" });
    expect(regeneratePostContent.post).toMatchObject({ status: "DRAFT", contentStatus: "PENDING" });
    await contentReady(id);
    const { post } = await api.data(PostVariants, { id: postId });
    expect(post?.variants.map((v) => `${v.label}${v.generation}`)).toEqual(["A2", "B2", "A1", "B1"]);
    const [a2, , a1] = post?.variants ?? [];
    expect(a2?.text).not.toBe(a1?.text); // the guidance changed the copy
  });

  it("refuses empty or overlong feedback, a published post, and new copy while copy is being written", async () => {
    const { id, posts } = await readyCampaign();
    const postId = posts[0]?.id as string;
    expect((await refused(id, () => api.request(Reject, { id: postId, feedback: "   " }))).code).toBe("BAD_USER_INPUT");
    expect((await refused(id, () => api.request(Reject, { id: postId, feedback: "x".repeat(2001) }))).code).toBe(
      "BAD_USER_INPUT",
    );
    await api.data(Approve, { id: postId });
    expect(await refused(id, () => api.request(Reject, { id: postId, feedback: "late" }))).toMatchObject({
      code: "BAD_USER_INPUT",
      message: expect.stringMatching(/PUBLISHED/),
    });
    await t.db.post.update({ where: { id: posts[1]?.id as string }, data: { contentStatus: "GENERATING" } });
    expect((await refused(id, () => api.request(RegenerateCopy, { id: posts[1]?.id as string }))).code).toBe("BAD_USER_INPUT");
    expect(
      (await refused(id, () => api.request(RegenerateCopy, { id: posts[2]?.id as string, instructions: "y".repeat(2001) }))).code,
    ).toBe("BAD_USER_INPUT");
  });
});

describe("selectVariant", () => {
  it("selects by label, and refuses a post without content", async () => {
    const { id, posts } = await readyCampaign();
    const { selectVariant } = await api.data(SelectVariant, { id: posts[0]?.id as string, label: "B" });
    expect(selectVariant.post.selectedVariant).toBe("B");
    // A post whose content never got written (its job gave up).
    const fresh = posts[1]?.id as string;
    await t.db.contentVariant.deleteMany({ where: { postId: fresh } });
    await t.db.post.update({ where: { id: fresh }, data: { contentStatus: "FAILED" } });
    expect(await refused(id, () => api.request(SelectVariant, { id: fresh, label: "A" }))).toMatchObject({
      code: "BAD_USER_INPUT",
      message: expect.stringMatching(/no variant A yet/),
    });
  });
});

describe("recordMetrics", () => {
  it("stores absolute counters per variant, compares A with B and totals them per phase and campaign", async () => {
    const { id, posts } = await readyCampaign();
    const [first, second] = [posts[0]?.id as string, posts[1]?.id as string];
    await api.data(Approve, { id: first });
    await api.data(Approve, { id: second });
    const counters = { retweets: 1, comments: 2 };
    await api.data(Metrics, { input: { postId: first, label: "A", likes: 3, impressions: 100, ...counters } });
    await api.data(Metrics, { input: { postId: first, label: "A", likes: 4, impressions: 120, ...counters } }); // replaces
    const { recordMetrics } = await api.data(Metrics, {
      input: { postId: first, label: "B", likes: 9, impressions: 120, ...counters },
    });
    expect(recordMetrics.post.metrics.variants).toEqual([
      { label: "A", likes: 4, impressions: 120 },
      { label: "B", likes: 9, impressions: 120 },
    ]);
    expect(recordMetrics.post.metrics.comparison.find((c) => c.metric === "LIKES")).toEqual({
      metric: "LIKES",
      a: 4,
      b: 9,
      leader: "B",
    });
    expect(recordMetrics.post.metrics.comparison.find((c) => c.metric === "IMPRESSIONS")?.leader).toBeNull();
    expect(recordMetrics.post.metrics.totals).toEqual({ likes: 13, impressions: 240 });
    await api.data(Metrics, { input: { postId: second, label: "A", likes: 1, impressions: 10, ...counters } });

    const { campaign } = await api.data(Totals, { id });
    expect(campaign?.metrics).toEqual({ likes: 14, retweets: 3, impressions: 250, comments: 6 });
    const phaseOf = (postId: string) => posts.find((p) => p.id === postId)?.phase;
    const expected = new Map<number, number>();
    expected.set(phaseOf(first) as number, 13);
    expected.set(phaseOf(second) as number, (expected.get(phaseOf(second) as number) ?? 0) + 1);
    for (const phase of campaign?.strategy.phases ?? []) expect(phase.metrics.likes).toBe(expected.get(phase.number) ?? 0);
  });

  it.each([
    ["negative likes", { likes: -1 }, "input.likes"],
    ["more than 10^9 impressions", { impressions: 1_000_000_001 }, "input.impressions"],
  ])("refuses %s", async (_what, bad, argument) => {
    const { id, posts } = await readyCampaign();
    await api.data(Approve, { id: posts[0]?.id as string });
    const input = {
      postId: posts[0]?.id as string,
      label: "A" as const,
      likes: 1,
      retweets: 1,
      impressions: 1,
      comments: 1,
      ...bad,
    };
    const r = await refused(id, () => api.request(Metrics, { input }));
    expect(r).toMatchObject({ code: "BAD_USER_INPUT", message: expect.stringContaining(argument) });
  });

  it("refuses metrics for a post that was never published", async () => {
    const { id, posts } = await readyCampaign();
    const input = { postId: posts[0]?.id as string, label: "A" as const, likes: 1, retweets: 1, impressions: 1, comments: 1 };
    expect(await refused(id, () => api.request(Metrics, { input }))).toMatchObject({
      code: "BAD_USER_INPUT",
      message: expect.stringMatching(/never published/),
    });
  });
});
