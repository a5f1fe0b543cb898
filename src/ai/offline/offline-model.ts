// The offline model: a real LangChain chat model that answers tool calls deterministically, with no
// network and no key. It supports the same structured-output call as ChatOpenAI (tool calling with
// a forced tool, parsed and validated by LangChain's own function-calling parser), so every chain
// runs the same code path offline and online. LangChain's fakes skip schema validation, and no
// library ships a deterministic domain-aware model: hence this class.
import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import { BaseChatModel, type BaseChatModelCallOptions, type BindToolsInput } from "@langchain/core/language_models/chat_models";
import { assembleStructuredOutputPipeline, createFunctionCallingParser } from "@langchain/core/language_models/structured_output";
import { AIMessage, type BaseMessage, HumanMessage } from "@langchain/core/messages";
import type { ChatResult } from "@langchain/core/outputs";
import { convertToOpenAITool } from "@langchain/core/utils/function_calling";
import { toJsonSchema } from "@langchain/core/utils/json_schema";
import type { Brief } from "../../domain/brief.js";
import { type ContentContext, type FollowUpContext, OFFLINE_MODEL_NAME, type RegenerationContext } from "../context.js";
import { readDataBlock } from "../prompts.js";
import {
  PARSE_TRIGGER_TOOL,
  PROPOSE_FOLLOW_UP_TOOL,
  STRATEGY_PLAN_TOOL,
  STRATEGY_REGENERATION_TOOL,
  WRITE_CONTENT_TOOL,
} from "../schemas.js";
import { writeOfflineCopy } from "./copy-writer.js";
import { writeOfflineFollowUp } from "./follow-up-writer.js";
import { writeOfflinePlan, writeOfflineRegeneration } from "./plan-writer.js";
import { readTrigger } from "./trigger-reader.js";

type ToolChoice = { type: "function"; function: { name: string } };
type OpenAITool = ReturnType<typeof convertToOpenAITool>;

export interface OfflineCallOptions extends BaseChatModelCallOptions {
  tools?: OpenAITool[];
  tool_choice?: ToolChoice;
}

/** Builds a tool's arguments from the data block of the request's first human message. */
const AUTHORS: Record<string, (data: unknown) => Record<string, unknown>> = {
  [STRATEGY_PLAN_TOOL]: (data) => ({ ...writeOfflinePlan(data as Brief) }),
  [STRATEGY_REGENERATION_TOOL]: (data) => ({ ...writeOfflineRegeneration(data as RegenerationContext) }),
  [WRITE_CONTENT_TOOL]: (data) => ({ ...writeOfflineCopy(data as ContentContext) }),
  [PROPOSE_FOLLOW_UP_TOOL]: (data) => ({ ...writeOfflineFollowUp(data as FollowUpContext) }),
  [PARSE_TRIGGER_TOOL]: (data) => ({ ...readTrigger((data as { text: string }).text) }),
};

export class OfflineChatModel extends BaseChatModel<OfflineCallOptions> {
  static override lc_name() {
    return "OfflineChatModel";
  }

  override _llmType() {
    return OFFLINE_MODEL_NAME;
  }

  override bindTools(tools: BindToolsInput[], kwargs?: Partial<OfflineCallOptions>) {
    return this.withConfig({ tools: tools.map((t) => convertToOpenAITool(t)), ...kwargs });
  }

  // biome-ignore lint/suspicious/noExplicitAny: mirrors BaseChatModel's overloaded signature
  override withStructuredOutput(schema: any, config?: { name?: string; includeRaw?: boolean }): any {
    const name = config?.name ?? "extract";
    const parameters = toJsonSchema(schema);
    const tool = {
      type: "function" as const,
      function: { name, description: (parameters.description as string | undefined) ?? name, parameters },
    };
    const llm = this.withConfig({ tools: [tool], tool_choice: { type: "function", function: { name } } });
    return assembleStructuredOutputPipeline(llm, createFunctionCallingParser(schema, name), config?.includeRaw);
  }

  override async _generate(
    messages: BaseMessage[],
    options: this["ParsedCallOptions"],
    _runManager?: CallbackManagerForLLMRun,
  ): Promise<ChatResult> {
    options.signal?.throwIfAborted();
    const name = options.tool_choice?.function.name ?? options.tools?.[0]?.function.name;
    const author = name ? AUTHORS[name] : undefined;
    if (!name || !author) throw new Error(`The offline model answers only these tools: ${Object.keys(AUTHORS).join(", ")}`);
    const request = messages.find((m) => HumanMessage.isInstance(m));
    const args = author(readDataBlock(request?.text ?? ""));
    const outputTokens = Math.ceil(JSON.stringify(args).length / 4);
    const inputTokens = Math.ceil(messages.reduce((n, m) => n + m.text.length, 0) / 4);
    const message = new AIMessage({
      content: "",
      tool_calls: [{ id: `offline-${name}`, name, args, type: "tool_call" }],
      usage_metadata: { input_tokens: inputTokens, output_tokens: outputTokens, total_tokens: inputTokens + outputTokens },
    });
    return {
      generations: [{ text: "", message }],
      llmOutput: {
        tokenUsage: { promptTokens: inputTokens, completionTokens: outputTokens, totalTokens: inputTokens + outputTokens },
      },
    };
  }
}
