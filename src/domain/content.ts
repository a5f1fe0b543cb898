// A post's copy as a language model writes it (two variants, for an A/B test), and the rules it must
// satisfy before it is stored. As in plan.ts, the model is never trusted and the messages go back to
// it verbatim when it has to repair its answer.
import type { PlanPlatform } from "./plan.js";

/** Where a post is published; the same values as the database's enum. */
export type Platform = PlanPlatform;

export const PLATFORM_NAMES: Record<Platform, string> = {
  X: "X",
  LINKEDIN: "LinkedIn",
  INSTAGRAM: "Instagram",
  PRODUCT_HUNT: "Product Hunt",
  BLOG: "the blog",
};

/**
 * The most a post's text may hold, as `contentLength` counts it. PRODUCT_HUNT is the launch page's
 * description (260), the text every visitor reads; the 60-character tagline and the longer maker
 * comment are written by hand at launch. BLOG has no platform limit: 10,000 keeps an article
 * readable and a model's answer bounded.
 */
export const PLATFORM_LIMITS: Record<Platform, number> = {
  X: 280,
  LINKEDIN: 3000,
  INSTAGRAM: 2200,
  PRODUCT_HUNT: 260,
  BLOG: 10_000,
};

/** Limits shared by every platform, in code points. */
export const CONTENT_LIMITS = {
  /** The headline on the variant's image card. */
  hook: 80,
  mediaCaption: 300,
} as const;

export interface WrittenVariant {
  text: string;
  hook: string;
  mediaCaption: string;
}

export interface WrittenContent {
  /** Direct and professional. */
  A: WrittenVariant;
  /** Casual and playful. */
  B: WrittenVariant;
}

const codePoints = (text: string) => [...text].length;

const LINK = /https?:\/\/\S+/g;
const X_LINK_WEIGHT = 23;
/** Code points X counts once (twitter-text v3); every other code point counts twice. */
const X_LIGHT_RANGES: [number, number][] = [
  [0x0000, 0x10ff],
  [0x2000, 0x200d],
  [0x2010, 0x201f],
  [0x2032, 0x2037],
];

/**
 * The length of a post's text as its platform counts it, after NFC normalisation. X weighs
 * characters: Latin and most punctuation 1, CJK and emoji 2, each link 23 whatever its length.
 * This counts every code point of an emoji sequence, so it is never below X's own count except for
 * a link written without its scheme. Elsewhere: code points, what a person sees as characters.
 */
export function contentLength(text: string, platform: Platform): number {
  const normalized = text.normalize("NFC");
  if (platform !== "X") return codePoints(normalized);
  const links = normalized.match(LINK)?.length ?? 0;
  let length = links * X_LINK_WEIGHT;
  for (const char of normalized.replace(LINK, "")) {
    const code = char.codePointAt(0) ?? 0;
    length += X_LIGHT_RANGES.some(([low, high]) => code >= low && code <= high) ? 1 : 2;
  }
  return length;
}

const sameText = (a: string, b: string) => {
  const normal = (t: string) => t.replace(/\s+/g, " ").trim().toLowerCase();
  return normal(a) === normal(b);
};

/** Every rule the copy breaks, as sentences; empty when it can be published on `platform`. */
export function validateContent(content: WrittenContent, platform: Platform): string[] {
  const problems: string[] = [];
  const limit = PLATFORM_LIMITS[platform];
  for (const label of ["A", "B"] as const) {
    const { text, hook, mediaCaption } = content[label];
    if (text.trim() === "") problems.push(`variant ${label}'s text is empty`);
    else {
      const length = contentLength(text, platform);
      const counted = platform === "X" ? " as X counts them" : "";
      if (length > limit)
        problems.push(
          `variant ${label}'s text has ${length} characters${counted}; ${PLATFORM_NAMES[platform]} allows at most ${limit}`,
        );
    }
    for (const [field, value, max] of [
      ["hook", hook, CONTENT_LIMITS.hook],
      ["media caption", mediaCaption, CONTENT_LIMITS.mediaCaption],
    ] as const) {
      const length = codePoints(value.trim());
      if (length < 1 || length > max) problems.push(`variant ${label}'s ${field} must be 1–${max} characters (has ${length})`);
    }
  }
  if (sameText(content.A.text, content.B.text))
    problems.push("variants A and B have the same text: B must be a different, casual and playful take");
  return problems;
}
