import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { BaseMessage } from "@langchain/core/messages";
import { OutputParserException } from "@langchain/core/output_parsers";
import type { Brief } from "../domain/brief.js";
import { type StrategyPlan, validatePlan } from "../domain/plan.js";
import { planStrategyPrompt, repairPrompt } from "./prompts.js";
import { STRATEGY_PLAN_TOOL, strategyPlanSchema } from "./schemas.js";

/** The model failed, or kept answering with unusable plans; `attempts` says what went wrong. */
export class LlmUnavailableError extends Error {
  constructor(
    message: string,
    readonly attempts: string[][],
  ) {
    super(message);
  }
}

export const MAX_REPAIRS = 2;

/**
 * Asks the model for a strategy plan and checks it against every rule in src/domain/plan.ts. An
 * unusable answer goes back to the model with its problems, at most MAX_REPAIRS times; a failing
 * model (timeout, HTTP errors after the client's own retries) ends it at once.
 */
export async function planStrategy(model: BaseChatModel, brief: Brief, signal?: AbortSignal): Promise<StrategyPlan> {
  const structured = model.withStructuredOutput(strategyPlanSchema, { name: STRATEGY_PLAN_TOOL, method: "functionCalling" });
  const messages: BaseMessage[] = planStrategyPrompt(brief);
  const attempts: string[][] = [];
  for (let attempt = 0; attempt <= MAX_REPAIRS; attempt++) {
    let answer: unknown;
    let problems: string[];
    try {
      const plan = await structured.invoke(messages, { signal });
      answer = plan;
      problems = validatePlan(plan, { phaseCount: brief.phaseCount });
      if (problems.length === 0) return plan;
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
    messages.push(repairPrompt(problems, answer));
  }
  throw new LlmUnavailableError(`The language model gave no usable plan in ${MAX_REPAIRS + 1} attempts.`, attempts);
}
