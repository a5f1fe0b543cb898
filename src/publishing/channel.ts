import type { DbTx } from "../db/client.js";

/** One variant of a post, as it goes out. */
export interface Outgoing {
  postId: string;
  campaignId: string;
  label: "A" | "B";
  generation: number;
  text: string;
  mediaPath: string | null;
}

/**
 * Where approved posts are published. It runs inside the approval's transaction, so a channel
 * that fails leaves the post a DRAFT; a channel that talks to a platform should send an
 * idempotency key derived from post, label and generation, since a retried approval sends again.
 */
export interface PublishingChannel {
  readonly name: string;
  publish(tx: DbTx, variants: Outgoing[]): Promise<void>;
}
