import type { DiffMark } from "../campaign/live-campaign.svelte.js";
import type { AbDimension, Platform, PostStatus } from "../generated/graphql.js";

// What people read for the API's enum values; the card and the drawer say the same thing.

export const PLATFORM: Record<Platform, string> = {
  BLOG: "Blog",
  HACKER_NEWS: "Hacker News",
  INSTAGRAM: "Instagram",
  LINKEDIN: "LinkedIn",
  NEWSLETTER: "Newsletter",
  PRODUCT_HUNT: "Product Hunt",
  REDDIT: "Reddit",
  X: "X",
};

/** "A and B test the hook." */
export const AB_DIMENSION: Record<AbDimension, string> = {
  HOOK: "the hook",
  ANGLE: "the angle",
  CTA: "the call to action",
  LENGTH: "the length",
  TONE: "the tone",
};

export const POST_STATUS: Record<PostStatus, { text: string; badge: "ok" | "info" | "warn" | "bad" }> = {
  DRAFT: { text: "Draft", badge: "info" },
  APPROVED: { text: "Approved", badge: "ok" },
  PUBLISHED: { text: "Published", badge: "ok" },
  REJECTED: { text: "Rejected", badge: "bad" },
};

/** Diff mode: the word beside the colour, for people who do not see the colour. */
export const MARK: Record<DiffMark, string> = {
  added: "Added",
  removed: "Removed",
  kept: "Unchanged",
};

interface VariantRef {
  label: string;
  generation: number;
}

/** The variant a post shows: the selected label (A if none), latest generation. */
export function shownVariant<V extends VariantRef>(variants: readonly V[], selected: string | null | undefined): V | undefined {
  const label = selected ?? "A";
  let best: V | undefined;
  for (const v of variants) if (v.label === label && (!best || v.generation > best.generation)) best = v;
  return best;
}
