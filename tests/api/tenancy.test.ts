import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueToken, revokeToken } from "../../src/auth/accounts.js";
import { createGraphQLServer } from "../../src/http/graphql-server.js";
import { createTestApi } from "../helpers/api.js";
import { dumpCampaign } from "../helpers/campaign-dump.js";
import { openTestDatabase, type TestDatabase } from "../helpers/database.js";
import { rowCounts } from "../helpers/row-counts.js";

// Two workspaces on one server that requires tokens: each sees only its own campaigns, and the
// other's ids behave exactly like ids that do not exist.
let t: TestDatabase;
let yoga: ReturnType<typeof createGraphQLServer>;
let tokenA: string;
let tokenB: string;
let campaignId: string;
let postId: string;

beforeAll(async () => {
  t = await openTestDatabase();
  const { services } = createTestApi(t);
  yoga = createGraphQLServer({ ...services, authMode: "tokens" });
  tokenA = (await issueToken(t.db, { name: "alice", workspace: "Team A" })).token;
  tokenB = (await issueToken(t.db, { name: "bob", workspace: "Team B" })).token;
  const created = await gql(
    tokenA,
    `mutation { createCampaign(input: { name: "Janus launch", productDescription: "Janus – AI-powered GTM OS for technical founders", gtmGoals: "Launch product and acquire first 100 users in 4 weeks" }) { campaign { id strategy { posts { id } } } } }`,
  );
  const campaign = (created.data as { createCampaign: { campaign: { id: string; strategy: { posts: { id: string }[] } } } })
    .createCampaign.campaign;
  campaignId = campaign.id;
  postId = campaign.strategy.posts[0]?.id as string;
});
afterAll(() => t?.close());

type Result = { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };

async function gql(token: string | undefined, query: string, variables: Record<string, unknown> = {}): Promise<Result> {
  const response = await yoga.fetch("http://phasewise.test/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Result;
}

const codeOf = (r: Result) => r.errors?.[0]?.extensions?.code;

/** Runs a request from workspace B against A's data and checks that nothing changed. */
async function fromB(query: string, variables: Record<string, unknown> = {}) {
  const [counts, before] = [await rowCounts(t.db), await dumpCampaign(t.db, campaignId)];
  const r = await gql(tokenB, query, variables);
  expect(await rowCounts(t.db)).toEqual(counts);
  expect(await dumpCampaign(t.db, campaignId)).toEqual(before);
  return r;
}

describe("workspaces", () => {
  it("let the owner read its campaign", async () => {
    const r = await gql(tokenA, `query($id: ID!) { campaign(id: $id) { id } campaigns { id } }`, { id: campaignId });
    expect(r.data).toEqual({ campaign: { id: campaignId }, campaigns: [{ id: campaignId }] });
  });

  it("hide a campaign from another workspace: reads answer as if it did not exist", async () => {
    const r = await fromB(`query($id: ID!, $post: ID!) { campaign(id: $id) { id } campaigns { id } post(id: $post) { id } }`, {
      id: campaignId,
      post: postId,
    });
    expect(r.data).toEqual({ campaign: null, campaigns: [], post: null });
    expect(codeOf(await fromB(`query($id: ID!) { postsByCampaign(campaignId: $id) { id } }`, { id: campaignId }))).toBe(
      "NOT_FOUND",
    );
    expect(
      codeOf(
        await fromB(`query($id: ID!) { compareVersions(campaignId: $id, from: 1, to: 1) { addedPosts { id } } }`, {
          id: campaignId,
        }),
      ),
    ).toBe("NOT_FOUND");
  });

  it.each([
    [
      "regenerateStrategy",
      `mutation($id: ID!) { regenerateStrategy(input: { campaignId: $id, phaseNum: 2, newDirection: "x" }) { version } }`,
    ],
    ["restoreVersion", `mutation($id: ID!) { restoreVersion(input: { campaignId: $id, version: 1 }) { campaign { id } } }`],
    ["approveAllPosts", `mutation($id: ID!) { approveAllPosts(input: { campaignId: $id }) { approvedPosts { id } } }`],
    [
      "createFollowUpPost",
      `mutation($id: ID!, $post: ID!) { createFollowUpPost(input: { campaignId: $id, fromPostIds: [$post], prompt: "x" }) { post { id } } }`,
    ],
    ["approvePost", `mutation($post: ID!) { approvePost(input: { postId: $post }) { post { id } } }`],
    ["rejectPost", `mutation($post: ID!) { rejectPost(input: { postId: $post, feedback: "no" }) { post { id } } }`],
    ["regeneratePostContent", `mutation($post: ID!) { regeneratePostContent(input: { postId: $post }) { post { id } } }`],
    ["selectVariant", `mutation($post: ID!) { selectVariant(input: { postId: $post, label: A }) { post { id } } }`],
    [
      "setTrigger",
      `mutation($post: ID!) { setTrigger(input: { postId: $post, text: "fewer than 5 likes within 1 hour" }) { post { id } } }`,
    ],
    ["clearTrigger", `mutation($post: ID!) { clearTrigger(input: { postId: $post }) { post { id } } }`],
    [
      "recordMetrics",
      `mutation($post: ID!) { recordMetrics(input: { postId: $post, label: A, likes: 1, retweets: 1, impressions: 1, comments: 1 }) { post { id } } }`,
    ],
  ])("refuse %s on another workspace's campaign with NOT_FOUND, changing nothing", async (_name, mutation) => {
    const r = await fromB(mutation, { id: campaignId, post: postId });
    expect(codeOf(r)).toBe("NOT_FOUND");
    expect(JSON.stringify(r)).not.toContain("Team A");
  });

  it("refuse a subscription to another workspace's campaign", async () => {
    const response = await yoga.fetch("http://phasewise.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream", authorization: `Bearer ${tokenB}` },
      body: JSON.stringify({
        query: `subscription($id: ID!) { campaignEvents(campaignId: $id) { __typename } }`,
        variables: { id: campaignId },
      }),
    });
    const text = await response.text();
    expect(text).toContain("NOT_FOUND");
    expect(text).not.toContain("__typename");
  });
});

describe("tokens", () => {
  it("are required once accounts exist: no token, a malformed one or an unknown one is UNAUTHENTICATED", async () => {
    for (const token of [undefined, "nonsense", "pw_unknown-token-value"]) {
      const r = await gql(token, `{ campaigns { id } }`);
      expect(codeOf(r)).toBe("UNAUTHENTICATED");
      expect(r.data ?? null).toBeNull();
    }
  });

  it("stop working when revoked", async () => {
    const issued = await issueToken(t.db, { name: "carol", workspace: "Team A" });
    expect(codeOf(await gql(issued.token, `{ campaigns { id } }`))).toBeUndefined();
    expect(await revokeToken(t.db, issued.prefix)).toBe(true);
    expect(codeOf(await gql(issued.token, `{ campaigns { id } }`))).toBe("UNAUTHENTICATED");
  });

  it("are stored hashed: the database never holds the secret", async () => {
    const issued = await issueToken(t.db, { name: "dave", workspace: "Team B" });
    const row = await t.db.apiToken.findUniqueOrThrow({ where: { id: issued.id } });
    expect(JSON.stringify(row)).not.toContain(issued.token);
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
