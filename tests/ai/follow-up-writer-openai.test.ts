import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LlmUnavailableError } from "../../src/ai/errors.js";
import { type FollowUpContext, proposeFollowUp } from "../../src/ai/follow-up-writer.js";
import { writeOfflineFollowUp } from "../../src/ai/offline/follow-up-writer.js";
import { MAX_REPAIRS } from "../../src/ai/structured-call.js";
import { type FakeOpenAI, fakeChatModel, startFakeOpenAI } from "../helpers/fake-openai.js";

// The real @langchain/openai client against a scripted OpenAI-compatible server on 127.0.0.1.
const context: FollowUpContext = {
  brief: {
    name: "Janus launch",
    productDescription: "Janus – AI-powered GTM OS for technical founders",
    gtmGoals: "Launch product and acquire first 100 users in 4 weeks",
  },
  fromPosts: [{ title: "Janus is live: launch thread", description: "Launch thread on X with a demo.", platform: "X", phase: 2 }],
  targetPhase: { number: 3, name: null, posts: [] },
  prompt: "a tutorial on wiring Janus into a CRM",
};
const good = writeOfflineFollowUp(context);
const tooLong = { ...good, title: "t".repeat(130) };

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake?.close());

const model = () => fakeChatModel(fake);

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable("the proposal succeeded"),
    (e: unknown) => e,
  );

describe("proposeFollowUp with ChatOpenAI", () => {
  it("forces the follow-up tool, sends the request as data, and returns the post", async () => {
    fake.script({ tool: good });
    expect(await proposeFollowUp(model(), context)).toEqual(good);
    const [request] = fake.requests;
    expect(request?.tool_choice?.function.name).toBe("propose_follow_up_post");
    const user = request?.messages.find((m) => m.role === "user")?.content ?? "";
    expect(user).toMatch(/```json/);
    expect(user).toContain(context.prompt);
    expect(user).toContain(context.fromPosts[0]?.title);
  });

  it("repairs a title over the limit, telling the model by how much", async () => {
    fake.script({ tool: tooLong }, { tool: good });
    expect(await proposeFollowUp(model(), context)).toEqual(good);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]?.messages.at(-1)?.content).toContain("the title must be 1–120 characters (has 130)");
  });

  it("repairs an answer with an unknown platform", async () => {
    fake.script({ tool: { ...good, platform: "TIKTOK" } }, { tool: good });
    expect(await proposeFollowUp(model(), context)).toEqual(good);
    expect(fake.requests[1]?.messages.at(-1)?.content).toMatch(/does not match the tool's schema/);
  });

  it(`gives up with LlmUnavailableError after ${MAX_REPAIRS} repairs`, async () => {
    fake.script(...Array.from({ length: MAX_REPAIRS + 1 }, () => ({ tool: tooLong })), { tool: good });
    const error = await failure(proposeFollowUp(model(), context));
    expect(error).toBeInstanceOf(LlmUnavailableError);
    expect(error).toMatchObject({ reason: "INVALID_OUTPUT" });
    expect((error as LlmUnavailableError).message).toMatch(
      `The language model gave no usable follow-up post in ${MAX_REPAIRS + 1} attempts.`,
    );
    expect(fake.requests).toHaveLength(MAX_REPAIRS + 1);
  });

  it("reports a server error as LlmUnavailableError without asking again", async () => {
    fake.script({ status: 500 }, { tool: good });
    expect(await failure(proposeFollowUp(model(), context))).toBeInstanceOf(LlmUnavailableError);
    expect(fake.requests).toHaveLength(1);
  });
});
