import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { BaseMessage } from "@langchain/core/messages";
import { OutputParserException } from "@langchain/core/output_parsers";
import type { z } from "zod";
import { LlmUnavailableError } from "./errors.js";
import { repairPrompt } from "./prompts.js";

export const MAX_REPAIRS = 2;

export interface StructuredRequest<T> {
  prompt: BaseMessage[];
  schema: z.ZodType<T>;
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
 * client's own retries) ends it at once.
 */
export async function askWithRepairs<T>(model: BaseChatModel, request: StructuredRequest<T>, signal?: AbortSignal): Promise<T> {
  const structured = model.withStructuredOutput<T & Record<string, unknown>>(request.schema, {
    name: request.tool,
    method: "functionCalling",
  });
  const messages = [...request.prompt];
  const attempts: string[][] = [];
  for (let attempt = 0; attempt <= MAX_REPAIRS; attempt++) {
    let answer: unknown;
    let problems: string[];
    try {
      const parsed = await structured.invoke(messages, { signal });
      answer = parsed;
      problems = request.problems(parsed);
      if (problems.length === 0) return parsed;
    } catch (error) {
      if (!(error instanceof OutputParserException)) {
        throw new LlmUnavailableError(
          `The language model failed: ${error instanceof Error ? error.message : String(error)}`,
          attempts,
        );
      }
      answer = error.llmOutput ?? null;
      problems = [`the answer does not match the tool's schema: ${error.message.slice(0, 2000)}`];
    }
    attempts.push(problems);
    messages.push(repairPrompt(problems, answer, request.what));
  }
  throw new LlmUnavailableError(`The language model gave no usable ${request.what} in ${MAX_REPAIRS + 1} attempts.`, attempts);
}
