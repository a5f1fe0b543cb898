import { beforeAll, describe, expect, it } from "vitest";
import { issueToken } from "../../src/auth/accounts.js";
import { createGraphQLServer } from "../../src/http/graphql-server.js";
import { useTestApi } from "../helpers/api.js";
import { dumpCampaign } from "../helpers/campaign-dump.js";
import { JANUS_BRIEF } from "../helpers/campaigns.js";
import { useTestDatabase } from "../helpers/database.js";
import { until } from "../helpers/http.js";
import { rowCounts } from "../helpers/row-counts.js";

// A bad-input sweep: every mutation of the contract gets, argument by argument, a battery of
// hostile values. Each answer is HTTP 200 with data or a contract error code (never
// INTERNAL_SERVER_ERROR), leaks no stack, SQL or path, and a refusal changes nothing. After the
// sweep the database holds only what the accepted requests wrote, and the other workspace's
// campaign is untouched.

const DOCUMENTS = {
  createCampaign: `mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { campaign { id name } } }`,
  regenerateStrategy: `mutation($input: RegenerateStrategyInput!) { regenerateStrategy(input: $input) { version } }`,
  restoreVersion: `mutation($input: RestoreVersionInput!) { restoreVersion(input: $input) { campaign { id currentVersion } } }`,
  approvePost: `mutation($input: PostInput!) { approvePost(input: $input) { post { id status } } }`,
  approveAllPosts: `mutation($input: CampaignInput!) { approveAllPosts(input: $input) { approvedPosts { id } } }`,
  rejectPost: `mutation($input: RejectPostInput!) { rejectPost(input: $input) { post { id status feedback } } }`,
  regeneratePostContent: `mutation($input: RegeneratePostContentInput!) { regeneratePostContent(input: $input) { post { id } } }`,
  selectVariant: `mutation($input: SelectVariantInput!) { selectVariant(input: $input) { post { id selectedVariant } } }`,
  recordMetrics: `mutation($input: RecordMetricsInput!) { recordMetrics(input: $input) { post { id } } }`,
  setTrigger: `mutation($input: SetTriggerInput!) { setTrigger(input: $input) { post { id trigger { metric value } } } }`,
  clearTrigger: `mutation($input: PostInput!) { clearTrigger(input: $input) { post { id } } }`,
  createFollowUpPost: `mutation($input: CreateFollowUpPostInput!) { createFollowUpPost(input: $input) { post { id phase } } }`,
} as const;
type MutationName = keyof typeof DOCUMENTS;

/** Ids the cases refer to, read when a case runs (accepted cases change which posts are active). */
interface Ids {
  campaignId: string;
  /** An active DRAFT post of phase 1 (later regenerations never archive phase 1). */
  draftPostId: string;
  /** The published post (approved during setup). */
  publishedPostId: string;
  archivedPostId: string;
  otherCampaignId: string;
  otherPostId: string;
  /** Active posts of the campaign, plan order. */
  activePostIds: string[];
}

const MB_STRING = "x".repeat(900_000); // under MAX_BODY_BYTES (1 MiB) with the rest of the body
const SQL = `'; DROP TABLE "Campaign"; --`;
const HTML = "<script>alert(1)</script>";
const MISSING_UUID = "6f1c2f3e-0000-4000-8000-00000000dead";

type Kind = "string" | "optionalString" | "id" | "postIdList" | "int" | "label";
type Value = { name: string; value: (ids: Ids) => unknown; refused: boolean };
const v = (name: string, value: unknown, refused: boolean): Value => ({ name, value: () => value, refused });
const id = (name: string, value: (ids: Ids) => unknown): Value => ({ name, value, refused: true });

const TEXT: Value[] = [
  v("a 900 KB string", MB_STRING, true),
  // PostgreSQL text cannot hold U+0000: refused up front (src/security/nul-guard.ts).
  v("a NUL", "a\u0000b", true),
  v("control characters", "\u0001\u0007\u001b", false),
  v("text with a DEL and a vertical tab inside", "launch\u007f\u000bnow", false),
  v("emoji", "🚀 launch 👩‍💻🔥", false),
  v("an SQL fragment", SQL, false),
  v("an HTML fragment", HTML, false),
  v("bidi and zero-width characters", "\u202eabc\u200b", false),
  v("a number", 42, true),
];
const HOSTILE: Record<Kind, Value[]> = {
  string: [v("empty", "", true), v("whitespace only", " \t\n ", true), ...TEXT, v("null", null, true)],
  optionalString: [v("empty", "", false), v("whitespace only", " \t\n ", false), ...TEXT, v("null", null, false)],
  id: [
    v("empty", "", true),
    v("whitespace only", "   ", true),
    v("a 900 KB string", MB_STRING, true),
    v("control characters", "\u0001\u0007\u001b", true),
    v("a NUL", "\u0000\u0007", true),
    v("emoji", "🚀", true),
    v("an SQL fragment", SQL, true),
    v("an HTML fragment", HTML, true),
    v("a nonexistent uuid", MISSING_UUID, true),
    v("a number", 12, true),
    v("null", null, true),
    id("an archived post's id", (ids) => ids.archivedPostId),
    id("the other workspace's campaign id", (ids) => ids.otherCampaignId),
    id("the other workspace's post id", (ids) => ids.otherPostId),
    id("the campaign id where a post id belongs (and vice versa)", () => undefined), // resolved per argument below
  ],
  postIdList: [
    v("an empty list", [], true),
    v("an empty id", [""], true),
    v("a 900 KB id", [MB_STRING], true),
    v("an SQL fragment", [SQL], true),
    v("a nonexistent uuid", [MISSING_UUID], true),
    v("null", null, true),
    id("an archived post", (ids) => [ids.archivedPostId]),
    id("the other workspace's post", (ids) => [ids.otherPostId]),
    id("an own post and the other workspace's post", (ids) => [ids.activePostIds[0], ids.otherPostId]),
    id("the same post twice", (ids) => [ids.activePostIds[0], ids.activePostIds[0]]),
    id("11 posts", (ids) => Array.from({ length: 11 }, (_, i) => ids.activePostIds[i % ids.activePostIds.length])),
  ],
  int: [
    v("negative", -1, true),
    v("2^31", 2 ** 31, true),
    v("-2^31 - 1", -(2 ** 31) - 1, true),
    v("1e308", 1e308, true),
    v("a float", 1.5, true),
    v("a numeric string", "3", true),
    v("zero", 0, false),
  ],
  label: [v("an unknown enum value", "C", true), v("lower case", "a", true), v("empty", "", true), v("a number", 0, true)],
};

/** Each mutation: a valid input, and the kind of each argument to spoil one at a time. */
const MUTATIONS: Record<MutationName, { input: (ids: Ids) => Record<string, unknown>; args: Record<string, Kind> }> = {
  createCampaign: {
    input: () => ({ name: "Sweep", productDescription: "A product for sweeping", gtmGoals: "First 10 users", phaseCount: 2 }),
    args: { name: "string", productDescription: "string", gtmGoals: "string", phaseCount: "int" },
  },
  regenerateStrategy: {
    input: (ids) => ({ campaignId: ids.campaignId, phaseNum: 3, newDirection: "developer-first" }),
    args: { campaignId: "id", phaseNum: "int", newDirection: "string", expectedVersion: "int", idempotencyKey: "optionalString" },
  },
  restoreVersion: {
    input: (ids) => ({ campaignId: ids.campaignId, version: 1 }),
    args: { campaignId: "id", version: "int", expectedVersion: "int" },
  },
  approvePost: { input: (ids) => ({ postId: ids.draftPostId }), args: { postId: "id" } },
  approveAllPosts: { input: (ids) => ({ campaignId: ids.campaignId }), args: { campaignId: "id" } },
  rejectPost: {
    input: (ids) => ({ postId: ids.draftPostId, feedback: "Too generic" }),
    args: { postId: "id", feedback: "string" },
  },
  regeneratePostContent: {
    input: (ids) => ({ postId: ids.draftPostId }),
    args: { postId: "id", instructions: "optionalString" },
  },
  selectVariant: { input: (ids) => ({ postId: ids.draftPostId, label: "B" }), args: { postId: "id", label: "label" } },
  recordMetrics: {
    input: (ids) => ({ postId: ids.publishedPostId, label: "A", likes: 1, retweets: 1, impressions: 1, comments: 1 }),
    args: { postId: "id", label: "label", likes: "int", retweets: "int", impressions: "int", comments: "int" },
  },
  setTrigger: {
    input: (ids) => ({ postId: ids.publishedPostId, text: "fewer than 5 likes within 1 hour, rewrite it" }),
    args: { postId: "id", text: "string" },
  },
  clearTrigger: { input: (ids) => ({ postId: ids.publishedPostId }), args: { postId: "id" } },
  createFollowUpPost: {
    input: (ids) => ({ campaignId: ids.campaignId, fromPostIds: [ids.draftPostId], prompt: "a customer story" }),
    args: { campaignId: "id", fromPostIds: "postIdList", prompt: "string" },
  },
};

interface Case {
  mutation: MutationName;
  argument: string;
  value: string;
  refused: boolean;
  input: (ids: Ids) => Record<string, unknown>;
  /** The hostile value as sent (for the stored-text check). */
  hostile: (ids: Ids) => unknown;
}

// The wrong kind of own id: a post id where a campaign id belongs, and the other way round.
const wrongKindOfId = (argument: string) => (ids: Ids) => (argument === "campaignId" ? ids.draftPostId : ids.campaignId);

const CASES: Case[] = Object.entries(MUTATIONS).flatMap(([mutation, { input, args }]) =>
  Object.entries(args).flatMap(([argument, kind]) =>
    HOSTILE[kind].map((hostile): Case => {
      const value = hostile.name.startsWith("the campaign id where") ? wrongKindOfId(argument) : hostile.value;
      return {
        mutation: mutation as MutationName,
        argument,
        value: hostile.name,
        refused: hostile.refused,
        input: (ids) => ({ ...input(ids), [argument]: value(ids) }),
        hostile: value,
      };
    }),
  ),
);

const CONTRACT_CODES = ["BAD_USER_INPUT", "NOT_FOUND", "VERSION_CONFLICT", "LLM_UNAVAILABLE"];
const LEAKS = [/at .*\.ts:/, /\b(SELECT|INSERT INTO|UPDATE|DELETE FROM)\b/, /prisma/i, /\/work\//, /node_modules/];

const t = useTestDatabase();
const api = useTestApi(t, { workers: true });
let campaignId: string;
let otherCampaignId: string;
let otherPostId: string;
let archivedPostId: string;
let publishedPostId: string;
let otherBefore: Awaited<ReturnType<typeof dumpCampaign>>;
let countsBefore: Awaited<ReturnType<typeof rowCounts>>;
const accepted: Case[] = [];
const acceptedValues: unknown[] = [];

/** No campaign planning or writing content: nothing changes the database behind a case's back. */
const quiet = () =>
  until(async () => {
    const [busyCampaigns, busyPosts] = await Promise.all([
      t.db.campaign.count({ where: { status: { in: ["PLANNING", "GENERATING_CONTENT"] } } }),
      t.db.post.count({ where: { isActive: true, contentStatus: { in: ["PENDING", "GENERATING"] } } }),
    ]);
    return busyCampaigns === 0 && busyPosts === 0;
  });

async function data<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const r = await api.request<T, Record<string, unknown>>(query, variables);
  if (r.errors?.length || !r.data) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
  return r.data;
}

async function currentIds(): Promise<Ids> {
  const active = await t.db.post.findMany({
    where: { campaignId, isActive: true },
    orderBy: [{ phase: "asc" }, { position: "asc" }],
  });
  const draft = active.find((p) => p.phase === 1 && p.status === "DRAFT") ?? active.find((p) => p.status === "DRAFT");
  return {
    campaignId,
    draftPostId: draft?.id ?? MISSING_UUID,
    publishedPostId,
    archivedPostId,
    otherCampaignId,
    otherPostId,
    activePostIds: active.map((p) => p.id),
  };
}

beforeAll(async () => {
  // The other workspace's campaign, made through a server that requires tokens.
  const other = await issueToken(t.db, { name: "mallory", workspace: "Other team" });
  const tokenServer = createGraphQLServer({ ...api.services, authMode: "tokens" });
  const response = await tokenServer.fetch("http://phasewise.test/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${other.token}` },
    body: JSON.stringify({ query: DOCUMENTS.createCampaign, variables: { input: JANUS_BRIEF } }),
  });
  otherCampaignId = ((await response.json()) as { data: { createCampaign: { campaign: { id: string } } } }).data.createCampaign
    .campaign.id;

  // The local workspace's campaign: content ready, one post published, phase 3 regenerated.
  const created = await data<{ createCampaign: { campaign: { id: string } } }>(DOCUMENTS.createCampaign, { input: JANUS_BRIEF });
  campaignId = created.createCampaign.campaign.id;
  await quiet();
  const firstPost = await t.db.post.findFirstOrThrow({ where: { campaignId, phase: 1 }, orderBy: { position: "asc" } });
  await data(DOCUMENTS.approvePost, { input: { postId: firstPost.id } });
  publishedPostId = firstPost.id;
  await data(DOCUMENTS.regenerateStrategy, { input: { campaignId, phaseNum: 3, newDirection: "developer-first" } });
  await quiet();
  archivedPostId = (await t.db.post.findFirstOrThrow({ where: { campaignId, isActive: false } })).id;
  otherPostId = (await t.db.post.findFirstOrThrow({ where: { campaignId: otherCampaignId } })).id;
  expect((await t.db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status).toBe("READY");

  otherBefore = await dumpCampaign(t.db, otherCampaignId);
  countsBefore = await rowCounts(t.db);
}, 60_000);

type Answer = { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };

describe("bad-input sweep", () => {
  it.each(CASES.map((c) => [`${c.mutation} ${c.argument}: ${c.value}`, c] as const))(
    "%s",
    async (_name, c) => {
      const ids = await currentIds();
      const [counts, main, other, logged] = [
        await rowCounts(t.db),
        await dumpCampaign(t.db, campaignId),
        await dumpCampaign(t.db, otherCampaignId),
        api.logged.length,
      ];
      const response = await api.yoga.fetch("http://phasewise.test/graphql", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: DOCUMENTS[c.mutation], variables: { input: c.input(ids) } }),
      });
      const answer = (await response.json()) as Answer;
      const codes = (answer.errors ?? []).map((e) => e.extensions?.code);
      // 400 only for a request error (variables GraphQL itself refuses: wrong type, Int out of
      // range, unknown enum value), which GraphQL over HTTP answers without data.
      if (response.status === 400)
        expect({ codes: [...new Set(codes)], data: answer.data ?? null }).toEqual({ codes: ["BAD_USER_INPUT"], data: null });
      else expect(response.status).toBe(200);
      for (const code of codes) expect(CONTRACT_CODES).toContain(code);
      for (const e of answer.errors ?? []) for (const leak of LEAKS) expect(e.message.slice(0, 2_000)).not.toMatch(leak);
      expect(api.logged.length).toBe(logged); // nothing unexpected reached the server log

      const wasRefused = codes.length > 0;
      if (c.refused) expect(wasRefused).toBe(true);
      if (wasRefused) {
        expect(answer.data ?? null).toBeNull();
        expect(await rowCounts(t.db)).toEqual(counts);
        expect(await dumpCampaign(t.db, campaignId)).toEqual(main);
      } else {
        expect(answer.data?.[c.mutation]).toBeTruthy();
        accepted.push(c);
        acceptedValues.push(c.hostile(ids));
        await quiet(); // the accepted request's background work finishes before the next case
      }
      expect(await dumpCampaign(t.db, otherCampaignId)).toEqual(other);
    },
    30_000,
  );

  it("refuses a body over MAX_BODY_BYTES with 413, changing nothing", async () => {
    const counts = await rowCounts(t.db);
    const response = await api.yoga.fetch("http://phasewise.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: DOCUMENTS.createCampaign,
        variables: { input: { ...JANUS_BRIEF, name: "x".repeat(1024 * 1024 + 1) } },
      }),
    });
    expect(response.status).toBe(413);
    await response.body?.cancel();
    expect(await rowCounts(t.db)).toEqual(counts);
  });

  it("leaves only what the accepted requests wrote, and the other workspace untouched", async () => {
    await quiet();
    expect(CASES.length).toBeGreaterThan(150);
    const count = (...mutations: MutationName[]) => accepted.filter((c) => mutations.includes(c.mutation)).length;
    const after = await rowCounts(t.db);
    expect(after.campaigns).toBe(countsBefore.campaigns + count("createCampaign"));
    // One version per new campaign and per accepted regeneration or restore.
    expect(after.versions).toBe(countsBefore.versions + count("createCampaign", "regenerateStrategy", "restoreVersion"));
    // Every accepted recordMetrics wrote label A of the same published post: one row, replaced.
    expect(after.metrics).toBe(countsBefore.metrics + Math.min(1, count("recordMetrics")));
    if (!count("createCampaign", "createFollowUpPost", "regenerateStrategy", "restoreVersion")) {
      expect(after.posts).toBe(countsBefore.posts);
    }
    expect(await dumpCampaign(t.db, otherCampaignId)).toEqual(otherBefore);
    const otherWorkspace = (otherBefore.campaign as { workspaceId: string }).workspaceId;
    expect(await t.db.campaign.count({ where: { workspaceId: otherWorkspace } })).toBe(1);

    // Hostile text is stored verbatim only in a field whose request carrying it was accepted.
    for (const marker of ["DROP TABLE", "<script>", MB_STRING]) {
      for (const [field, source, stored] of storedFields(marker)) {
        const carried = accepted.some(
          (c, i) => `${c.mutation}.${c.argument}` === source && JSON.stringify(acceptedValues[i] ?? "").includes(marker),
        );
        if (!carried)
          expect({ field, marker: marker.slice(0, 20), rows: await stored }).toEqual({
            field,
            marker: marker.slice(0, 20),
            rows: 0,
          });
      }
    }
  });
});

/** Columns that hold a mutation argument as given, the argument, and how many rows contain the marker. */
function storedFields(marker: string): [string, string, Promise<number>][] {
  const has = { contains: marker };
  return [
    ["Campaign.name", "createCampaign.name", t.db.campaign.count({ where: { name: has } })],
    [
      "Campaign.productDescription",
      "createCampaign.productDescription",
      t.db.campaign.count({ where: { productDescription: has } }),
    ],
    ["Campaign.gtmGoals", "createCampaign.gtmGoals", t.db.campaign.count({ where: { gtmGoals: has } })],
    ["StrategyVersion.direction", "regenerateStrategy.newDirection", t.db.strategyVersion.count({ where: { direction: has } })],
    [
      "StrategyVersion.idempotencyKey",
      "regenerateStrategy.idempotencyKey",
      t.db.strategyVersion.count({ where: { idempotencyKey: has } }),
    ],
    ["Post.feedback", "rejectPost.feedback", t.db.post.count({ where: { feedback: has } })],
    ["Post.triggerText", "setTrigger.text", t.db.post.count({ where: { OR: [{ triggerText: has }, { triggerAction: has }] } })],
  ];
}
