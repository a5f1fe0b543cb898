import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ChatOpenAI } from "@langchain/openai";
import type { LlmConfig } from "../config.js";
import { OFFLINE_MODEL_NAME, OfflineChatModel } from "./offline/offline-model.js";

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

/**
 * The chat model from config: any OpenAI-compatible endpoint when a key is set, else the offline
 * model. Timeout and retries are always explicit (LangChain's defaults: no timeout, 6 retries);
 * the operation's deadline cuts a request short when less time is left than its timeout.
 */
export function createChatModel(config: LlmConfig): ChatModel {
  if (config.kind === "offline") return { model: new OfflineChatModel({}), name: OFFLINE_MODEL_NAME };
  const model = new ChatOpenAI({
    model: config.model,
    apiKey: config.apiKey,
    timeout: config.timeoutMs,
    maxRetries: config.maxRetries,
    temperature: 0.7,
    // Set explicitly so that no environment variable redirects the client.
    configuration: { baseURL: config.baseURL ?? "https://api.openai.com/v1" },
  });
  return { model, name: config.model, deadlineMs: config.deadlineMs };
}
