import { createGraphQLError, Repeater } from "graphql-yoga";
import type { Db } from "../db/client.js";
import { ErrorCode } from "../errors.js";
import type { PubSub } from "./pubsub.js";
import type { CampaignEvent, CampaignEventData } from "./types.js";

let open = 0;
/** How many event streams are open in this process (a closed subscription must bring it back down). */
export const openEventStreams = () => open;

/** Events read from the log per query: a replay holds one page in memory, however long the log. */
const LOG_PAGE = 100;

/** Logged events of a campaign with after < sequence < before, in order, read a page at a time. */
async function* readLog(db: Db, campaignId: string, after: number, before?: number): AsyncGenerator<CampaignEvent> {
  for (let from = after; ; ) {
    const rows = await db.eventLog.findMany({
      where: { campaignId, sequence: { gt: from, ...(before === undefined ? {} : { lt: before }) } },
      orderBy: { sequence: "asc" },
      take: LOG_PAGE,
    });
    for (const row of rows) yield { ...(row.payload as unknown as CampaignEventData), campaignId, sequence: row.sequence };
    const lastRow = rows.at(-1);
    if (!lastRow || rows.length < LOG_PAGE) return;
    from = lastRow.sequence;
  }
}

/**
 * A campaign's events in commit order, each once: those after `after` from the log first (when
 * resuming), then live ones. Events are published after commit, so two commits may be published
 * out of order, or on another instance a moment later: a gap in the sequence is filled from the
 * log and anything already delivered is skipped.
 *
 * Its consumer pulls (graphql-ws asks for the next event once the last one is sent), so only live
 * events can pile up, while the consumer is slow: more than MAX_BACKLOG waiting ends the stream
 * with RATE_LIMITED at once, and the subscriber resumes from the log.
 *
 * A Repeater rather than an async generator: a generator waiting for the next event cannot be
 * returned until that event comes, so a client that disconnects from a quiet campaign would leave
 * its subscription behind. Returning a Repeater stops it at once.
 */
export function campaignEventStream(db: Db, pubsub: PubSub, campaignId: string, after?: number): Repeater<CampaignEvent> {
  return new Repeater<CampaignEvent>(async (push, stop) => {
    // Live events go straight into a backlog of our own (one listener, no iterator per subscriber).
    const backlog: CampaignEvent[] = [];
    let arrived = () => {};
    let stopped = false;
    // Set when the pub/sub was cut off for a while (Redis restarted): read the log for what was missed.
    let resync = false;
    // The sequence of the last event pushed (undefined until known): a Repeater delivers every
    // pushed event before it ends, so this is where a subscription ended early resumes.
    let last = after;
    // Listening starts before anything is read, so nothing falls between.
    const unlisten = [
      pubsub.onCampaign(campaignId, (event) => {
        if (stopped) return;
        // Counted as events arrive, not as they are taken: a consumer that stopped pulling takes none.
        if (backlog.length >= MAX_BACKLOG && last !== undefined) {
          backlog.length = 0;
          stop(tooFarBehind(last));
          return;
        }
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
    const send = (event: CampaignEvent) => {
      last = event.sequence;
      return push(event);
    };
    try {
      if (last === undefined) {
        const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { lastEventSequence: true } });
        last = campaign.lastEventSequence;
      } else {
        for await (const event of readLog(db, campaignId, last)) {
          if (stopped) break;
          await send(event);
        }
      }
      while (!stopped) {
        const woken = new Promise<void>((resolve) => {
          arrived = resolve;
        });
        if (resync) {
          resync = false;
          for await (const event of readLog(db, campaignId, last)) {
            if (stopped) break;
            await send(event);
          }
        }
        const event = backlog.shift();
        if (!event) {
          await woken;
          continue;
        }
        if (event.sequence <= last) continue;
        if (event.sequence > last + 1) {
          for await (const missed of readLog(db, campaignId, last, event.sequence)) {
            if (stopped) break;
            await send(missed);
          }
        }
        if (!stopped) await send(event);
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
