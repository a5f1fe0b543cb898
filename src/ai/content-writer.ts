import { validateContent, type WrittenContent } from "../domain/content.js";
import type { ChatModel, ContentContext } from "./context.js";
import { writeContentPrompt } from "./prompts.js";
import { WRITE_CONTENT_TOOL, writeContentSchema } from "./schemas.js";
import { askWithRepairs } from "./structured-call.js";

export type { ContentContext } from "./context.js";

/**
 * Variants A (direct, professional) and B (casual, playful) of a post's copy, checked against
 * every rule in src/domain/content.ts. Throws LlmUnavailableError when the model fails or keeps
 * breaking the rules.
 */
export function writeContent(llm: ChatModel, context: ContentContext, signal?: AbortSignal): Promise<WrittenContent> {
  return askWithRepairs<WrittenContent>(
    llm,
    {
      prompt: writeContentPrompt(context),
      schema: writeContentSchema,
      tool: WRITE_CONTENT_TOOL,
      what: "post copy",
      problems: (content) => validateContent(content, context.post.platform),
    },
    signal,
  );
}
