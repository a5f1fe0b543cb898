import { insertRows } from "../db/bulk-insert.js";
import type { DbTx } from "../db/client.js";
import type { PubSub } from "./pubsub.js";
import type { CampaignEvent, CampaignEventData } from "./types.js";

/**
 * Writes events to the campaign's event log inside the caller's transaction, numbered after the
 * campaign's last sequence (the UPDATE locks the campaign row, so numbers follow commit order).
 * Publish the returned events only after the transaction committed.
 */
export async function recordEvents(tx: DbTx, campaignId: string, events: CampaignEventData[]): Promise<CampaignEvent[]> {
  if (events.length === 0) return [];
  const { lastEventSequence } = await tx.campaign.update({
    where: { id: campaignId },
    data: { lastEventSequence: { increment: events.length } },
    select: { lastEventSequence: true },
  });
  const first = lastEventSequence - events.length + 1;
  const numbered = events.map((event, i) => ({ ...event, campaignId, sequence: first + i }));
  await insertRows(
    tx,
    "EventLog",
    numbered.map(({ campaignId: _c, sequence, ...data }) => ({ campaignId, sequence, type: data.type, payload: data })),
  );
  return numbered;
}

/** Publishes committed events, in order. */
export function publishEvents(pubsub: PubSub, events: CampaignEvent[]) {
  for (const event of events) pubsub.publish("campaign", event.campaignId, event);
}
