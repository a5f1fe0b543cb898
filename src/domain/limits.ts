/** Whether `value` is an integer with min ≤ value ≤ max. */
export const isIntegerInRange = (value: number, min: number, max: number) =>
  Number.isInteger(value) && value >= min && value <= max;

/** The rule for a version argument: an existing version of the campaign. Null when it holds. */
export function checkVersionArgument(value: number, currentVersion: number): string | null {
  return isIntegerInRange(value, 1, currentVersion)
    ? null
    : `must be a version of this campaign, between 1 and ${currentVersion} (got ${value})`;
}
