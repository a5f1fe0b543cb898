import { Client, cacheExchange, fetchExchange, subscriptionExchange } from "@urql/svelte";
import { createClient as createWsClient } from "graphql-ws";
import { connection } from "./connection.svelte.js";

/** One urql client for the app: queries and mutations over HTTP, subscriptions over graphql-ws. */
export function createGraphQLClient(): Client {
  const url = new URL("/graphql", window.location.href);
  let wasOnline = false;
  const ws = createWsClient({
    url: url.href.replace(/^http/, "ws"),
    lazy: false,
    keepAlive: 10_000, // a ping every 10 s notices a dead network
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    on: {
      connected: () => {
        if (wasOnline) connection.reconnects++;
        wasOnline = true;
        connection.online = true;
      },
      closed: () => {
        connection.online = false;
      },
    },
  });
  return new Client({
    url: url.pathname,
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? "" }, sink) }),
        }),
      }),
    ],
  });
}
