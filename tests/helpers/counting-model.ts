import type { BaseMessage } from "@langchain/core/messages";
import { OfflineChatModel } from "../../src/ai/offline/offline-model.js";

export interface CountingModelOptions {
  /** A gap where a real model would think (stopped by the call's abort signal). */
  delayMs?: number;
  /** Only these tools wait delayMs (default: every tool). */
  delayTools?: string[];
  /** Tools (by name) that fail as a broken endpoint would; the others answer offline. */
  failTools?: string[];
}

/** The offline model, counting its calls per tool, optionally slow or failing for some tools. */
export class CountingModel extends OfflineChatModel {
  calls = 0;
  readonly callsByTool = new Map<string, number>();
  private readonly options: CountingModelOptions;

  constructor(options: number | CountingModelOptions = {}) {
    super({});
    this.options = typeof options === "number" ? { delayMs: options } : options;
  }

  override async _generate(messages: BaseMessage[], options: this["ParsedCallOptions"]) {
    this.calls++;
    const tool = options.tool_choice?.function.name ?? "none";
    this.callsByTool.set(tool, (this.callsByTool.get(tool) ?? 0) + 1);
    if (this.options.delayMs && (!this.options.delayTools || this.options.delayTools.includes(tool))) {
      await new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, this.options.delayMs);
        options.signal?.addEventListener("abort", () => {
          clearTimeout(timer);
          reject(options.signal?.reason);
        });
      });
    }
    if (this.options.failTools?.includes(tool)) throw new Error(`503 Service Unavailable (scripted failure of ${tool})`);
    return super._generate(messages, options);
  }

  toolCalls(tool: string) {
    return this.callsByTool.get(tool) ?? 0;
  }
}
