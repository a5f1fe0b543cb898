import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { BaseMessage } from "@langchain/core/messages";
import { OutputParserException } from "@langchain/core/output_parsers";
import type { z } from "zod";
import type { Brief } from "../domain/brief.js";
import { newCampaignFrame, type PlanFrame, type StrategyPlan, validatePlan } from "../domain/plan.js";
import { planStrategyPrompt, type RegenerationContext, regenerateStrategyPrompt, repairPrompt } from "./prompts.js";
import { STRATEGY_PLAN_TOOL, STRATEGY_REGENERATION_TOOL, strategyPlanSchema, strategyRegenerationSchema } from "./schemas.js";

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

/** A new campaign's plan, from its brief. */
export function planStrategy(model: BaseChatModel, brief: Brief, signal?: AbortSignal): Promise<StrategyPlan> {
  const frame = newCampaignFrame(brief.phaseCount);
  return askForPlan(model, planStrategyPrompt(brief), frame, strategyPlanSchema, STRATEGY_PLAN_TOOL, signal);
}

/** New phases from `context.firstPhase` onwards, linked from the kept posts. */
export function planRegeneration(
  model: BaseChatModel,
  context: RegenerationContext,
  signal?: AbortSignal,
): Promise<StrategyPlan> {
  const frame: PlanFrame = { firstPhase: context.firstPhase, phaseCount: context.phaseCount, kept: context.keptPosts };
  return askForPlan(
    model,
    regenerateStrategyPrompt(context),
    frame,
    strategyRegenerationSchema,
    STRATEGY_REGENERATION_TOOL,
    signal,
  );
}

/**
 * Asks the model for a plan and checks it against every rule in src/domain/plan.ts. An unusable
 * answer goes back to the model with its problems, at most MAX_REPAIRS times; a failing model
 * (timeout, HTTP errors after the client's own retries) ends it at once.
 */
async function askForPlan(
  model: BaseChatModel,
  prompt: BaseMessage[],
  frame: PlanFrame,
  schema: z.ZodType<StrategyPlan>,
  tool: string,
  signal?: AbortSignal,
): Promise<StrategyPlan> {
  const structured = model.withStructuredOutput<StrategyPlan>(schema, { name: tool, method: "functionCalling" });
  const messages = [...prompt];
  const attempts: string[][] = [];
  for (let attempt = 0; attempt <= MAX_REPAIRS; attempt++) {
    let answer: unknown;
    let problems: string[];
    try {
      const plan = await structured.invoke(messages, { signal });
      answer = plan;
      problems = validatePlan(plan, frame);
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
