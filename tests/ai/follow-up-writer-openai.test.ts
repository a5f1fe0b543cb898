import { describe, expect, it } from "vitest";
import { LlmUnavailableError } from "../../src/ai/errors.js";
import { type FollowUpContext, proposeFollowUp } from "../../src/ai/follow-up-writer.js";
import { writeOfflineFollowUp } from "../../src/ai/offline/follow-up-writer.js";
import { MAX_REPAIRS } from "../../src/ai/structured-call.js";
import { JANUS_BRIEF } from "../helpers/campaigns.js";
import { fakeChatModel, firstUserText, useFakeOpenAI } from "../helpers/fake-openai.js";
import { rejectionOf } from "../helpers/rejection.js";

// The real @langchain/openai client against a scripted OpenAI-compatible server on 127.0.0.1.
const fake = useFakeOpenAI();
const model = () => fakeChatModel(fake);
const failure = (promise: Promise<unknown>) => rejectionOf(promise, "the proposal succeeded");

const context: FollowUpContext = {
  brief: JANUS_BRIEF,
  fromPosts: [{ title: "Janus is live: launch thread", description: "Launch thread on X with a demo.", platform: "X", phase: 2 }],
  targetPhase: { number: 3, name: null, posts: [] },
  prompt: "a tutorial on wiring Janus into a CRM",
};
const good = writeOfflineFollowUp(context);
const tooLong = { ...good, title: "t".repeat(130) };

describe("proposeFollowUp with ChatOpenAI", () => {
  it("forces the follow-up tool, sends the request as data, and returns the post", async () => {
    fake.script({ tool: good });
    expect(await proposeFollowUp(model(), context)).toEqual(good);
    const user = firstUserText(fake, "propose_follow_up_post");
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
