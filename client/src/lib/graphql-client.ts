import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from "@urql/svelte";
import { createClient as createWsClient } from "graphql-ws";
import { auth, noteUnauthenticated } from "./auth.svelte.js";
import { connection } from "./connection.svelte.js";

/** One urql client for the app: queries and mutations over HTTP, subscriptions over graphql-ws. */
export function createGraphQLClient(): Client {
  const url = new URL("/graphql", window.location.href);
  let wasOnline = false;
  const ws = createWsClient({
    url: url.href.replace(/^http/, "ws"),
    lazy: false,
    connectionParams: () => (auth.token ? { authorization: `Bearer ${auth.token}` } : {}),
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
    // The server's CSRF prevention refuses a GET query (urql sends short ones as GET, which keeps
    // them cacheable) without this header; a page on another site cannot add it without CORS.
    fetchOptions: () => ({
      headers: { "x-graphql-yoga-csrf": "1", ...(auth.token ? { authorization: `Bearer ${auth.token}` } : {}) },
    }),
    exchanges: [
      // A refused or missing token anywhere (queries, mutations, subscriptions): ask for one.
      mapExchange({
        onError: (error) => noteUnauthenticated(error.graphQLErrors.map((e) => (e.extensions as { code?: string }).code)),
      }),
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
