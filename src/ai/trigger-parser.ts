import { type Trigger, validateTrigger } from "../domain/trigger.js";
import type { ChatModel } from "./context.js";
import { parseTriggerPrompt } from "./prompts.js";
import { PARSE_TRIGGER_TOOL, type ParseTriggerOutput, parseTriggerSchema } from "./schemas.js";
import { askWithRepairs } from "./structured-call.js";

export type ParsedTrigger = { understood: true; trigger: Trigger } | { understood: false; reason: string };

const FIELDS = ["metric", "comparison", "value", "durationSeconds", "action"] as const;

/** The trigger in the model's answer, or what is missing from it. */
function triggerIn(answer: ParseTriggerOutput): Trigger | string[] {
  const missing = FIELDS.filter((field) => answer[field] === null || answer[field] === undefined);
  if (missing.length > 0) return [`understood is true but ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} missing`];
  const { metric, comparison, value, durationSeconds, action } = answer as Trigger;
  return { metric, comparison, value, durationSeconds, action: action.trim() };
}

/** Every problem of an answer; one that says "not understood" has none (it is a valid answer). */
function problemsOf(answer: ParseTriggerOutput): string[] {
  if (!answer.understood) return [];
  const trigger = triggerIn(answer);
  if (Array.isArray(trigger)) return trigger;
  const problems = validateTrigger(trigger);
  return problems.length === 0
    ? []
    : [...problems, "if the text itself asks for this, answer understood: false with the reason instead"];
}

/**
 * A plain-language trigger read by the model, checked against every rule in src/domain/trigger.ts,
 * or the model's reason why the text is not a trigger. Throws LlmUnavailableError when the model
 * fails or keeps breaking the rules.
 */
export async function parseTrigger(llm: ChatModel, text: string, signal?: AbortSignal): Promise<ParsedTrigger> {
  const answer = await askWithRepairs<ParseTriggerOutput>(
    llm,
    {
      prompt: parseTriggerPrompt(text),
      schema: parseTriggerSchema,
      tool: PARSE_TRIGGER_TOOL,
      what: "trigger",
      problems: problemsOf,
    },
    signal,
  );
  if (!answer.understood) return { understood: false, reason: answer.reason?.trim() || "it does not read as a trigger" };
  return { understood: true, trigger: triggerIn(answer) as Trigger };
}
