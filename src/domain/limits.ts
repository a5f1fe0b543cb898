// Limits of what a person sends that no other rule module owns (a brief's, a plan's, a follow-up's,
// a trigger's and a copy's limits stand beside their rules), and the shape rules of numeric arguments.

export const INPUT_LIMITS = {
  /** A regeneration's new direction, after trimming. */
  maxDirection: 2000,
  /** A regeneration's idempotency key. */
  maxIdempotencyKey: 200,
  /** A reviewer's feedback on a rejected post, after trimming. */
  maxFeedback: 2000,
  /** Instructions for a new generation of copy, after trimming. */
  maxInstructions: 2000,
  /** Each recorded metric counter (likes, retweets, …), from 0. */
  maxCounter: 1_000_000_000,
} as const;

/** Whether `value` is an integer with min ≤ value ≤ max. */
export const isIntegerInRange = (value: number, min: number, max: number) =>
  Number.isInteger(value) && value >= min && value <= max;

/** The rule for a text: 1 to `max` characters once trimmed. A sentence naming `what`, or null when it holds. */
export const lengthProblem = (what: string, text: string, max: number) => {
  const length = text.trim().length;
  return length < 1 || length > max ? `${what} must be 1–${max} characters (has ${length})` : null;
};

/** The rule for a version argument: an existing version of the campaign. Null when it holds. */
export function checkVersionArgument(value: number, currentVersion: number): string | null {
  return isIntegerInRange(value, 1, currentVersion)
    ? null
    : `must be a version of this campaign, between 1 and ${currentVersion} (got ${value})`;
}
