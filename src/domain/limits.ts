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
