// The offline follow-up author: a deterministic, request-specific post with no model at all. The
// request's subject becomes the title, in the format of the platform the request names (else one
// its intents call for, else one the selected posts and the target phase do not use yet); the
// description is a note for the copywriter: the format, the post it picks up from, the angle.
// It never pastes the goals or the request. Same context → same post.
import { createHash } from "node:crypto";
import { PLATFORM_NAMES } from "../../domain/content.js";
import type { ProposedPost } from "../../domain/follow-up.js";
import { PLAN_LIMITS, PLATFORMS, type PlanPlatform } from "../../domain/plan.js";
import type { FollowUpContext } from "../context.js";
import { readBrief } from "./brief-reader.js";
import { parseIntents } from "./intents.js";
import { directionFocus, fill, templateValues } from "./plan-writer.js";
import { FOLLOW_UP_FORMATS, FOLLOW_UP_TITLES, INTENT_PLAYS } from "./playbook.js";
import { clip } from "./text.js";

/** Words that name a platform or one of its formats. */
const PLATFORM_WORDS: [RegExp, PlanPlatform][] = [
  [/\b(show hn|hacker ?news|hn)\b/i, "HACKER_NEWS"],
  [/\b(reddit|subreddit|r\/\w+)/i, "REDDIT"],
  [/\b(newsletter|e-?mail|mailing list)\b/i, "NEWSLETTER"],
  [/\blinked ?in\b/i, "LINKEDIN"],
  [/\b(instagram|insta|reels?|carousel)\b/i, "INSTAGRAM"],
  [/\bproduct ?hunt\b/i, "PRODUCT_HUNT"],
  [/\b(blog|article|essay|tutorial|guide|write-?up)\b/i, "BLOG"],
  [/\b(x|twitter|tweets?|threads?)\b/i, "X"],
];

/** The platform the request names first, if any. */
function askedPlatform(prompt: string): PlanPlatform | undefined {
  const found = PLATFORM_WORDS.map(([pattern, platform]) => ({ platform, at: prompt.search(pattern) }))
    .filter((m) => m.at >= 0)
    .sort((a, b) => a.at - b.at);
  return found[0]?.platform;
}

/** A launch page is no follow-up format unless the request asks for one. */
const FOLLOW_UP_PLATFORMS = PLATFORMS.filter((p) => p !== "PRODUCT_HUNT");

function choosePlatform(context: FollowUpContext, seed: Buffer): PlanPlatform {
  const asked = askedPlatform(context.prompt);
  if (asked) return asked;
  const used = new Set([...context.fromPosts, ...context.targetPhase.posts].map((p) => p.platform));
  // A request about demos, offers, events… takes a platform its intent's tactics use.
  const wanted = parseIntents(context.prompt).flatMap((i) => INTENT_PLAYS[i].tactics.map((t) => t.platform));
  const fitting = wanted.find((p) => !used.has(p) && p !== "PRODUCT_HUNT");
  if (fitting) return fitting;
  const fresh = FOLLOW_UP_PLATFORMS.filter((p) => !used.has(p));
  const options = fresh.length > 0 ? fresh : FOLLOW_UP_PLATFORMS;
  return options[(seed[0] ?? 0) % options.length] as PlanPlatform;
}

/**
 * What the request is about, without the request for a post itself: "write a LinkedIn post about
 * our SOC 2 audit" → "our SOC 2 audit", "a Show HN post about the CLI" → "the CLI",
 * "highlight the open-source SDK" → "open-source SDK".
 */
export function requestSubject(prompt: string): string {
  const steps = [
    /^(please |let'?s |can you |could you |we need |i want )+/i,
    /^(write|post|create|make|draft|publish|do|plan|share|add|put together|prepare)\s+/i,
    /^(an?|the|one|another)\s+/i,
    /^((new|short|quick|follow-?up|longer|technical)\s+)+/i,
    /^(show hn|hacker ?news|hn|reddit|subreddit|linked ?in|instagram|insta|x|twitter|product ?hunt|blog|newsletter|e-?mail)\s+/i,
    /^(thread|post|tweet|article|carousel|reel|update|video|tutorial|guide|story|issue|write-?up|page|comment)\s+/i,
    /^(about|on|of|covering|that covers|explaining|for|with)\s+/i,
  ];
  let subject = prompt.replace(/\s+/g, " ").trim();
  for (const step of steps) {
    const next = subject.replace(step, "");
    if (next.trim()) subject = next;
  }
  return directionFocus(subject || prompt).replace(/[.!?…]+$/, "");
}

/** “A”, “A” and “B”, or “A”, “B” and 3 more. */
function titles(posts: { title: string }[]): string {
  const quoted = posts.slice(0, 2).map((p) => `“${clip(p.title, 80)}”`);
  const rest = posts.length - quoted.length;
  if (rest > 0) return `${quoted.join(", ")} and ${rest} more`;
  return quoted.length === 2 ? `${quoted[0]} and ${quoted[1]}` : (quoted[0] ?? "");
}

/** The deterministic follow-up post for a request. */
export function writeOfflineFollowUp(context: FollowUpContext): ProposedPost {
  const reading = readBrief(context.brief);
  const values = templateValues(reading);
  const subject = requestSubject(context.prompt);
  const seed = createHash("sha256").update(JSON.stringify(context)).digest();
  const platform = choosePlatform(context, seed);
  const named = subject.toLowerCase().includes(reading.product.toLowerCase());
  const title = named
    ? `${subject.charAt(0).toUpperCase()}${subject.slice(1)}`
    : fill(FOLLOW_UP_TITLES[platform], { ...values, subject });
  const [intent] = parseIntents(context.prompt);
  const description = [
    `${FOLLOW_UP_FORMATS[platform]} on ${PLATFORM_NAMES[platform]} for ${reading.audienceWords}, about ${clip(subject, 100)}.`,
    context.fromPosts.length > 0 && `Picks up from ${titles(context.fromPosts)}.`,
    intent && `Angle (${INTENT_PLAYS[intent].label}): ${INTENT_PLAYS[intent].angle}.`,
    `Keep it to one idea and one call to action.`,
  ]
    .filter(Boolean)
    .join(" ");
  return {
    title: clip(title, PLAN_LIMITS.maxTitle),
    description: clip(description, PLAN_LIMITS.maxDescription),
    platform,
    phaseName: context.targetPhase.name ?? clip(`Follow-up: ${subject}`, PLAN_LIMITS.maxPhaseName),
  };
}
