import type { BaseMessage } from "@langchain/core/messages";
import { OfflineChatModel } from "../../src/ai/offline/offline-model.js";

/** The offline model, counting its calls, optionally slow (a gap where a real model would think). */
export class CountingModel extends OfflineChatModel {
  calls = 0;
  constructor(private readonly delayMs = 0) {
    super({});
  }

  override async _generate(messages: BaseMessage[], options: this["ParsedCallOptions"]) {
    this.calls++;
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    return super._generate(messages, options);
  }
}
