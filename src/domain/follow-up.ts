// A follow-up post: one new post that a person asks for after some posts of the current strategy,
// placed in the phase after the latest of them and linked from each. The request is checked before
// any model is asked; the model's proposal is checked again here, whatever it claims, and the
// messages go back to it verbatim when it has to repair its answer.
import { lengthProblem } from "./limits.js";
import { PLAN_LIMITS, PLATFORMS, type PlanPlatform } from "./plan.js";

export const FOLLOW_UP_LIMITS = {
  maxFromPosts: 10,
  maxPrompt: 2000,
} as const;

/** The post as the model proposes it, with the name of the phase it goes into. */
export interface ProposedPost {
  title: string;
  description: string;
  platform: PlanPlatform;
  /** The target phase's name: used only when the phase does not exist yet. */
  phaseName: string;
}

export interface FollowUpInput {
  fromPostIds: readonly string[];
  prompt: string;
}

export type FollowUpCheck =
  | { ok: true; fromPostIds: string[]; prompt: string }
  | { ok: false; field: "fromPostIds" | "prompt"; rule: string };

/** The request with its prompt trimmed, or the first argument that breaks a rule. */
export function checkFollowUpInput(input: FollowUpInput): FollowUpCheck {
  const ids = input.fromPostIds;
  if (ids.length < 1 || ids.length > FOLLOW_UP_LIMITS.maxFromPosts)
    return {
      ok: false,
      field: "fromPostIds",
      rule: `must list 1–${FOLLOW_UP_LIMITS.maxFromPosts} posts (has ${ids.length})`,
    };
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated !== undefined)
    return { ok: false, field: "fromPostIds", rule: `must list each post once (${JSON.stringify(repeated)} is repeated)` };
  const prompt = input.prompt.trim();
  if (prompt.length < 1 || prompt.length > FOLLOW_UP_LIMITS.maxPrompt)
    return {
      ok: false,
      field: "prompt",
      rule: `must be 1–${FOLLOW_UP_LIMITS.maxPrompt} characters after trimming (has ${prompt.length})`,
    };
  return { ok: true, fromPostIds: [...ids], prompt };
}

/** The phase a follow-up goes into: the one after the latest selected post's. */
export const followUpPhase = (fromPhases: readonly number[]) => Math.max(...fromPhases) + 1;

/** Why the target phase cannot take one more post, or null if it can. */
export function targetPhaseProblem(phase: number, activePostsInPhase: number): string | null {
  if (phase > PLAN_LIMITS.maxPhases)
    return `the follow-up would go into phase ${phase}, but a campaign has at most ${PLAN_LIMITS.maxPhases} phases: choose posts of an earlier phase`;
  if (activePostsInPhase >= PLAN_LIMITS.maxPostsPerPhase)
    return `phase ${phase} already has ${activePostsInPhase} posts, the most a phase holds (${PLAN_LIMITS.maxPostsPerPhase})`;
  return null;
}

/** Every rule the proposed post breaks, as sentences; empty when it is usable. */
export function validateProposedPost(post: ProposedPost): string[] {
  const problems = [
    lengthProblem("the title", post.title, PLAN_LIMITS.maxTitle),
    lengthProblem("the description", post.description, PLAN_LIMITS.maxDescription),
    lengthProblem("the phase name", post.phaseName, PLAN_LIMITS.maxPhaseName),
  ].filter((p): p is string => p !== null);
  if (!(PLATFORMS as readonly string[]).includes(post.platform))
    problems.push(`the platform must be one of ${PLATFORMS.join(", ")} (got ${JSON.stringify(post.platform)})`);
  return problems;
}
