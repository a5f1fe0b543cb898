import { type ProposedPost, validateProposedPost } from "../domain/follow-up.js";
import type { PlanPlatform } from "../domain/plan.js";
import type { ChatModel } from "./models.js";
import { proposeFollowUpPrompt } from "./prompts.js";
import { PROPOSE_FOLLOW_UP_TOOL, proposeFollowUpSchema } from "./schemas.js";
import { askWithRepairs } from "./structured-call.js";

/** What the model knows when it proposes a follow-up: the brief, the posts it follows, where it goes. */
export interface FollowUpContext {
  brief: { name: string; productDescription: string; gtmGoals: string };
  /** The posts the new one follows (each will link to it). */
  fromPosts: { title: string; description: string; platform: PlanPlatform; phase: number }[];
  /** The phase the post goes into; `name` is null when the phase does not exist yet. */
  targetPhase: { number: number; name: string | null; posts: { title: string; platform: PlanPlatform }[] };
  /** What the person asked for, in their words. */
  prompt: string;
}

/**
 * One new post (title, description, platform) and its phase's name, checked against the rules in
 * src/domain/follow-up.ts. Throws LlmUnavailableError when the model fails or keeps breaking them.
 */
export function proposeFollowUp(llm: ChatModel, context: FollowUpContext, signal?: AbortSignal): Promise<ProposedPost> {
  return askWithRepairs<ProposedPost>(
    llm,
    {
      prompt: proposeFollowUpPrompt(context),
      schema: proposeFollowUpSchema,
      tool: PROPOSE_FOLLOW_UP_TOOL,
      what: "follow-up post",
      problems: validateProposedPost,
    },
    signal,
  );
}
