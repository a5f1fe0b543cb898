// The load side of the fan-out benchmark: N graphql-ws subscribers, one WebSocket each (as N
// browser tabs would be), speaking the graphql-transport-ws protocol directly over `ws` (the
// graphql-ws client would do the same with more work per message, on the core that also has to
// keep up with the server). Each subscribes to campaignEvents with the canvas's own document, and
// the time every `next` message arrives is handed to `onEvent` before anything else is done with it.
import { print } from "graphql";
import WebSocket from "ws";
import { CampaignPageEventsDocument } from "../../client/src/generated/graphql.js";

/** The subscription the canvas keeps open on a campaign page (client/src/campaign/documents.ts). */
export const CANVAS_SUBSCRIPTION = print(CampaignPageEventsDocument);

export interface Subscribers {
  /** Messages other than the expected `next`s: errors, completions, closed sockets. */
  readonly problems: string[];
  /** The bytes of the last `next` message received (to compare the servers' payloads). */
  readonly lastMessage: string;
  close(): Promise<void>;
}

type OnEvent = (subscriber: number, sequence: number, at: number) => void;

/** Opens `n` subscribers to `campaignId` (at most `concurrency` handshakes at a time); resolves once each has sent its subscribe. */
export async function openSubscribers(
  httpUrl: string,
  n: number,
  campaignId: string,
  after: number,
  onEvent: OnEvent,
  concurrency = 50,
): Promise<Subscribers> {
  const url = `${httpUrl.replace(/^http/, "ws")}/graphql`;
  const subscribe = JSON.stringify({
    id: "1",
    type: "subscribe",
    payload: { query: CANVAS_SUBSCRIPTION, variables: { id: campaignId, after } },
  });
  const sockets: WebSocket[] = [];
  const state = { problems: [] as string[], lastMessage: "", closing: false };

  const open = (index: number) =>
    new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(url, "graphql-transport-ws");
      sockets[index] = socket;
      socket.on("open", () => socket.send(JSON.stringify({ type: "connection_init", payload: {} })));
      socket.on("error", (error) => reject(error));
      socket.on("close", (code, reason) => {
        if (!state.closing) state.problems.push(`subscriber ${index}: socket closed ${code} ${reason.toString()}`);
        reject(new Error(`closed ${code}`));
      });
      socket.on("message", (data) => {
        const at = performance.now();
        const text = data.toString();
        const message = JSON.parse(text) as {
          type: string;
          payload?: { data?: { campaignEvents?: { sequence?: number } }; errors?: unknown };
        };
        if (message.type === "next") {
          const sequence = message.payload?.data?.campaignEvents?.sequence;
          if (typeof sequence === "number" && !message.payload?.errors) {
            state.lastMessage = text;
            onEvent(index, sequence, at);
          } else state.problems.push(`subscriber ${index}: ${text.slice(0, 300)}`);
        } else if (message.type === "connection_ack") {
          socket.send(subscribe);
          resolve();
        } else if (message.type === "ping") socket.send(JSON.stringify({ type: "pong" }));
        else if (message.type !== "pong") state.problems.push(`subscriber ${index}: ${text.slice(0, 300)}`);
      });
    });

  for (let start = 0; start < n; start += concurrency)
    await Promise.all(Array.from({ length: Math.min(concurrency, n - start) }, (_, i) => open(start + i)));

  return {
    problems: state.problems,
    get lastMessage() {
      return state.lastMessage;
    },
    close: async () => {
      state.closing = true;
      await Promise.all(
        sockets.map(
          (socket) =>
            new Promise<void>((resolve) => {
              if (socket.readyState === WebSocket.CLOSED) return resolve();
              socket.once("close", () => resolve());
              socket.close(1000);
            }),
        ),
      );
    },
  };
}
