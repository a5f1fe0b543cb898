import { type ProposedPost, validateProposedPost } from "../domain/follow-up.js";
import type { ChatModel, FollowUpContext } from "./context.js";
import { proposeFollowUpPrompt } from "./prompts.js";
import { PROPOSE_FOLLOW_UP_TOOL, proposeFollowUpSchema } from "./schemas.js";
import { askWithRepairs } from "./structured-call.js";

export type { FollowUpContext } from "./context.js";

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
