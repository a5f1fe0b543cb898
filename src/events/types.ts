import type { Trigger } from "../domain/trigger.js";

/**
 * One event of a campaign as stored in the event log and carried by the pub/sub: small JSON with
 * ids and kinds; subscribers resolve the entities through Prisma.
 */
export type CampaignEventData =
  | { type: "PostCreated"; postId: string; version: number }
  | { type: "PostUpdated"; postId: string }
  | { type: "ContentReady"; postId: string; generation: number }
  | {
      type: "TriggerFired";
      postId: string;
      /**
       * The trigger that fired and when (ISO text), as they were then: the post's trigger may be
       * cleared or replaced since. Absent only on events logged before they were recorded whose
       * post no longer showed them (migration 20261203160000_trigger_fired_payload).
       */
      trigger?: Trigger;
      firedAt?: string;
    }
  | {
      type: "StrategyRegenerated";
      version: number;
      kind: "REGENERATION" | "RESTORE";
      fromPhase: number;
      archivedPostIds: string[];
    };

/**
 * An event as subscribers get it: numbered in the campaign's log, with the campaign's version when
 * it was committed and that time (ISO text, so it reads the same after a trip through Redis).
 * PostCreated and StrategyRegenerated carry a version of their own, which is that same version.
 */
export type CampaignEvent = CampaignEventData & { campaignId: string; sequence: number; version: number; occurredAt: string };

export type EventOf<T extends CampaignEvent["type"]> = Extract<CampaignEvent, { type: T }>;
