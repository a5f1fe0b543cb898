import { describe, expect, it } from "vitest";
import { conditionMet, type Trigger, triggerDueAt, validateTrigger } from "../../src/domain/trigger.js";

const trigger: Trigger = {
  metric: "LIKES",
  comparison: "LESS_THAN",
  value: 5,
  durationSeconds: 3600,
  action: "rewrite with a more technical hook",
};
const counts = (likes: number, more: Partial<Record<"retweets" | "impressions" | "comments", number>> = {}) => ({
  likes,
  retweets: 0,
  impressions: 0,
  comments: 0,
  ...more,
});

describe("validateTrigger", () => {
  it("accepts a trigger within every limit", () => {
    expect(validateTrigger(trigger)).toEqual([]);
    expect(validateTrigger({ ...trigger, comparison: "EQUAL", value: 0, durationSeconds: 30 * 86_400 })).toEqual([]);
  });

  it("names every broken rule", () => {
    expect(validateTrigger({ ...trigger, metric: "DISLIKES" as never, value: -1, durationSeconds: 0, action: "  " })).toEqual([
      'metric must be one of LIKES, RETWEETS, IMPRESSIONS, COMMENTS (got "DISLIKES")',
      "value must be a whole number from 0 to 1000000000 (got -1)",
      "durationSeconds must be a whole number from 1 to 2592000 (30 days) (got 0)",
      "action must be 1–500 characters (has 0)",
    ]);
    expect(validateTrigger({ ...trigger, durationSeconds: 30 * 86_400 + 1 })).toHaveLength(1);
    expect(validateTrigger({ ...trigger, value: 2.5 })).toHaveLength(1);
    expect(validateTrigger({ ...trigger, action: "x".repeat(501) })).toEqual(["action must be 1–500 characters (has 501)"]);
  });

  it("refuses a condition that can never hold", () => {
    expect(validateTrigger({ ...trigger, value: 0 })).toEqual(["a count can never be less than 0: the trigger would never fire"]);
  });
});

describe("conditionMet", () => {
  it("fires when either variant meets the condition", () => {
    expect(conditionMet(trigger, [counts(10), counts(3)])).toBe(true);
    expect(conditionMet(trigger, [counts(10), counts(5)])).toBe(false);
  });

  it("counts a variant with no metrics as all zeros", () => {
    expect(conditionMet(trigger, [counts(10), undefined])).toBe(true);
    expect(conditionMet({ ...trigger, comparison: "GREATER_THAN", value: 0 }, [undefined, undefined])).toBe(false);
    expect(conditionMet({ ...trigger, comparison: "EQUAL", value: 0 }, [counts(1), undefined])).toBe(true);
  });

  it("compares the metric the trigger names, strictly", () => {
    const over = { ...trigger, metric: "RETWEETS" as const, comparison: "GREATER_THAN" as const, value: 50 };
    expect(conditionMet(over, [counts(100, { retweets: 50 }), counts(0, { retweets: 49 })])).toBe(false);
    expect(conditionMet(over, [counts(0, { retweets: 51 }), counts(0)])).toBe(true);
    const exactly = { ...trigger, metric: "COMMENTS" as const, comparison: "EQUAL" as const, value: 2 };
    expect(conditionMet(exactly, [counts(0, { comments: 2 }), counts(0, { comments: 3 })])).toBe(true);
    const impressions = { ...trigger, metric: "IMPRESSIONS" as const, value: 100 };
    expect(conditionMet(impressions, [counts(0, { impressions: 100 }), counts(0, { impressions: 99 })])).toBe(true);
  });
});

describe("triggerDueAt", () => {
  it("is the publication time plus the duration", () => {
    expect(triggerDueAt(new Date("2026-11-30T10:00:00Z"), 5400)).toEqual(new Date("2026-11-30T11:30:00Z"));
  });
});
