import type { Brief } from "../domain/brief.js";
import { newCampaignFrame, type PlanFrame, type StrategyPlan, validatePlan } from "../domain/plan.js";
import type { ChatModel, RegenerationContext } from "./context.js";
import { planStrategyPrompt, regenerateStrategyPrompt } from "./prompts.js";
import { STRATEGY_PLAN_TOOL, STRATEGY_REGENERATION_TOOL, strategyPlanSchema, strategyRegenerationSchema } from "./schemas.js";
import { askWithRepairs } from "./structured-call.js";

/** A new campaign's plan, from its brief; checked against every rule in src/domain/plan.ts. */
export function planStrategy(llm: ChatModel, brief: Brief, signal?: AbortSignal): Promise<StrategyPlan> {
  const frame = newCampaignFrame(brief.phaseCount);
  return askWithRepairs<StrategyPlan>(
    llm,
    {
      prompt: planStrategyPrompt(brief),
      schema: strategyPlanSchema,
      tool: STRATEGY_PLAN_TOOL,
      what: "plan",
      problems: (plan) => validatePlan(plan, frame),
    },
    signal,
  );
}

/** New phases from `context.firstPhase` onwards, linked from the kept posts. */
export function planRegeneration(llm: ChatModel, context: RegenerationContext, signal?: AbortSignal): Promise<StrategyPlan> {
  const frame: PlanFrame = { firstPhase: context.firstPhase, phaseCount: context.phaseCount, kept: context.keptPosts };
  return askWithRepairs<StrategyPlan>(
    llm,
    {
      prompt: regenerateStrategyPrompt(context),
      schema: strategyRegenerationSchema,
      tool: STRATEGY_REGENERATION_TOOL,
      what: "plan",
      problems: (plan) => validatePlan(plan, frame),
    },
    signal,
  );
}
