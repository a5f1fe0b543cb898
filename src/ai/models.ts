import { ChatOpenAI } from "@langchain/openai";
import type { LlmConfig } from "../config.js";
import { type ChatModel, OFFLINE_MODEL_NAME } from "./context.js";
import { OfflineChatModel } from "./offline/offline-model.js";

export type { ChatModel } from "./context.js";

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
