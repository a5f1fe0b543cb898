import { describe, expect, it } from "vitest";
import { type ContentContext, writeContent } from "../../src/ai/content-writer.js";
import { LlmUnavailableError } from "../../src/ai/errors.js";
import { writeOfflineCopy } from "../../src/ai/offline/copy-writer.js";
import { MAX_REPAIRS } from "../../src/ai/structured-call.js";
import { JANUS_BRIEF } from "../helpers/campaigns.js";
import { fakeChatModel, firstUserText, useFakeOpenAI } from "../helpers/fake-openai.js";
import { rejectionOf } from "../helpers/rejection.js";

// The real @langchain/openai client against a scripted OpenAI-compatible server on 127.0.0.1.
const fake = useFakeOpenAI();
const model = () => fakeChatModel(fake);
const failure = (promise: Promise<unknown>) => rejectionOf(promise, "the writer succeeded");

const context: ContentContext = {
  brief: JANUS_BRIEF,
  post: {
    title: "Janus is live: launch thread",
    description: "Launch thread on X with a 30-second demo of Janus and a clear call to action.",
    platform: "X",
    phase: 2,
    phaseName: "Launch",
  },
  previous: [{ title: "The problem Janus solves, in one thread", platform: "X" }],
  next: [],
};
/** A model's answer in the tool's shape (text, hook, caption per variant): offline copy without its A/B dimension. */
const offline = writeOfflineCopy(context);
const plainVariant = ({ text, hook, mediaCaption }: typeof offline.A) => ({ text, hook, mediaCaption });
const good = { A: plainVariant(offline.A), B: plainVariant(offline.B) };
const tooLong = { ...good, A: { ...good.A, text: "x".repeat(300) } };

describe("writeContent with ChatOpenAI", () => {
  it("forces the content tool, sends the post as data with its limit, and returns both variants", async () => {
    fake.script({ tool: good });
    expect(await writeContent(model(), context)).toEqual(good);
    const user = firstUserText(fake, "write_post_content");
    expect(user).toContain(context.post.title);
    expect(user).toContain("at most 280 characters");
    expect(user).toMatch(/```json/);
  });

  it("repairs a text over the platform's limit, telling the model by how much", async () => {
    fake.script({ tool: tooLong }, { tool: good });
    expect(await writeContent(model(), context)).toEqual(good);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]?.messages.at(-1)?.content).toContain(
      "variant A's text has 300 characters as X counts them; X allows at most 280",
    );
  });

  it("repairs an answer that does not match the tool's schema", async () => {
    fake.script({ tool: { A: good.A } }, { tool: good });
    expect(await writeContent(model(), context)).toEqual(good);
    expect(fake.requests[1]?.messages.at(-1)?.content).toMatch(/does not match the tool's schema/);
  });

  it(`gives up with LlmUnavailableError after ${MAX_REPAIRS} repairs of persistently bad copy`, async () => {
    fake.script(...Array.from({ length: MAX_REPAIRS + 1 }, () => ({ tool: tooLong })), { tool: good });
    const error = await failure(writeContent(model(), context));
    expect(error).toBeInstanceOf(LlmUnavailableError);
    expect(error).toMatchObject({ reason: "INVALID_OUTPUT" });
    expect((error as LlmUnavailableError).message).toMatch(
      `The language model gave no usable post copy in ${MAX_REPAIRS + 1} attempts.`,
    );
    expect((error as LlmUnavailableError).attempts).toHaveLength(MAX_REPAIRS + 1);
    expect(fake.requests).toHaveLength(MAX_REPAIRS + 1);
  });

  it("reports a server error as LlmUnavailableError without asking again", async () => {
    fake.script({ status: 500 }, { tool: good });
    expect(await failure(writeContent(model(), context))).toBeInstanceOf(LlmUnavailableError);
    expect(fake.requests).toHaveLength(1);
  });
});
