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
  HACKER_NEWS: "Hacker News",
  REDDIT: "Reddit",
  NEWSLETTER: "the newsletter",
};

/**
 * The most one unit of a post's text may hold, as `contentLength` counts it: on X a post (each
 * post of a thread), on Product Hunt the launch page's description (its tagline is apart, see
 * PLATFORM_HEADINGS), on Hacker News and Reddit the text under the title, elsewhere the whole text.
 * BLOG and NEWSLETTER have no platform limit: 10,000 keeps an article readable and a model's answer
 * bounded; Hacker News documents none for a submission's text, and 2,000 keeps a first comment one.
 */
export const PLATFORM_LIMITS: Record<Platform, number> = {
  X: 280,
  LINKEDIN: 3000,
  INSTAGRAM: 2200,
  PRODUCT_HUNT: 260,
  BLOG: 10_000,
  HACKER_NEWS: 2000,
  REDDIT: 40_000,
  NEWSLETTER: 10_000,
};

/** An X thread: numbered posts ("1/4 …", "2/4 …") separated by blank lines, each within X's limit. */
export const X_THREAD = { maxPosts: 25 } as const;

/**
 * The first line some platforms show apart, then a blank line and the rest: Product Hunt's tagline
 * (optional: a single paragraph is the description alone), a Hacker News or Reddit title, a
 * newsletter's subject line. Limits are the platforms' own, except the subject line (ours: what a
 * mail client shows).
 */
export const PLATFORM_HEADINGS: Partial<Record<Platform, { what: string; max: number; required: boolean }>> = {
  PRODUCT_HUNT: { what: "tagline", max: 60, required: false },
  HACKER_NEWS: { what: "title", max: 80, required: true },
  REDDIT: { what: "title", max: 300, required: true },
  NEWSLETTER: { what: "subject line", max: 150, required: true },
};

/** Limits shared by every platform, in code points. */
export const CONTENT_LIMITS = {
  /** The headline on the variant's image card. */
  hook: 80,
  mediaCaption: 300,
  approach: 80,
} as const;

/** What variants A and B of a post differ in on purpose, so that the A/B test measures one thing. */
export const AB_DIMENSIONS = ["HOOK", "ANGLE", "CTA", "LENGTH", "TONE"] as const;
export type AbDimension = (typeof AB_DIMENSIONS)[number];
/** Copy that names no dimension (older copy, a model that left it out) differs in tone: A direct, B playful. */
export const DEFAULT_AB_DIMENSION: AbDimension = "TONE";

export interface WrittenVariant {
  text: string;
  hook: string;
  mediaCaption: string;
  /** What this variant tries on the tested dimension, in a few words ("a question as the hook"). */
  approach?: string;
}

export interface WrittenContent {
  A: WrittenVariant;
  B: WrittenVariant;
  /** The one dimension A and B differ in; DEFAULT_AB_DIMENSION when absent. */
  dimension?: AbDimension;
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

/** The posts of an X thread ("1/3 …\n\n2/3 …"), or the text alone when it is a single post. */
export function xPosts(text: string): string[] {
  return /^1\/\d+\s/.test(text.trim()) ? text.trim().split(/\n\s*\n(?=\d+\/\d+\s)/) : [text];
}

/** The first line shown apart (a title, tagline or subject) and the rest, split at the first blank line. */
export function headingAndBody(text: string): { heading: string; body: string } | null {
  const match = /^([^\n]+)\n\s*\n([\s\S]+)$/.exec(text.trim());
  return match ? { heading: (match[1] as string).trim(), body: (match[2] as string).trim() } : null;
}

/** Every rule a variant's text breaks on `platform`, as sentences naming the variant. */
function textProblems(label: string, text: string, platform: Platform): string[] {
  if (text.trim() === "") return [`variant ${label}'s text is empty`];
  const limit = PLATFORM_LIMITS[platform];
  const name = PLATFORM_NAMES[platform];
  if (platform === "X") {
    const posts = xPosts(text);
    if (posts.length === 1) {
      const length = contentLength(text, "X");
      return length > limit
        ? [`variant ${label}'s text has ${length} characters as X counts them; X allows at most ${limit}`]
        : [];
    }
    const problems: string[] = [];
    if (posts.length > X_THREAD.maxPosts)
      problems.push(`variant ${label}'s thread has ${posts.length} posts; at most ${X_THREAD.maxPosts}`);
    posts.forEach((post, i) => {
      if (!post.startsWith(`${i + 1}/${posts.length} `))
        problems.push(`variant ${label}'s thread post ${i + 1} must start with "${i + 1}/${posts.length} "`);
      const length = contentLength(post, "X");
      if (length > limit)
        problems.push(
          `variant ${label}'s thread post ${i + 1} has ${length} characters as X counts them; X allows at most ${limit}`,
        );
    });
    return problems;
  }
  const heading = PLATFORM_HEADINGS[platform];
  const parts = heading && headingAndBody(text);
  if (heading && !parts && heading.required)
    return [
      `variant ${label}'s text must start with its ${heading.what} on one line (at most ${heading.max} characters), then a blank line`,
    ];
  const problems: string[] = [];
  if (heading && parts) {
    const length = contentLength(parts.heading, platform);
    if (length > heading.max)
      problems.push(`variant ${label}'s ${heading.what} has ${length} characters; ${name} allows at most ${heading.max}`);
  }
  const body = parts ? parts.body : text;
  const length = contentLength(body, platform);
  if (length > limit) {
    const what = parts ? `text under the ${heading?.what}` : "text";
    problems.push(`variant ${label}'s ${what} has ${length} characters; ${name} allows at most ${limit}`);
  }
  return problems;
}

/** Every rule the copy breaks, as sentences; empty when it can be published on `platform`. */
export function validateContent(content: WrittenContent, platform: Platform): string[] {
  const problems: string[] = [];
  for (const label of ["A", "B"] as const) {
    const { text, hook, mediaCaption } = content[label];
    problems.push(...textProblems(label, text, platform));
    for (const [field, value, max] of [
      ["hook", hook, CONTENT_LIMITS.hook],
      ["media caption", mediaCaption, CONTENT_LIMITS.mediaCaption],
      ["approach", content[label].approach, CONTENT_LIMITS.approach],
    ] as const) {
      if (value === undefined) continue;
      const length = codePoints(value.trim());
      if (length < 1 || length > max) problems.push(`variant ${label}'s ${field} must be 1–${max} characters (has ${length})`);
    }
  }
  if (content.dimension !== undefined && !AB_DIMENSIONS.includes(content.dimension))
    problems.push(`dimension must be one of ${AB_DIMENSIONS.join(", ")} (got ${JSON.stringify(content.dimension)})`);
  if (sameText(content.A.text, content.B.text))
    problems.push("variants A and B have the same text: B must differ from A in the tested dimension");
  return problems;
}
