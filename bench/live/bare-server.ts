// The bare harness for the fan-out benchmark (bench/live/fanout.ts starts it, pinned to a core):
//   node --expose-gc --import tsx bench/live/bare-server.ts
// graphql-yoga + graphql-ws as Yoga's documentation sets them up (node:http, `ws`'s
// WebSocketServer, graphql-ws/use/ws with yoga.getEnveloped), a hand-written schema with the same
// types the canvas's subscription selects, and an in-process createPubSub: campaignEvents yields
// the published event as it is, and `post { id }` comes from the event (no database). "publish"
// puts the same event on that pub/sub as Phasewise's child puts on the app's bus, so a subscriber
// receives the same JSON from both.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { ExecutionArgs } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { createPubSub, createSchema, createYoga } from "graphql-yoga";
import { WebSocketServer } from "ws";
import { benchEvent, serve } from "./child.js";

type Event = ReturnType<typeof benchEvent>;

const typeDefs = /* GraphQL */ `
  scalar DateTime
  enum VersionKind { INITIAL REGENERATION RESTORE }
  type Post { id: ID! title: String! }
  type Trigger { action: String! firedAt: DateTime }
  type StrategyRegeneratedEvent {
    campaignId: ID! sequence: Int! version: Int! kind: VersionKind! fromPhase: Int! archivedPostIds: [ID!]!
  }
  type PostCreatedEvent { campaignId: ID! sequence: Int! version: Int! post: Post! }
  type PostUpdatedEvent { campaignId: ID! sequence: Int! post: Post! }
  type ContentReadyEvent { campaignId: ID! sequence: Int! post: Post! }
  type TriggerFiredEvent { campaignId: ID! sequence: Int! post: Post! trigger: Trigger! }
  union CampaignEvent = ContentReadyEvent | PostCreatedEvent | PostUpdatedEvent | StrategyRegeneratedEvent | TriggerFiredEvent
  type Query { ok: Boolean }
  type Subscription { campaignEvents(campaignId: ID!, afterSequence: Int): CampaignEvent! }
`;

/** An EventTarget that knows how many subscriptions listen on it. */
class CountingTarget extends EventTarget {
  listeners = 0;
  override addEventListener(...args: Parameters<EventTarget["addEventListener"]>) {
    this.listeners++;
    super.addEventListener(...args);
  }
  override removeEventListener(...args: Parameters<EventTarget["removeEventListener"]>) {
    this.listeners--;
    super.removeEventListener(...args);
  }
}
const target = new CountingTarget();
const pubsub = createPubSub<{ campaign: [campaignId: string, event: Event] }>({ eventTarget: target as never });

const post = (e: Event) => ({ id: e.postId, title: "" });
const schema = createSchema({
  typeDefs,
  resolvers: {
    CampaignEvent: { __resolveType: (e: Event) => `${e.type}Event` },
    PostUpdatedEvent: { post },
    PostCreatedEvent: { post },
    ContentReadyEvent: { post },
    TriggerFiredEvent: { post },
    Subscription: {
      campaignEvents: {
        subscribe: (_: unknown, args: { campaignId: string }) => pubsub.subscribe("campaign", args.campaignId),
        resolve: (e: Event) => e,
      },
    },
  },
});

const yoga = createYoga({ schema, logging: false, graphqlEndpoint: "/graphql" });
const server = createServer(yoga);
const wss = new WebSocketServer({ server, path: yoga.graphqlEndpoint });
type Enveloped = { execute: (args: ExecutionArgs) => unknown; subscribe: (args: ExecutionArgs) => unknown };
const disposable = useServer(
  {
    execute: (args) => (args.rootValue as Enveloped).execute(args) as never,
    subscribe: (args) => (args.rootValue as Enveloped).subscribe(args) as never,
    onSubscribe: async (ctx, _id, params) => {
      const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
        ...ctx,
        req: ctx.extra.request,
        socket: ctx.extra.socket,
        params,
      });
      const args = {
        schema,
        operationName: params.operationName,
        document: parse(params.query),
        variableValues: params.variables,
        contextValue: await contextFactory(),
        rootValue: { execute, subscribe },
      };
      const errors = validate(args.schema, args.document);
      return errors.length ? errors : args;
    },
  },
  wss,
);
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

// The same ids as the Phasewise child's sample campaign would carry do not matter: only their length does.
const campaignId = "00000000-0000-4000-8000-000000000001";
const postId = "00000000-0000-4000-8000-000000000002";
serve({
  url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  campaignId,
  postId,
  publish: (sequence) => pubsub.publish("campaign", campaignId, benchEvent(campaignId, postId, sequence)),
  streams: () => target.listeners,
  statements: () => 0,
  stop: async () => {
    await disposable.dispose();
    wss.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  },
});
