import { Repeater } from "@repeaterjs/repeater";
import type { Db } from "../db/client.js";
import { tooFarBehind } from "../errors.js";
import { loggedEvent } from "./outbox.js";
import type { PubSub } from "./pubsub.js";
import type { CampaignEvent } from "./types.js";

let open = 0;
/** How many event streams are open in this process (a closed subscription must bring it back down). */
export const openEventStreams = () => open;

/** Rows read from the log at a time, so a long replay holds one page per subscriber, not the whole log. */
const PAGE = 100;

/** Logged events of a campaign with after < sequence < before, in order, a page at a time. */
async function* readLog(db: Db, campaignId: string, after: number, before?: number): AsyncGenerator<CampaignEvent> {
  for (let from = after; ; ) {
    const rows = await db.eventLog.findMany({
      where: { campaignId, sequence: { gt: from, ...(before === undefined ? {} : { lt: before }) } },
      orderBy: { sequence: "asc" },
      take: PAGE,
    });
    for (const row of rows) yield loggedEvent(row);
    if (rows.length < PAGE) return;
    from = rows[rows.length - 1]?.sequence ?? from;
  }
}

/**
 * A Repeater whose `return` never rejects. A stream stopped with an error (RATE_LIMITED, a failed
 * read) keeps the error for the next `next`; a consumer that leaves instead calls `return`, which
 * would reject with it, and graphql-ws does not wait for that when a socket closes (an unhandled
 * rejection). A consumer that leaves has no use for the error.
 */
class EventStream<T> extends Repeater<T> {
  override return(value?: unknown): Promise<IteratorResult<T>> {
    return super.return(value as never).catch(() => ({ value: undefined, done: true }));
  }
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
 *
 * One closure of ~85 lines on purpose: the listener, `end`, `deliver`, `catchUp` and the loop
 * share the stream's state (backlog, last, ended, resync) and the order in which they change it is
 * what delivers each event once; split into functions they would pass that state back and forth.
 */
export function campaignEventStream(db: Db, pubsub: PubSub, campaignId: string, after?: number): Repeater<CampaignEvent> {
  return new EventStream<CampaignEvent>(async (push, stop) => {
    // Live events go straight into a backlog of our own (one listener, no iterator per
    // subscriber). The backlog is counted as events arrive, also while the subscriber is slow to
    // take the one being delivered: past MAX_BACKLOG the subscription ends with RATE_LIMITED
    // (after what was already delivered) and the backlog is let go; the client resumes from the log.
    const backlog: CampaignEvent[] = [];
    let arrived = () => {};
    let ended = false;
    // The last sequence handed to the subscriber; when not resuming, known once the campaign is read.
    let last = after ?? 0;
    let lastKnown = after !== undefined;
    // Set when the pub/sub was cut off for a while (Redis restarted): read the log for what was missed.
    let resync = false;
    const end = (error?: Error) => {
      if (ended) return;
      ended = true;
      backlog.length = 0;
      for (const off of unlisten) off();
      stop(error);
      arrived();
    };
    // Listening starts before anything is read, so nothing falls between.
    const unlisten = [
      pubsub.onCampaign(campaignId, (event) => {
        if (ended) return;
        backlog.push(event);
        if (lastKnown && backlog.length > MAX_BACKLOG) end(tooFarBehind(MAX_BACKLOG, last));
        else arrived();
      }),
      pubsub.onResync(() => {
        resync = true;
        arrived();
      }),
    ];
    open++;
    stop.then(() => end());
    /** Hands an event to the subscriber unless it was delivered already; false once the stream ended. */
    const deliver = async (event: CampaignEvent) => {
      if (ended) return false;
      if (event.sequence > last) {
        last = event.sequence;
        await push(event);
      }
      return !ended;
    };
    /** Delivers the logged events after `last` (and before `before`); false once the stream ended. */
    const catchUp = async (before?: number) => {
      for await (const event of readLog(db, campaignId, last, before)) if (!(await deliver(event))) return false;
      return !ended;
    };
    try {
      if (after === undefined) {
        const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { lastEventSequence: true } });
        last = campaign.lastEventSequence;
        lastKnown = true;
        // What arrived meanwhile and is already counted in that sequence is not owed.
        const owed = backlog.filter((event) => event.sequence > last);
        backlog.splice(0, backlog.length, ...owed);
        if (backlog.length > MAX_BACKLOG) end(tooFarBehind(MAX_BACKLOG, last));
      } else if (!(await catchUp())) return;
      while (!ended) {
        const woken = new Promise<void>((resolve) => {
          arrived = resolve;
        });
        if (resync) {
          resync = false;
          if (!(await catchUp())) return;
        }
        const event = backlog.shift();
        if (!event) {
          await woken;
          continue;
        }
        if (event.sequence <= last) continue;
        if (event.sequence > last + 1 && !(await catchUp(event.sequence))) return;
        await deliver(event);
      }
    } catch (error) {
      end(error as Error);
    } finally {
      end();
      open--;
    }
  });
}

/** Live events a subscriber may have waiting before it is ended. */
export const MAX_BACKLOG = 1_000;
