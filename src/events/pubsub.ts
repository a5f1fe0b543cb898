import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { createPubSub } from "graphql-yoga";
import { Redis } from "ioredis";
import type { CampaignEvent } from "./types.js";

/** Topics per campaign. In-process by default; through Redis when REDIS_URL is set. */
export type Topics = { campaign: [campaignId: string, event: CampaignEvent] };

export function createEventBus(redisUrl?: string) {
  if (!redisUrl) return { pubsub: createPubSub<Topics>(), close: async () => {} };
  // Two connections: a Redis connection in subscriber mode cannot publish.
  const publishClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const subscribeClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const pubsub = createPubSub<Topics>({ eventTarget: createRedisEventTarget({ publishClient, subscribeClient }) });
  return {
    pubsub,
    close: async () => {
      await Promise.all([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}

export type EventBus = ReturnType<typeof createEventBus>;
export type PubSub = EventBus["pubsub"];
