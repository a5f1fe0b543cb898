import type { BaseMessage } from "@langchain/core/messages";
import { OutputParserException } from "@langchain/core/output_parsers";
import type { ChatModel } from "./context.js";
import { describeFailure, LlmUnavailableError } from "./errors.js";
import { repairPrompt } from "./prompts.js";
import type { ToolSchema } from "./schemas.js";

export const MAX_REPAIRS = 2;

export interface StructuredRequest<T> {
  prompt: BaseMessage[];
  schema: ToolSchema<T>;
  /** The tool the model must call; its arguments are the answer. */
  tool: string;
  /** What is asked for, as the messages name it: "plan", "post copy". */
  what: string;
  /** Every rule an answer breaks (the domain's validation); empty when it is usable. */
  problems: (answer: T) => string[];
}

/**
 * Asks the model for a tool call and checks the answer. An unusable answer goes back to the model
 * with its problems, at most MAX_REPAIRS times; a failing model (timeout, HTTP errors after the
 * client's own retries) ends it at once. The whole of it — every request, retry and repair turn —
 * has the model's one deadline: a request still running when it passes is aborted. Failures are
 * LlmUnavailableError with the reason; `signal` aborting (a shutdown) rejects with its reason.
 */
export async function askWithRepairs<T>(llm: ChatModel, request: StructuredRequest<T>, signal?: AbortSignal): Promise<T> {
  const structured = llm.model.withStructuredOutput<T & Record<string, unknown>>(
    request.schema as ToolSchema<T & Record<string, unknown>>,
    { name: request.tool, method: "functionCalling" },
  );
  const deadline = llm.deadlineMs === undefined ? undefined : { signal: AbortSignal.timeout(llm.deadlineMs), ms: llm.deadlineMs };
  const stop = AbortSignal.any([signal, deadline?.signal].filter((s) => s !== undefined));
  const messages = [...request.prompt];
  const attempts: string[][] = [];
  for (let attempt = 0; attempt <= MAX_REPAIRS; attempt++) {
    let answer: unknown;
    let problems: string[];
    try {
      const parsed = await structured.invoke(messages, { signal: stop });
      answer = parsed;
      problems = request.problems(parsed);
      if (problems.length === 0) return parsed;
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (!(error instanceof OutputParserException)) {
        const { reason, message } = describeFailure(error, deadline);
        throw new LlmUnavailableError(reason, message, attempts, { cause: error });
      }
      answer = error.llmOutput ?? null;
      problems = [`the answer does not match the tool's schema: ${error.message.slice(0, 2000)}`];
    }
    attempts.push(problems);
    messages.push(repairPrompt(problems, answer, request.what));
  }
  throw new LlmUnavailableError(
    "INVALID_OUTPUT",
    `The language model gave no usable ${request.what} in ${MAX_REPAIRS + 1} attempts. Try again, or use a model that follows tool schemas better (LLM_MODEL).`,
    attempts,
  );
}
