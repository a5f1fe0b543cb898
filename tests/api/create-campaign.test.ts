import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { writeOfflinePlan } from "../../src/ai/offline/plan-writer.js";
import { graphql } from "../generated/gql.js";
import { codeOf, createTestApi } from "../helpers/api.js";
import { JANUS_BRIEF } from "../helpers/campaigns.js";
import { useTestDatabase } from "../helpers/database.js";
import { type FakeModelOptions, type FakeReply, fakeChatModel, useFakeOpenAI } from "../helpers/fake-openai.js";
import { rowCounts } from "../helpers/row-counts.js";

const CreateCampaign = graphql(`
  mutation CreateCampaign($input: CreateCampaignInput!) {
    createCampaign(input: $input) {
      campaign {
        id name productDescription gtmGoals status currentVersion plannerModel
        versions { number kind createdPostCount }
        strategy {
          phases { number name posts { title description platform next { id } } }
          links { from { id } to { id } }
          mermaid
        }
      }
    }
  }
`);

const t = useTestDatabase();
const fake = useFakeOpenAI();

describe("createCampaign with the offline planner", () => {
  it("plans three phases whose posts name the product and aim at the goals, as version 1", async () => {
    const api = createTestApi(t);
    const { createCampaign } = await api.data(CreateCampaign, { input: JANUS_BRIEF });
    const c = createCampaign.campaign;
    expect(c).toMatchObject({ ...JANUS_BRIEF, currentVersion: 1, plannerModel: "offline" });
    expect(c.versions).toEqual([
      { number: 1, kind: "INITIAL", createdPostCount: c.strategy.phases.flatMap((p) => p.posts).length },
    ]);
    expect(c.strategy.phases.map((p) => p.name)).toEqual([
      "Private beta with design partners (week 1)",
      "Show HN and the public launch (week 2)",
      "Tutorials that turn sign-ups into users (weeks 3–4)",
    ]);
    const posts = c.strategy.phases.flatMap((p) => p.posts);
    for (const phase of c.strategy.phases) expect(phase.posts.length).toBeGreaterThanOrEqual(2);
    expect(posts.every((p) => `${p.title} ${p.description}`.includes("Janus"))).toBe(true);
    // Each note aims at the goals' number and time frame without quoting the goals.
    expect(posts.every((p) => !p.description.includes(JANUS_BRIEF.gtmGoals) && / of 100 by its end/.test(p.description))).toBe(
      true,
    );
    expect(posts.every((p) => / of 4 weeks: /.test(p.description))).toBe(true);
    expect(c.strategy.links.length).toBeGreaterThanOrEqual(posts.length - (c.strategy.phases[0]?.posts.length ?? 0));
    expect(c.strategy.mermaid).toMatch(
      /^graph TB\n {2}subgraph phase_1\["Phase 1: Private beta with design partners #40;week 1#41;"\]/,
    );
  });

  it("plans the number of phases asked for", async () => {
    const api = createTestApi(t);
    const { createCampaign } = await api.data(CreateCampaign, { input: { ...JANUS_BRIEF, phaseCount: 5 } });
    expect(createCampaign.campaign.strategy.phases.map((p) => p.number)).toEqual([1, 2, 3, 4, 5]);
  });

  it.each([
    [{ name: "  " }, "input.name"],
    [{ name: "n".repeat(121) }, "input.name"],
    [{ productDescription: "" }, "input.productDescription"],
    [{ productDescription: "d".repeat(4001) }, "input.productDescription"],
    [{ gtmGoals: "g".repeat(2001) }, "input.gtmGoals"],
    [{ phaseCount: 0 }, "input.phaseCount"],
    [{ phaseCount: 7 }, "input.phaseCount"],
  ])("rejects %o with BAD_USER_INPUT naming %s, writing nothing", async (change, field) => {
    const api = createTestApi(t);
    const before = await rowCounts(t.db);
    const r = await api.request(CreateCampaign, { input: { ...JANUS_BRIEF, ...change } });
    expect(codeOf(r)).toBe("BAD_USER_INPUT");
    expect(r.errors?.[0]?.message.startsWith(`${field}:`)).toBe(true);
    expect(await rowCounts(t.db)).toEqual(before);
  });
});

describe("createCampaign through @langchain/openai", () => {
  const apiOnFake = (maxRetries = 0) => createTestApi(t, fakeChatModel(fake, { maxRetries }));

  it("stores the model's plan, and the request reached the model with the brief inside", async () => {
    const plan = writeOfflinePlan({ ...JANUS_BRIEF, phaseCount: 3 });
    fake.script({ tool: plan });
    const { createCampaign } = await apiOnFake().data(CreateCampaign, { input: JANUS_BRIEF });
    expect(createCampaign.campaign.plannerModel).toBe("fake-gpt");
    expect(createCampaign.campaign.strategy.phases.flatMap((p) => p.posts.map((post) => post.title))).toEqual(
      plan.phases.flatMap((p) => p.posts.map((post) => post.title)),
    );
    expect(fake.requests).toHaveLength(1);
    expect(JSON.stringify(fake.requests[0]?.messages)).toContain("AI-powered GTM OS for technical founders");
  });

  it("answers LLM_UNAVAILABLE and writes nothing when the model keeps returning garbage", async () => {
    fake.script({ tool: "nonsense" }, { tool: "{}" }, { tool: "[1,2" });
    const before = await rowCounts(t.db);
    const r = await apiOnFake().request(CreateCampaign, { input: JANUS_BRIEF });
    expect(codeOf(r)).toBe("LLM_UNAVAILABLE");
    expect(r.errors?.[0]?.extensions?.requestId).toBeTruthy();
    expect(r.data).toBeNull();
    expect(await rowCounts(t.db)).toEqual(before);
  });

  it("answers LLM_UNAVAILABLE and writes nothing when the model server fails", async () => {
    fake.script({ status: 500 }, { status: 503 });
    const before = await rowCounts(t.db);
    const r = await apiOnFake(1).request(CreateCampaign, { input: JANUS_BRIEF });
    expect(codeOf(r)).toBe("LLM_UNAVAILABLE");
    expect(JSON.stringify(r)).not.toMatch(/127\.0\.0\.1|status 50\d|stack/);
    expect(await rowCounts(t.db)).toEqual(before);
  });
});

/** A loopback URL where nothing listens: a port that was free a moment ago. */
async function closedPortURL() {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/v1`;
}

describe("createCampaign when the model fails: the error says why, and nothing is written", () => {
  const QUOTA_BODY = {
    error: { message: "You exceeded your current quota", type: "insufficient_quota", code: "insufficient_quota" },
  };
  const cases: {
    what: string;
    replies: FakeReply[];
    options?: FakeModelOptions;
    closedPort?: boolean;
    reason: string;
    message: RegExp;
  }[] = [
    {
      what: "hangs, past the operation's deadline (shorter than one request's timeout)",
      replies: [{ delayMs: 120_000, reply: { status: 500 } }],
      options: { deadlineMs: 1_500, timeoutMs: 60_000, maxRetries: 2 },
      reason: "TIMEOUT",
      message: /did not finish within 1\.5 s \(LLM_DEADLINE_MS\)/,
    },
    {
      what: "keeps failing, retried until the deadline ends the retries",
      replies: Array.from({ length: 6 }, () => ({ status: 503 })),
      options: { deadlineMs: 1_500, maxRetries: 5 },
      reason: "TIMEOUT",
      message: /LLM_DEADLINE_MS/,
    },
    {
      what: "refuses the connection",
      replies: [],
      closedPort: true,
      reason: "UNREACHABLE",
      message: /refused the connection\. Check OPENAI_BASE_URL/,
    },
    {
      what: "refuses the API key (401)",
      replies: [
        {
          status: 401,
          body: {
            error: { message: "Incorrect API key provided: sk-secret", type: "invalid_request_error", code: "invalid_api_key" },
          },
        },
      ],
      reason: "UNAUTHORIZED",
      message: /refused the API key \(HTTP 401, invalid_api_key\)\. Check OPENAI_API_KEY/,
    },
    {
      what: "has no quota left (429 insufficient_quota)",
      replies: [{ status: 429, body: QUOTA_BODY }],
      options: { maxRetries: 2 },
      reason: "QUOTA",
      message: /no quota left \(HTTP 429, insufficient_quota\)\. Check its plan and billing/,
    },
    {
      what: "keeps answering garbage",
      replies: [{ tool: "nonsense" }, { tool: "{}" }, { tool: '{"phases": 1}' }],
      reason: "INVALID_OUTPUT",
      message: /gave no usable plan in 3 attempts/,
    },
  ];

  it.each(cases)(
    "model $what: LLM_UNAVAILABLE with reason $reason",
    async ({ replies, options, closedPort, reason, message }) => {
      fake.script(...replies);
      const llm = fakeChatModel(closedPort ? { baseURL: await closedPortURL() } : fake, options);
      const before = await rowCounts(t.db);
      const r = await createTestApi(t, llm).request(CreateCampaign, { input: JANUS_BRIEF });
      expect(r.data).toBeNull();
      expect(r.errors?.[0]?.extensions).toMatchObject({ code: "LLM_UNAVAILABLE", reason });
      expect(r.errors?.[0]?.message).toMatch(message);
      expect(r.errors?.[0]?.message).toMatch(/Nothing was changed\.$/);
      expect(JSON.stringify(r)).not.toMatch(/127\.0\.0\.1|sk-secret|exceeded your current quota|stack|\/work\//);
      expect(await rowCounts(t.db)).toEqual(before);
      // Not asked again once the answer cannot get better: a refused key or quota, an expired deadline.
      if (reason === "UNAUTHORIZED" || reason === "QUOTA") expect(fake.requests).toHaveLength(1);
      if (reason === "TIMEOUT") expect(fake.requests.length).toBeLessThan(replies.length + 1);
    },
  );
});
