// What the chains in src/ai/ are given and who answers them: the model handle and the context of
// each request, shared by the writers, the prompts and the offline model. This module imports
// nothing else from src/ai/, so the imports between those modules form no cycle (npm run check:cycles).
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { Brief, BriefText } from "../domain/brief.js";
import type { Platform } from "../domain/content.js";
import type { PlanPlatform } from "../domain/plan.js";

/** The name of the offline chat model and of the offline image maker. */
export const OFFLINE_MODEL_NAME = "offline";

export interface ChatModel {
  model: BaseChatModel;
  /** What a person is told drafted their plan: the model name, or "offline". */
  name: string;
  /**
   * One deadline for each operation asked of the model, across its HTTP retries and repair turns
   * (LLM_DEADLINE_MS); unset: none beyond the per-request timeout (the offline model answers at once).
   */
  deadlineMs?: number;
}

/** What the planner knows when it replans a campaign from one phase onwards. */
export interface RegenerationContext {
  brief: Brief;
  newDirection: string;
  firstPhase: number;
  phaseCount: number;
  keptPosts: { id: string; phase: number; title: string; description: string }[];
}

/** What the writer knows about a post: the brief, the post, its neighbours in the graph. */
export interface ContentContext {
  brief: BriefText;
  post: { title: string; description: string; platform: Platform; phase: number; phaseName: string };
  /** Posts that lead into this one. */
  previous: { title: string; platform: Platform }[];
  /** Posts this one leads into. */
  next: { title: string; platform: Platform }[];
  /** What a reviewer asked for: rejection feedback, or a trigger's action. */
  guidance?: string;
}

/** What the model knows when it proposes a follow-up: the brief, the posts it follows, where it goes. */
export interface FollowUpContext {
  brief: BriefText;
  /** The posts the new one follows (each will link to it). */
  fromPosts: { title: string; description: string; platform: PlanPlatform; phase: number }[];
  /** The phase the post goes into; `name` is null when the phase does not exist yet. */
  targetPhase: { number: number; name: string | null; posts: { title: string; platform: PlanPlatform }[] };
  /** What the person asked for, in their words. */
  prompt: string;
}

/** One variant's image card: what the image model (or the offline SVG card) is asked to draw. */
export interface MediaRequest {
  campaignId: string;
  campaignName: string;
  postTitle: string;
  hook: string;
  caption: string;
  label: "A" | "B";
  platform: Platform;
}
