import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { createLogger } from "graphql-yoga";
import { type ChatModel, createChatModel } from "../../src/ai/models.js";
import type { Db } from "../../src/db/client.js";
import { createEventBus, type PubSub } from "../../src/events/pubsub.js";
import { createGraphQLServer } from "../../src/graphql-server.js";

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** The GraphQL server in-process (yoga.fetch): no port, same pipeline as HTTP. */
export function createTestApi(
  db: Db,
  llm: ChatModel = createChatModel({ kind: "offline" }),
  events: PubSub = createEventBus().pubsub,
) {
  const logged: unknown[][] = [];
  const logger = { ...createLogger("silent"), error: (...args: unknown[]) => void logged.push(args) };
  const yoga = createGraphQLServer({ db, logger, llm, events });

  async function request<T, V>(document: TypedDocumentNode<T, V> | string, variables?: V): Promise<GraphQLResponse<T>> {
    const query = typeof document === "string" ? document : print(document);
    const response = await yoga.fetch("http://phasewise.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  }

  return {
    yoga,
    events,
    /** Errors the server logged (masked ones keep their real cause here). */
    logged,
    request,
    /** The data, or a thrown error listing the GraphQL errors. */
    async data<T, V>(document: TypedDocumentNode<T, V>, variables?: V): Promise<T> {
      const result = await request(document, variables);
      if (result.errors?.length || !result.data) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
      return result.data;
    },
  };
}
