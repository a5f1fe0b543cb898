// The offline follow-up author: a deterministic, request-specific post with no model at all. The
// request's subject goes into the title, the request itself and the posts it follows into the
// description; a platform the request names wins, else one the selected posts and the target phase
// do not use yet. Same context → same post.
import { createHash } from "node:crypto";
import type { ProposedPost } from "../../domain/follow-up.js";
import { PLAN_LIMITS, PLATFORMS, type PlanPlatform } from "../../domain/plan.js";
import type { FollowUpContext } from "../context.js";
import { briefFacts, directionFocus } from "./plan-writer.js";
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

const FORMAT: Record<PlanPlatform, string> = {
  X: "short X post",
  LINKEDIN: "LinkedIn post",
  INSTAGRAM: "Instagram post",
  PRODUCT_HUNT: "Product Hunt update",
  BLOG: "blog post",
  HACKER_NEWS: "Show HN post",
  REDDIT: "Reddit post",
  NEWSLETTER: "newsletter issue",
};

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
  const fresh = FOLLOW_UP_PLATFORMS.filter((p) => !used.has(p));
  const options = fresh.length > 0 ? fresh : FOLLOW_UP_PLATFORMS;
  return options[(seed[0] ?? 0) % options.length] as PlanPlatform;
}

/**
 * What the request is about, without the request for a post itself: "write a LinkedIn post about
 * our SOC 2 audit" → "our SOC 2 audit", "highlight the open-source SDK" → "open-source SDK".
 */
function requestSubject(prompt: string): string {
  const subject = prompt
    .replace(/\s+/g, " ")
    .trim()
    .replace(
      /^(please |let'?s )?(write|post|create|make|draft|publish|do|plan|share|add)( (an?|the|one|another)( new| short| quick)?)?( (x|twitter|linkedin|instagram|blog|product hunt))?( (thread|post|tweet|article|carousel|reel|update|video|tutorial|guide|story))?( (about|on|covering))? /i,
      "",
    );
  return directionFocus(subject || prompt).replace(/[.!?…]+$/, "");
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const sentence = (text: string) => (/[.!?…]$/.test(text) ? text : `${text}.`);

/** “A”, “A” and “B”, or “A”, “B” and 3 more. */
function titles(posts: { title: string }[]): string {
  const quoted = posts.slice(0, 2).map((p) => `“${clip(p.title, 80)}”`);
  const rest = posts.length - quoted.length;
  if (rest > 0) return `${quoted.join(", ")} and ${rest} more`;
  return quoted.length === 2 ? `${quoted[0]} and ${quoted[1]}` : (quoted[0] ?? "");
}

/** The deterministic follow-up post for a request. */
export function writeOfflineFollowUp(context: FollowUpContext): ProposedPost {
  const facts = briefFacts(context.brief);
  const focus = requestSubject(context.prompt);
  const seed = createHash("sha256").update(JSON.stringify(context)).digest();
  const platform = choosePlatform(context, seed);
  const named = focus.toLowerCase().includes(facts.product.toLowerCase());
  const title = named ? capitalize(focus) : `${facts.product}: ${focus}`;
  const description = [
    `A ${FORMAT[platform]} for ${facts.audience} that picks up where ${titles(context.fromPosts)} left off.`,
    `Asked for: ${sentence(clip(context.prompt, 300))}`,
    `Goal: ${facts.goal}`,
  ].join(" ");
  return {
    title: clip(title, PLAN_LIMITS.maxTitle),
    description: clip(description, PLAN_LIMITS.maxDescription),
    platform,
    phaseName: context.targetPhase.name ?? clip(`Follow-up: ${focus}`, PLAN_LIMITS.maxPhaseName),
  };
}
