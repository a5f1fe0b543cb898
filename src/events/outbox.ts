import { insertRows } from "../db/bulk-insert.js";
import type { Db, DbTx } from "../db/client.js";
import type { PubSub } from "./pubsub.js";
import type { CampaignEvent, CampaignEventData } from "./types.js";

/**
 * Writes events to the campaign's event log inside the caller's transaction, numbered after the
 * campaign's last sequence (the UPDATE locks the campaign row, so numbers follow commit order) and
 * stamped with the campaign's version (after any change of version made earlier in the same
 * transaction) and the time. Return them from the work given to commitAndPublish, which publishes
 * them once the transaction committed.
 */
export async function recordEvents(tx: DbTx, campaignId: string, events: CampaignEventData[]): Promise<CampaignEvent[]> {
  if (events.length === 0) return [];
  const { lastEventSequence, currentVersion } = await tx.campaign.update({
    where: { id: campaignId },
    data: { lastEventSequence: { increment: events.length } },
    select: { lastEventSequence: true, currentVersion: true },
  });
  const first = lastEventSequence - events.length + 1;
  const occurredAt = new Date();
  await insertRows(
    tx,
    "EventLog",
    events.map((data, i) => ({
      campaignId,
      sequence: first + i,
      version: currentVersion,
      type: data.type,
      payload: data,
      createdAt: occurredAt,
    })),
  );
  return events.map((data, i) => ({
    ...data,
    campaignId,
    sequence: first + i,
    version: currentVersion,
    occurredAt: occurredAt.toISOString(),
  }));
}

/** An event as read back from the log: the same as when it was published. */
export const loggedEvent = (row: {
  campaignId: string;
  sequence: number;
  version: number;
  payload: unknown;
  createdAt: Date;
}): CampaignEvent => ({
  ...(row.payload as CampaignEventData),
  campaignId: row.campaignId,
  sequence: row.sequence,
  version: row.version,
  occurredAt: row.createdAt.toISOString(),
});

/** Publishes committed events, in order. Only commitAndPublish calls it: events are published after their commit. */
function publishEvents(pubsub: PubSub, events: CampaignEvent[]) {
  for (const event of events) pubsub.publish("campaign", event.campaignId, event);
}

/** What a unit of work returns: the events it recorded, alone or with whatever else the caller needs. */
export type Recorded = CampaignEvent[] | { events: CampaignEvent[] };

/**
 * Runs `work` in one transaction and, once it committed, publishes the events it recorded (with
 * recordEvents), in order; nothing is published when it throws. Returns what `work` returned.
 */
export async function commitAndPublish<T extends Recorded>(
  { db, events }: { db: Db; events: PubSub },
  work: (tx: DbTx) => Promise<T>,
): Promise<T> {
  const committed = await db.$transaction(work);
  publishEvents(events, Array.isArray(committed) ? committed : committed.events);
  return committed;
}
