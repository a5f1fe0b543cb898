import { createGraphQLError, Repeater } from "graphql-yoga";
import type { Db } from "../db/client.js";
import { ErrorCode } from "../errors.js";
import { loggedEvent } from "./outbox.js";
import type { PubSub } from "./pubsub.js";
import type { CampaignEvent } from "./types.js";

let open = 0;
/** How many event streams are open in this process (a closed subscription must bring it back down). */
export const openEventStreams = () => open;

/** Logged events of a campaign with after < sequence < before, in order. */
async function readLog(db: Db, campaignId: string, after: number, before?: number): Promise<CampaignEvent[]> {
  const rows = await db.eventLog.findMany({
    where: { campaignId, sequence: { gt: after, ...(before === undefined ? {} : { lt: before }) } },
    orderBy: { sequence: "asc" },
  });
  return rows.map(loggedEvent);
}

/**
 * A campaign's events in commit order, each once: those after `after` from the log first (when
 * resuming), then live ones. Events are published after commit, so two commits may be published
 * out of order, or on another instance a moment later: a gap in the sequence is filled from the
 * log and anything already delivered is skipped.
 *
 * A Repeater rather than an async generator: a generator waiting for the next event cannot be
 * returned until that event comes, so a client that disconnects from a quiet campaign would leave
 * its subscription behind. Returning a Repeater stops it at once.
 */
export function campaignEventStream(db: Db, pubsub: PubSub, campaignId: string, after?: number): Repeater<CampaignEvent> {
  return new Repeater<CampaignEvent>(async (push, stop) => {
    // Live events go straight into a backlog of our own (one listener, no iterator per
    // subscriber); a subscriber that lets it pass MAX_BACKLOG is ended and can resume from the log.
    const backlog: CampaignEvent[] = [];
    let arrived = () => {};
    let stopped = false;
    // Set when the pub/sub was cut off for a while (Redis restarted): read the log for what was missed.
    let resync = false;
    // Listening starts before anything is read, so nothing falls between.
    const unlisten = [
      pubsub.onCampaign(campaignId, (event) => {
        backlog.push(event);
        arrived();
      }),
      pubsub.onResync(() => {
        resync = true;
        arrived();
      }),
    ];
    open++;
    stop.then(() => {
      stopped = true;
      arrived();
    });
    try {
      let last: number;
      if (after === undefined) {
        const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { lastEventSequence: true } });
        last = campaign.lastEventSequence;
      } else {
        last = after;
        for (const event of await readLog(db, campaignId, after)) {
          await push(event);
          last = event.sequence;
        }
      }
      while (!stopped) {
        const woken = new Promise<void>((resolve) => {
          arrived = resolve;
        });
        if (resync) {
          resync = false;
          for (const e of await readLog(db, campaignId, last)) {
            await push(e);
            last = e.sequence;
          }
        }
        const event = backlog.shift();
        if (!event) {
          await woken;
          continue;
        }
        if (backlog.length > MAX_BACKLOG) throw tooFarBehind(last);
        if (event.sequence <= last) continue;
        const missed = event.sequence > last + 1 ? await readLog(db, campaignId, last, event.sequence) : [];
        for (const e of [...missed, event]) {
          await push(e);
          last = e.sequence;
        }
      }
      stop();
    } catch (error) {
      stop(error);
    } finally {
      for (const off of unlisten) off();
      open--;
    }
  });
}

/** Live events a subscriber may have waiting before it is ended. */
export const MAX_BACKLOG = 1_000;

const tooFarBehind = (last: number) =>
  createGraphQLError(
    `This subscription fell more than ${MAX_BACKLOG} events behind and was ended; subscribe again with afterSequence: ${last} to resume.`,
    { extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: 1, resumeAfterSequence: last } },
  );
