import type { Db } from "../db/client.js";
import type { PubSub } from "./pubsub.js";
import type { CampaignEvent, CampaignEventData } from "./types.js";

/** Logged events of a campaign with after < sequence < before, in order. */
async function readLog(db: Db, campaignId: string, after: number, before?: number): Promise<CampaignEvent[]> {
  const rows = await db.eventLog.findMany({
    where: { campaignId, sequence: { gt: after, ...(before === undefined ? {} : { lt: before }) } },
    orderBy: { sequence: "asc" },
  });
  return rows.map((row) => ({ ...(row.payload as unknown as CampaignEventData), campaignId, sequence: row.sequence }));
}

/**
 * A campaign's events in commit order, each once: those after `after` from the log first (when
 * resuming), then live ones. Events are published after commit, so two commits may be published
 * out of order, or on another instance a moment later: a gap in the sequence is filled from the
 * log and anything already delivered is skipped.
 */
export async function* campaignEventStream(db: Db, pubsub: PubSub, campaignId: string, after?: number) {
  const live = pubsub.subscribe("campaign", campaignId); // before reading anything, so nothing falls between
  try {
    let last: number;
    if (after === undefined) {
      const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { lastEventSequence: true } });
      last = campaign.lastEventSequence;
    } else {
      last = after;
      for (const event of await readLog(db, campaignId, after)) {
        yield event;
        last = event.sequence;
      }
    }
    for await (const event of live) {
      if (event.sequence <= last) continue;
      if (event.sequence > last + 1) {
        for (const missed of await readLog(db, campaignId, last, event.sequence)) {
          yield missed;
          last = missed.sequence;
        }
      }
      yield event;
      last = event.sequence;
    }
  } finally {
    await live.return?.();
  }
}
