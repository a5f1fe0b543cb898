import { type Platform, validateContent, type WrittenContent } from "../domain/content.js";
import type { ChatModel } from "./models.js";
import { writeContentPrompt } from "./prompts.js";
import { WRITE_CONTENT_TOOL, writeContentSchema } from "./schemas.js";
import { askWithRepairs } from "./structured-call.js";

/** What the writer knows about a post: the brief, the post, its neighbours in the graph. */
export interface ContentContext {
  brief: { name: string; productDescription: string; gtmGoals: string };
  post: { title: string; description: string; platform: Platform; phase: number; phaseName: string };
  /** Posts that lead into this one. */
  previous: { title: string; platform: Platform }[];
  /** Posts this one leads into. */
  next: { title: string; platform: Platform }[];
  /** What a reviewer asked for: rejection feedback, or a trigger's action. */
  guidance?: string;
}

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
