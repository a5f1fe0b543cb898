// A regeneration: the strategy replanned from phase N onwards in a new direction, the posts before N
// kept. The request is checked before any model is asked; each rule names the argument it is about,
// so that the caller can say which one to change.
import { INPUT_LIMITS, isIntegerInRange } from "./limits.js";
import { PLAN_LIMITS } from "./plan.js";

export type RegenerationProblem = { field: "phaseNum" | "newDirection" | "idempotencyKey"; rule: string };

/** The idempotency key's rule (on the key as given: it is not trimmed); null when it holds. */
export function idempotencyKeyProblem(key: string): RegenerationProblem | null {
  return key.length < 1 || key.length > INPUT_LIMITS.maxIdempotencyKey
    ? { field: "idempotencyKey", rule: `must be 1–${INPUT_LIMITS.maxIdempotencyKey} characters` }
    : null;
}

/** The new direction's rule, after trimming; null when it holds. */
export function directionProblem(newDirection: string): RegenerationProblem | null {
  const { length } = newDirection.trim();
  return length < 1 || length > INPUT_LIMITS.maxDirection
    ? { field: "newDirection", rule: `must be 1–${INPUT_LIMITS.maxDirection} characters after trimming (has ${length})` }
    : null;
}

/**
 * The phase to regenerate from: an active phase, or the one after the last (a regeneration may add
 * a phase), within a campaign's phases; null when it holds.
 */
export function phaseNumProblem(phaseNum: number, lastActivePhase: number): RegenerationProblem | null {
  const highest = Math.min(lastActivePhase + 1, PLAN_LIMITS.maxPhases);
  return isIntegerInRange(phaseNum, 1, highest)
    ? null
    : {
        field: "phaseNum",
        rule: `must be between 1 and ${highest} (the last active phase is ${lastActivePhase}; a campaign has at most ${PLAN_LIMITS.maxPhases} phases)`,
      };
}

/** How many phases the new plan has: from the first regenerated one to the last active one (at least one). */
export const regeneratedPhaseCount = (firstPhase: number, lastActivePhase: number) =>
  Math.max(lastActivePhase, firstPhase) - firstPhase + 1;
