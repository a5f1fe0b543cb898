import { describe, expect, it } from "vitest";
import { evaluateTriggerCheck } from "../../src/services/trigger-check.js";
import { graphql } from "../generated/gql.js";
import { type GraphQLResponse, useTestApi } from "../helpers/api.js";
import { JANUS_BRIEF, RecordMetrics, SelectVariant } from "../helpers/campaigns.js";
import { useTestDatabase } from "../helpers/database.js";
import { until } from "../helpers/http.js";

// Every call that reads a post's status (or its content, or whether it was published) and then
// writes it, fired at once on one post, run after run. Races belong on the real server: PGlite
// runs one transaction at a time, which would hide them. A run is legal when every call either
// succeeded or was refused with BAD_USER_INPUT, the post holds its invariants, and some order of
// the same calls, one at a time, gives exactly these answers and this post.

const Create = graphql(`
  mutation StatusRaceCreate($input: CreateCampaignInput!) {
    createCampaign(input: $input) { campaign { id strategy { posts { id } } } }
  }
`);
const SetTrigger = graphql(`
  mutation StatusRaceSetTrigger($postId: ID!, $text: String!) {
    setTrigger(input: { postId: $postId, text: $text }) { post { id } }
  }
`);
const Approve = graphql(`
  mutation StatusRaceApprove($id: ID!) {
    approvePost(input: { postId: $id }) { post { id status } }
  }
`);
const ApproveAll = graphql(`
  mutation StatusRaceApproveAll($id: ID!) {
    approveAllPosts(input: { campaignId: $id }) { approvedPosts { id } skippedPosts { id } }
  }
`);
const Reject = graphql(`
  mutation StatusRaceReject($id: ID!, $feedback: String!) {
    rejectPost(input: { postId: $id, feedback: $feedback }) { post { id status } }
  }
`);
const Rewrite = graphql(`
  mutation StatusRaceRewrite($id: ID!, $instructions: String) {
    regeneratePostContent(input: { postId: $id, instructions: $instructions }) { post { id status } }
  }
`);
const Archive = graphql(`
  mutation StatusRaceArchive($id: ID!) {
    regenerateStrategy(input: { campaignId: $id, phaseNum: 1, newDirection: "developer-first" }) { version }
  }
`);

const RUNS = 20;
const brief = { ...JANUS_BRIEF, phaseCount: 1 };
// Every recorded count has fewer than 5 likes, so the trigger's condition holds whenever it is checked.
const TRIGGER = "fewer than 5 likes within 1 hour, rewrite with a more technical hook";
const HOUR_MS = 3_600_000;

/** What a call does to the post, as the sequential model below knows it. */
type Step = "approve" | "reject" | "select" | "rewrite" | "metrics" | "trigger" | "archive";
/**
 * The calls of a run, 25 on the post. A rewrite sends a published post back to DRAFT and clears
 * publishedAt, which would hide an illegal state reached before it: half the runs review only.
 */
const REVIEW: [Step, number][] = [
  ["approve", 9], // approvePost, and approveAllPosts for every third
  ["reject", 9],
  ["select", 3],
  ["metrics", 4],
];
const REWRITE: [Step, number][] = [
  ["approve", 7],
  ["reject", 5],
  ["select", 3],
  ["rewrite", 4],
  ["metrics", 4],
  ["trigger", 2],
];
/** Odd runs review only; even ones rewrite too, and every other one of those also archives the post. */
const mixOf = (run: number) => (run % 2 ? REVIEW : REWRITE);
const archives = (run: number) => run % 4 === 2;
const CALLS = REVIEW.reduce((n, [, count]) => n + count, 0);

type Answer = "ok" | "refused" | { failure: string };
interface Call {
  step: Step;
  answer: Answer;
  /** For select and metrics: the label, and for metrics the likes recorded. */
  label?: "A" | "B";
  likes?: number;
}

/** The post as far as the rules go. */
interface State {
  status: "DRAFT" | "PUBLISHED" | "REJECTED";
  writing: boolean;
  published: boolean;
  fired: boolean;
  archived: boolean;
}

/** The state after `step`, or null if the step is refused in `s` (the rules, written independently of the code). */
function after(step: Step, s: State): State | null {
  if (step === "archive") return { ...s, archived: true };
  if (s.archived) return null;
  switch (step) {
    case "approve":
      return s.status === "DRAFT" && !s.writing ? { ...s, status: "PUBLISHED", published: true } : null;
    case "reject":
      return s.status !== "PUBLISHED" ? { ...s, status: "REJECTED" } : null;
    case "select":
      return s;
    case "rewrite":
      return s.writing ? null : { ...s, status: "DRAFT", writing: true };
    case "metrics":
      return s.published ? s : null;
    case "trigger":
      return s.status === "PUBLISHED" && !s.fired ? { ...s, status: "DRAFT", writing: true, fired: true } : null;
  }
}

/**
 * Whether some order of the calls, one at a time, with the content job finishing whenever it may
 * (it skips an archived post), gives exactly the answers observed and ends in `final`.
 */
function sequentiallyReachable(calls: Call[], final: State): boolean {
  const steps = [...new Set(calls.map((c) => c.step))];
  const left = (answer: "ok" | "refused") => steps.map((s) => calls.filter((c) => c.step === s && c.answer === answer).length);
  const seen = new Set<string>();
  const search = (s: State, ok: number[], refused: number[]): boolean => {
    const key = JSON.stringify([s, ok, refused]);
    if (seen.has(key)) return false;
    seen.add(key);
    if (ok.every((n) => n === 0) && refused.every((n) => n === 0) && JSON.stringify(s) === JSON.stringify(final)) return true;
    if (s.writing && !s.archived && search({ ...s, writing: false }, ok, refused)) return true;
    return steps.some((step, i) => {
      const next = after(step, s);
      const less = (counts: number[]) => counts.map((n, j) => (j === i ? n - 1 : n));
      if ((ok[i] ?? 0) > 0 && next && search(next, less(ok), refused)) return true;
      return (refused[i] ?? 0) > 0 && !next && search(s, ok, less(refused));
    });
  };
  return search(
    { status: "DRAFT", writing: false, published: false, fired: false, archived: false },
    left("ok"),
    left("refused"),
  );
}

const t = useTestDatabase();
const api = useTestApi(t, { workers: true });

const shuffle = <T>(items: T[]) =>
  items
    .map((item) => ({ item, key: Math.random() }))
    .sort((a, b) => a.key - b.key)
    .map(({ item }) => item);

const unfinishedJobs = async () =>
  Number(
    (
      await t.db.$queryRaw<{ count: bigint }[]>`
        SELECT count(*) FROM pgboss.job WHERE name = 'post-content' AND state::text IN ('created', 'retry', 'active')`
    )[0]?.count,
  );

/** The answer to a GraphQL call: ok, a refusal with BAD_USER_INPUT, or anything else (a failure). */
function answerOf(r: GraphQLResponse<unknown>): Answer {
  const error = r.errors?.[0];
  if (!error) return "ok";
  if (error.extensions?.code === "BAD_USER_INPUT") return "refused";
  return { failure: `${String(error.extensions?.code)}: ${error.message}` };
}

/** One race: a fresh single-phase campaign, its first post with READY content and a trigger, then every call at once. */
async function race(run: number) {
  const { campaign } = (await api.data(Create, { input: brief })).createCampaign;
  const id = campaign.strategy.posts[0]?.id as string;
  await until(async () => (await unfinishedJobs()) === 0);
  await api.data(SetTrigger, { postId: id, text: TRIGGER });
  const laterThanDue = () => new Date(Date.now() + 2 * HOUR_MS);

  let n = 0;
  const planned: (() => Promise<Call>)[] = mixOf(run).flatMap(([step, count]) =>
    Array.from({ length: count }, () => {
      const i = n++;
      const label = i % 2 ? ("A" as const) : ("B" as const);
      const ask = async (r: Promise<GraphQLResponse<unknown>>): Promise<Call> => ({ step, answer: answerOf(await r) });
      switch (step) {
        case "approve":
          if (i % 3 === 0)
            return async (): Promise<Call> => {
              const r = await api.request(ApproveAll, { id: campaign.id });
              const answer = answerOf(r);
              const approved = r.data?.approveAllPosts.approvedPosts.some((p) => p.id === id);
              return { step, answer: answer === "ok" ? (approved ? "ok" : "refused") : answer };
            };
          return () => ask(api.request(Approve, { id }));
        case "reject":
          return () => ask(api.request(Reject, { id, feedback: `feedback ${i}` }));
        case "select":
          return async () => ({ ...(await ask(api.request(SelectVariant, { id, label }))), label });
        case "rewrite":
          return () => ask(api.request(Rewrite, { id, instructions: `rewrite ${i}` }));
        case "metrics": {
          const likes = i % 5;
          const input = { postId: id, label, likes, retweets: i, impressions: 100 + i, comments: 0 };
          return async () => ({ ...(await ask(api.request(RecordMetrics, { input }))), label, likes });
        }
        case "trigger":
          return async (): Promise<Call> => {
            try {
              const outcome = await evaluateTriggerCheck(api.services, { postId: id }, laterThanDue);
              if (outcome === "fired") return { step, answer: "ok" };
              return { step, answer: outcome === "nothing-to-do" ? "refused" : { failure: `trigger check: ${outcome}` } };
            } catch (error) {
              return { step, answer: { failure: `trigger check threw ${String(error)}` } };
            }
          };
        default:
          throw new Error(step);
      }
    }),
  );
  if (archives(run))
    planned.push(async () => ({ step: "archive", answer: answerOf(await api.request(Archive, { id: campaign.id })) }));
  const calls = await Promise.all(shuffle(planned).map((call) => call()));
  await until(async () => (await unfinishedJobs()) === 0);
  return { campaignId: campaign.id, postId: id, calls: calls.sort((a, b) => a.step.localeCompare(b.step)) };
}

/** What is wrong with the post after a race (an empty list if nothing). */
async function illegal({ campaignId, postId, calls }: Awaited<ReturnType<typeof race>>): Promise<string[]> {
  const problems: string[] = [];
  const succeeded = (step: Step) => calls.filter((c) => c.step === step && c.answer === "ok");
  for (const c of calls) if (typeof c.answer !== "string") problems.push(`${c.step} failed: ${c.answer.failure}`);

  const post = await t.db.post.findUniqueOrThrow({
    where: { id: postId },
    include: { publications: true, metrics: true, variants: { orderBy: { generation: "desc" } } },
  });
  if (post.status === "APPROVED") problems.push("the post was left APPROVED");
  if ((post.status === "PUBLISHED") !== (post.publishedAt !== null))
    problems.push(`the post is ${post.status} with publishedAt ${post.publishedAt?.toISOString() ?? "null"}`);
  const approvals = succeeded("approve").length;
  if (post.publications.length !== 2 * approvals)
    problems.push(`${post.publications.length} publications for ${approvals} approvals (one A/B pair each)`);
  const latest = post.variants[0]?.generation;
  if (post.status === "PUBLISHED" && !post.publications.some((p) => p.generation === latest))
    problems.push(`the post is PUBLISHED without a publication of its latest generation ${latest}`);

  const generations = (
    await t.db.$queryRaw<{ generation: number }[]>`
      SELECT (data->>'generation')::int AS generation FROM pgboss.job
      WHERE name = 'post-content' AND data->>'postId' = ${postId} ORDER BY 1`
  ).map((j) => j.generation);
  const rewrites = succeeded("rewrite").length + succeeded("trigger").length;
  const expected = Array.from({ length: 1 + rewrites }, (_, i) => i + 1);
  if (JSON.stringify(generations) !== JSON.stringify(expected))
    problems.push(`content jobs of generations ${generations} for ${rewrites} rewrites (expected ${expected})`);

  for (const m of post.metrics) {
    const recorded = succeeded("metrics").filter((c) => c.label === m.label);
    if (!recorded.some((c) => c.likes === m.likes)) problems.push(`metrics for ${m.label} that no successful call recorded`);
  }
  const selected = succeeded("select").map((c) => c.label);
  if (selected.length ? !selected.includes(post.selectedVariant ?? undefined) : post.selectedVariant !== null)
    problems.push(`variant ${post.selectedVariant} selected; the successful calls selected ${selected}`);

  // Commit order: once a regeneration archived the post, no change to it may commit.
  const log = await t.db.eventLog.findMany({ where: { campaignId }, orderBy: { sequence: "asc" } });
  const archivedAt = log.find((e) => e.type === "StrategyRegenerated")?.sequence ?? Number.POSITIVE_INFINITY;
  const late = log.filter(
    (e) => e.sequence > archivedAt && e.type !== "ContentReady" && (e.payload as { postId?: string }).postId === postId,
  );
  if (late.length) problems.push(`${late.map((e) => e.type)} for the post committed after it was archived`);

  const final: State = {
    status: post.status === "APPROVED" ? "DRAFT" : post.status,
    writing: post.contentStatus === "PENDING" || post.contentStatus === "GENERATING",
    published: post.publications.length > 0,
    fired: post.triggerFiredAt !== null,
    archived: !post.isActive,
  };
  if (!sequentiallyReachable(calls, final))
    problems.push(
      `no order of the calls one at a time gives these answers and ${JSON.stringify(final)}: ${JSON.stringify(
        calls.map((c) => `${c.step}:${typeof c.answer === "string" ? c.answer : "failed"}`),
      )}`,
    );
  return problems;
}

describe("concurrent review calls on one post, on PostgreSQL", () => {
  it(`${CALLS} mixed calls at once, ${RUNS} runs: every call succeeds or is refused with BAD_USER_INPUT, and no run ends in an illegal state`, async () => {
    const illegalRuns: { run: number; problems: string[] }[] = [];
    let refusals = 0;
    for (let run = 0; run < RUNS; run++) {
      const result = await race(run);
      refusals += result.calls.filter((c) => c.answer === "refused").length;
      const problems = await illegal(result);
      if (problems.length) illegalRuns.push({ run, problems });
    }
    console.info(`${CALLS} mixed concurrent calls × ${RUNS} runs: ${illegalRuns.length} illegal (${refusals} refusals in all)`);
    expect(illegalRuns).toEqual([]);
  }, 900_000);
});
