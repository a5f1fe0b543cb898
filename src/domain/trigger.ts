// A trigger: a rule on a published post's metrics, written in plain language and read by the
// model into these fields. As with plans and copy, the model is never trusted: every field is
// checked here, and the messages go back to it verbatim when it has to repair its answer.
import { INPUT_LIMITS, lengthProblem } from "./limits.js";
import { counterOf, METRICS, type Metric, type MetricCounts } from "./metrics.js";

/** The counter a trigger watches. */
export type TriggerMetric = Metric;

export const COMPARISONS = ["LESS_THAN", "EQUAL", "GREATER_THAN"] as const;
export type TriggerComparison = (typeof COMPARISONS)[number];

export const TRIGGER_LIMITS = {
  /** The trigger as a person writes it, and the action it names. */
  maxText: 500,
  maxAction: 500,
  /** The same bound as recorded metrics. */
  maxValue: INPUT_LIMITS.maxCounter,
  minDurationSeconds: 1,
  maxDurationSeconds: 30 * 24 * 60 * 60,
} as const;

/** The action when the text names none. */
export const DEFAULT_TRIGGER_ACTION = "Rewrite the copy to perform better";

export interface Trigger {
  metric: TriggerMetric;
  comparison: TriggerComparison;
  /** The count the metric is compared with. */
  value: number;
  /** Seconds after publication at which the condition is evaluated. */
  durationSeconds: number;
  /** What to do when it fires, in the user's words: the guidance for new copy. */
  action: string;
}

/** A post's trigger as its columns store it: all null when it has none. */
export interface TriggerColumns {
  triggerMetric: TriggerMetric | null;
  triggerComparison: TriggerComparison | null;
  triggerValue: number | null;
  triggerDurationSeconds: number | null;
  triggerAction: string | null;
}

/** The trigger stored in a post's columns, or null if it has none: the one reading of them. */
export function storedTrigger(post: TriggerColumns): Trigger | null {
  const { triggerMetric, triggerComparison, triggerValue, triggerDurationSeconds, triggerAction } = post;
  if (!triggerMetric || !triggerComparison || triggerValue === null || triggerDurationSeconds === null) return null;
  return {
    metric: triggerMetric,
    comparison: triggerComparison,
    value: triggerValue,
    durationSeconds: triggerDurationSeconds,
    action: triggerAction ?? "",
  };
}

/** The columns that store a trigger (all null for none): the one writing of them, the inverse of storedTrigger. */
export function triggerColumns(trigger: Trigger | null): TriggerColumns {
  return {
    triggerMetric: trigger?.metric ?? null,
    triggerComparison: trigger?.comparison ?? null,
    triggerValue: trigger?.value ?? null,
    triggerDurationSeconds: trigger?.durationSeconds ?? null,
    triggerAction: trigger?.action ?? null,
  };
}

/** Every rule the trigger breaks, as sentences; empty when it is usable. */
export function validateTrigger(trigger: Trigger): string[] {
  const problems: string[] = [];
  const { metric, comparison, value, durationSeconds, action } = trigger;
  if (!METRICS.includes(metric)) problems.push(`metric must be one of ${METRICS.join(", ")} (got ${JSON.stringify(metric)})`);
  if (!COMPARISONS.includes(comparison))
    problems.push(`comparison must be one of ${COMPARISONS.join(", ")} (got ${JSON.stringify(comparison)})`);
  if (!Number.isInteger(value) || value < 0 || value > TRIGGER_LIMITS.maxValue)
    problems.push(`value must be a whole number from 0 to ${TRIGGER_LIMITS.maxValue} (got ${value})`);
  else if (comparison === "LESS_THAN" && value === 0)
    problems.push("a count can never be less than 0: the trigger would never fire");
  const { minDurationSeconds: min, maxDurationSeconds: max } = TRIGGER_LIMITS;
  if (!Number.isInteger(durationSeconds) || durationSeconds < min || durationSeconds > max)
    problems.push(`durationSeconds must be a whole number from ${min} to ${max} (30 days) (got ${durationSeconds})`);
  const actionProblem = lengthProblem("action", action, TRIGGER_LIMITS.maxAction);
  if (actionProblem) problems.push(actionProblem);
  return problems;
}

/** Whether a count meets the trigger's comparison. */
export function compares(trigger: Pick<Trigger, "comparison" | "value">, count: number): boolean {
  if (trigger.comparison === "LESS_THAN") return count < trigger.value;
  if (trigger.comparison === "GREATER_THAN") return count > trigger.value;
  return count === trigger.value;
}

/**
 * Whether the trigger fires: either variant meets the condition. Pass one entry per variant of
 * the post; `undefined` for a variant with no metrics yet, which counts as all zeros (a post
 * nobody reacted to has 0 likes, and "fewer than 5 likes" is exactly about it).
 */
export function conditionMet(
  trigger: Pick<Trigger, "metric" | "comparison" | "value">,
  variants: readonly (MetricCounts | undefined)[],
) {
  return variants.some((counts) => compares(trigger, counts?.[counterOf(trigger.metric)] ?? 0));
}

/** When the trigger of a post published at `publishedAt` is due. */
export const triggerDueAt = (publishedAt: Date, durationSeconds: number) =>
  new Date(publishedAt.getTime() + durationSeconds * 1000);

/** Whether two triggers are the same rule: same condition, same time after publication, same action. */
export const sameTrigger = (a: Trigger, b: Trigger) =>
  a.metric === b.metric &&
  a.comparison === b.comparison &&
  a.value === b.value &&
  a.durationSeconds === b.durationSeconds &&
  a.action === b.action;
