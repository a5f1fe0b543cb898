import { describe, expect, it } from "vitest";
import { LlmUnavailableError } from "../../src/ai/errors.js";
import { PARSE_TRIGGER_TOOL } from "../../src/ai/schemas.js";
import { MAX_REPAIRS } from "../../src/ai/structured-call.js";
import { parseTrigger } from "../../src/ai/trigger-parser.js";
import { fakeChatModel, firstUserText, useFakeOpenAI } from "../helpers/fake-openai.js";
import { rejectionOf } from "../helpers/rejection.js";

// The real @langchain/openai client against a scripted OpenAI-compatible server on 127.0.0.1.
const fake = useFakeOpenAI();
const model = () => fakeChatModel(fake);
const failure = (promise: Promise<unknown>) => rejectionOf(promise, "the parser succeeded");

const text = "fewer than 5 likes within 1 hour, rewrite with a more technical hook";
const trigger = {
  metric: "LIKES",
  comparison: "LESS_THAN",
  value: 5,
  durationSeconds: 3600,
  action: "rewrite with a more technical hook",
} as const;

describe("parseTrigger with ChatOpenAI", () => {
  it("forces the trigger tool, sends the text as data, and returns the trigger", async () => {
    fake.script({ tool: { understood: true, ...trigger } });
    expect(await parseTrigger(model(), text)).toEqual({ understood: true, trigger });
    const user = firstUserText(fake, PARSE_TRIGGER_TOOL);
    expect(user).toMatch(/```json\n[\s\S]*"text": "fewer than 5 likes within 1 hour, rewrite with a more technical hook"/);
  });

  it("accepts null for the fields an answer leaves out", async () => {
    fake.script({ tool: { understood: false, reason: "it is a wish, not a rule", metric: null, value: null } });
    expect(await parseTrigger(model(), "make it go viral")).toEqual({ understood: false, reason: "it is a wish, not a rule" });
  });

  it("returns the model's reason when the text is not a trigger", async () => {
    fake.script({ tool: { understood: false, reason: "there is no metric in it" } });
    expect(await parseTrigger(model(), "make it go viral")).toEqual({ understood: false, reason: "there is no metric in it" });
    expect(fake.requests).toHaveLength(1);
  });

  it("asks again when an understood answer leaves a field out", async () => {
    fake.script({ tool: { understood: true, ...trigger, durationSeconds: null } }, { tool: { understood: true, ...trigger } });
    expect(await parseTrigger(model(), text)).toEqual({ understood: true, trigger });
    expect(fake.requests[1]?.messages.at(-1)?.content).toContain("understood is true but durationSeconds is missing");
  });

  it("asks again when the trigger breaks a rule, and accepts a reason instead", async () => {
    fake.script(
      { tool: { understood: true, ...trigger, durationSeconds: 40 * 86_400 } },
      { tool: { understood: false, reason: "the time is over 30 days" } },
    );
    expect(await parseTrigger(model(), "fewer than 5 likes within 40 days")).toEqual({
      understood: false,
      reason: "the time is over 30 days",
    });
    const repair = fake.requests[1]?.messages.at(-1)?.content ?? "";
    expect(repair).toContain("durationSeconds must be a whole number from 1 to 2592000 (30 days) (got 3456000)");
    expect(repair).toContain("answer understood: false with the reason");
  });

  it("repairs an answer that does not match the tool's schema", async () => {
    fake.script({ tool: { understood: true, ...trigger, metric: "DISLIKES" } }, { tool: { understood: true, ...trigger } });
    expect(await parseTrigger(model(), text)).toEqual({ understood: true, trigger });
    expect(fake.requests[1]?.messages.at(-1)?.content).toMatch(/does not match the tool's schema/);
  });

  it(`gives up with LlmUnavailableError after ${MAX_REPAIRS} repairs`, async () => {
    fake.script(...Array.from({ length: MAX_REPAIRS + 1 }, () => ({ tool: { understood: true } })));
    const error = await failure(parseTrigger(model(), text));
    expect(error).toBeInstanceOf(LlmUnavailableError);
    expect(error).toMatchObject({ reason: "INVALID_OUTPUT" });
    expect((error as LlmUnavailableError).message).toMatch(
      `The language model gave no usable trigger in ${MAX_REPAIRS + 1} attempts.`,
    );
  });

  it("reports a server error as LlmUnavailableError without asking again", async () => {
    fake.script({ status: 500 }, { tool: { understood: true, ...trigger } });
    expect(await failure(parseTrigger(model(), text))).toBeInstanceOf(LlmUnavailableError);
    expect(fake.requests).toHaveLength(1);
  });
});
