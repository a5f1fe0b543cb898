import type { YogaLogger } from "graphql-yoga";
import type { ChatModel } from "../ai/models.js";
import type { Db } from "../db/client.js";
import type { PubSub } from "../events/pubsub.js";

/** What the use cases depend on, passed in (tests pass their own). */
export interface Services {
  readonly db: Db;
  /** The language model behind planning (a real endpoint, or the offline model). */
  readonly llm: ChatModel;
  readonly logger: YogaLogger;
  /** Where committed events are published (in-process or Redis). */
  readonly events: PubSub;
}
