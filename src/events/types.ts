/**
 * One event of a campaign as stored in the event log and carried by the pub/sub: small JSON with
 * ids and kinds; subscribers resolve the entities through Prisma.
 */
export type CampaignEventData =
  | { type: "PostCreated"; postId: string; version: number }
  | { type: "PostUpdated"; postId: string }
  | { type: "ContentReady"; postId: string; generation: number }
  | { type: "TriggerFired"; postId: string }
  | {
      type: "StrategyRegenerated";
      version: number;
      kind: "REGENERATION" | "RESTORE";
      fromPhase: number;
      archivedPostIds: string[];
    };

export type CampaignEvent = CampaignEventData & { campaignId: string; sequence: number };

export type EventOf<T extends CampaignEvent["type"]> = Extract<CampaignEvent, { type: T }>;
