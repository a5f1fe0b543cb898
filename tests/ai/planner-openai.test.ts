import { describe, expect, it } from "vitest";
import { LlmUnavailableError } from "../../src/ai/errors.js";
import { writeOfflinePlan } from "../../src/ai/offline/plan-writer.js";
import { planStrategy } from "../../src/ai/planner.js";
import { JANUS_BRIEF } from "../helpers/campaigns.js";
import { fakeChatModel, firstUserText, useFakeOpenAI } from "../helpers/fake-openai.js";
import { rejectionOf } from "../helpers/rejection.js";

// The real @langchain/openai client against a scripted OpenAI-compatible server on 127.0.0.1.
const fake = useFakeOpenAI();
const model = (options: { timeoutMs?: number; maxRetries?: number } = {}) => fakeChatModel(fake, options);
const failure = (promise: Promise<unknown>) => rejectionOf(promise, "the planner succeeded");

const brief = { ...JANUS_BRIEF, phaseCount: 3 };
const goodPlan = writeOfflinePlan(brief);
const onePostPhase = {
  phases: [{ ...goodPlan.phases[0], posts: goodPlan.phases[0]?.posts.slice(0, 1) }, ...goodPlan.phases.slice(1)],
};

/** The parts of the plan tool's JSON Schema the model is told about types. */
type StrictPlanSchema = {
  properties: {
    phases: {
      items: {
        properties: {
          number: { type: string };
          name: { type: string };
          posts: { items: { properties: { platform: { type: string; enum: string[] } } } };
        };
      };
    };
  };
};

describe("planStrategy with ChatOpenAI", () => {
  it("sends the brief as data with the plan tool forced, and returns the model's plan", async () => {
    fake.script({ tool: goodPlan });
    expect(await planStrategy(model(), brief)).toEqual(goodPlan);
    expect(fake.requests[0]?.model).toBe("fake-gpt");
    const user = firstUserText(fake, "strategy_plan");
    expect(user).toContain(brief.productDescription);
    expect(user).toContain(brief.gtmGoals);
    expect(user).toMatch(/```json/);
  });

  it("reads a loosely written plan as meant, with no repair, while the tool it sent says integer and enum", async () => {
    const loose = {
      phases: goodPlan.phases.map((phase, i) => ({
        ...phase,
        number: String(phase.number),
        name: [`${phase.name} (Existing)`, `[New] ${phase.name}`, `Phase ${phase.number}: ${phase.name} – updated`][i % 3],
        posts: phase.posts.map((post) => ({
          ...post,
          key: ` ${post.key}`,
          platform: post.platform === "X" ? "Twitter" : post.platform.toLowerCase(),
        })),
      })),
    };
    fake.script({ tool: loose });
    expect(await planStrategy(model(), brief)).toEqual(goodPlan);
    expect(fake.requests).toHaveLength(1);
    const sent = fake.requests[0]?.tools?.[0]?.function as unknown as { parameters: StrictPlanSchema };
    const phase = sent.parameters.properties.phases.items.properties;
    expect(phase.number.type).toBe("integer");
    expect(phase.name.type).toBe("string");
    expect(phase.posts.items.properties.platform).toMatchObject({
      type: "string",
      enum: ["X", "LINKEDIN", "INSTAGRAM", "PRODUCT_HUNT", "BLOG", "HACKER_NEWS", "REDDIT", "NEWSLETTER"],
    });
  });

  it("repairs a malformed answer with one more request that says what was wrong", async () => {
    fake.script({ tool: '{"phases": [ {"number": 1, ' }, { tool: goodPlan });
    expect(await planStrategy(model(), brief)).toEqual(goodPlan);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]?.messages.at(-1)?.content).toMatch(/could not be used/);
  });

  it("repairs a plan that breaks a rule, quoting the broken rule back to the model", async () => {
    fake.script({ tool: onePostPhase }, { tool: goodPlan });
    expect(await planStrategy(model(), brief)).toEqual(goodPlan);
    expect(fake.requests[1]?.messages.at(-1)?.content).toContain("phase 1 must have 2–5 posts (has 1)");
  });

  it("gives up with LlmUnavailableError after two repairs of persistent garbage", async () => {
    fake.script({ tool: "garbage" }, { tool: { phases: "no" } }, { tool: onePostPhase }, { tool: goodPlan });
    const error = await failure(planStrategy(model(), brief));
    expect(error).toBeInstanceOf(LlmUnavailableError);
    expect((error as LlmUnavailableError).attempts).toHaveLength(3);
    expect(fake.requests).toHaveLength(3);
  });

  it("fails within the configured timeout when the server is slower", async () => {
    fake.script({ delayMs: 5_000, reply: { tool: goodPlan } });
    const started = performance.now();
    const error = await failure(planStrategy(model({ timeoutMs: 2_000 }), brief));
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(LlmUnavailableError);
    expect(elapsed).toBeGreaterThanOrEqual(1_950);
    expect(elapsed).toBeLessThan(2_200); // the timeout + 10 %
  });

  it("retries a 500 and succeeds when retries are configured", async () => {
    fake.script({ status: 500 }, { tool: goodPlan });
    expect(await planStrategy(model({ maxRetries: 1 }), brief)).toEqual(goodPlan);
    expect(fake.requests).toHaveLength(2);
  });

  it("gives up on a 500 when no retry is configured", async () => {
    fake.script({ status: 500 }, { tool: goodPlan });
    expect(await failure(planStrategy(model({ maxRetries: 0 }), brief))).toBeInstanceOf(LlmUnavailableError);
    expect(fake.requests).toHaveLength(1);
  });

  it("waits out a 429 that says when to retry", async () => {
    fake.script({ status: 429, headers: { "retry-after": "0" } }, { tool: goodPlan });
    expect(await planStrategy(model({ maxRetries: 1 }), brief)).toEqual(goodPlan);
    expect(fake.requests).toHaveLength(2);
  });

  it("reports a quota 429 as unavailable without hammering the server", async () => {
    fake.script({ status: 429, body: { error: { message: "quota", type: "insufficient_quota", code: "insufficient_quota" } } });
    expect(await failure(planStrategy(model({ maxRetries: 3 }), brief))).toBeInstanceOf(LlmUnavailableError);
    expect(fake.requests).toHaveLength(1);
  });
});
