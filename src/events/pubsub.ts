import { setMaxListeners } from "node:events";
import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { createPubSub } from "@graphql-yoga/subscription";
import { Redis } from "ioredis";
import type { Logger } from "../logger.js";
import type { CampaignEvent } from "./types.js";

/**
 * Topics: each campaign's events (in-process by default, through Redis when REDIS_URL is set), and
 * `resync`, published in this process only when the connection to Redis is back after a break:
 * events published meanwhile never reached this instance, so open streams re-read the event log.
 */
export type Topics = { campaign: [campaignId: string, event: CampaignEvent]; resync: [] };

const RESYNC = "resync";

type BusLogger = Pick<Logger, "warn" | "info">;

/**
 * An EventTarget for any number of listeners: every open subscription adds one to its topic, and
 * Node would otherwise warn of a leak from the 11th on.
 */
function unboundedTarget<T>(): T {
  const target = new EventTarget();
  setMaxListeners(0, target);
  return target as unknown as T; // the same interface as Yoga's typed target, typed per event
}

type TopicsTarget = NonNullable<NonNullable<Parameters<typeof createPubSub<Topics>>[0]>["eventTarget"]>;

/**
 * Yoga's pub/sub, plus listeners without a Repeater: `subscribe` makes an async iterator per
 * subscriber, and with 1,000 subscribers each event would go through 1,000 of them before reaching
 * the event streams; a campaign's event stream (campaign-stream.ts) keeps its own queue anyway.
 */
function busOver(target: TopicsTarget) {
  const pubsub = createPubSub<Topics>({ eventTarget: target });
  const listen = (topic: string, onEvent: (detail: unknown) => void) => {
    const listener = (event: Event) => onEvent((event as CustomEvent).detail);
    target.addEventListener(topic, listener);
    return () => target.removeEventListener(topic, listener);
  };
  return Object.assign(pubsub, {
    /** Calls `onEvent` with each event of the campaign (topic "campaign:<id>", as `subscribe` names it) until the returned function is called. */
    onCampaign: (campaignId: string, onEvent: (event: CampaignEvent) => void) =>
      listen(`campaign:${campaignId}`, onEvent as (detail: unknown) => void),
    /** Calls `onResync` each time open streams must re-read the log, until the returned function is called. */
    onResync: (onResync: () => void) => listen(RESYNC, onResync),
  });
}

export function createEventBus(redisUrl?: string, logger: BusLogger = console) {
  if (!redisUrl) return { pubsub: busOver(unboundedTarget<TopicsTarget>()), close: async () => {} };
  // Two connections: a Redis connection in subscriber mode cannot publish. While Redis is away,
  // a publish fails at once instead of queueing in memory (the event is in the log already), and
  // subscriptions are renewed on reconnection (ioredis' autoResubscribe).
  const publishClient = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  const subscribeClient = new Redis(redisUrl, { maxRetriesPerRequest: null });
  let broken = false;
  const report = (error: unknown) => {
    if (broken) return; // once per outage, not once per retry
    broken = true;
    logger.warn(`event bus: Redis is unavailable (${String(error)}); live events resume when it is back`);
  };
  publishClient.on("error", report);
  subscribeClient.on("error", report);
  const redis = createRedisEventTarget({
    publishClient: reportingFailures(publishClient, report),
    subscribeClient: reportingFailures(subscribeClient, report),
  });
  // `resync` stays in this process; everything else goes through Redis.
  const local = unboundedTarget<typeof redis>();
  const pubsub = busOver({
    addEventListener: (type, listener) => (type === RESYNC ? local : redis).addEventListener(type, listener),
    removeEventListener: (type, listener) => (type === RESYNC ? local : redis).removeEventListener(type, listener),
    dispatchEvent: (event) => (event.type === RESYNC ? local : redis).dispatchEvent(event),
  });
  let connectedBefore = false;
  subscribeClient.on("ready", () => {
    if (!connectedBefore) {
      connectedBefore = true;
      return;
    }
    // ioredis has just sent the renewed SUBSCRIBEs; a PING's answer comes after theirs, so from
    // then on every publish reaches this instance, and what came before it is in the log.
    subscribeClient.ping().then(
      () => {
        if (broken) logger.info("event bus: Redis is back; open event streams catch up from the log");
        broken = false;
        pubsub.publish(RESYNC);
      },
      () => {},
    );
  });
  return {
    pubsub,
    close: async () => {
      await Promise.all([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}

const UNAWAITED = new Set<string | symbol>(["publish", "subscribe", "unsubscribe"]);

/**
 * A client as the event target sees it: the target does not wait for `publish`, `subscribe` or
 * `unsubscribe`, so a failure would be an unhandled rejection (which ends the process); here it is
 * reported instead.
 */
function reportingFailures(client: Redis, report: (error: unknown) => void): Redis {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      if (!UNAWAITED.has(property)) return value.bind(target);
      return (...args: unknown[]) => (value.apply(target, args) as Promise<unknown>).catch(report);
    },
  });
}

export type EventBus = ReturnType<typeof createEventBus>;
export type PubSub = EventBus["pubsub"];
