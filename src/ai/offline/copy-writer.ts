// The offline copy writer: deterministic, post-specific A/B copy with no model at all. It builds on
// the post's title and description, the product, its audience and goals, the phase, the posts
// around it and a reviewer's guidance (which changes the hook and adds a line), shaped per platform
// and always within the platform's limit. Same context → same copy.
import { createHash } from "node:crypto";
import {
  CONTENT_LIMITS,
  contentLength,
  PLATFORM_LIMITS,
  type Platform,
  type WrittenContent,
  type WrittenVariant,
} from "../../domain/content.js";
import type { ContentContext } from "../context.js";
import { briefFacts, directionFocus } from "./plan-writer.js";
import { clip } from "./text.js";

type Role = "awareness" | "launch" | "growth" | "community" | "retention" | "other";

interface Facts {
  product: string;
  audience: string;
  goal: string;
  title: string;
  description: string;
  /** The description's first sentence. */
  summary: string;
  role: Role;
  previous?: string;
  next?: string;
  /** What the reviewer's guidance is about. */
  focus?: string;
  /** Picks among phrasings: a hash of the whole context. */
  seed: Buffer;
}

interface Voice {
  hook(f: Facts): string;
  opening(f: Facts): string;
  why(f: Facts): string;
  after(title: string): string;
  before(title: string): string;
  spotlight(focus: string): string;
  call: Record<Role, (product: string) => string>;
  caption(f: Facts, hook: string): string;
  headings: { why: string; fits: string };
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const sentence = (text: string) => (/[.!?…]$/.test(text) ? text : `${text}.`);
const pick = <T>(options: T[], byte: number | undefined) => options[(byte ?? 0) % options.length] as T;

const EMOJI = ["🚀", "✨", "🎉", "👀", "🔥"];

const direct: Voice = {
  hook: (f) => (f.focus ? `${capitalize(f.focus)}: ${f.title}` : f.title),
  opening: (f) => sentence(f.title),
  why: (f) => `Built for ${f.audience}. Our goal: ${sentence(f.goal)}`,
  after: (title) => `This builds on “${title}”.`,
  before: (title) => `Coming next: ${sentence(title)}`,
  spotlight: (focus) => `Spotlight: ${sentence(focus)}`,
  call: {
    awareness: (p) => `Join the ${p} waitlist.`,
    launch: (p) => `Try ${p} today.`,
    growth: (p) => `Bring your team to ${p}.`,
    community: (p) => `Join the ${p} community.`,
    retention: (p) => `Get more out of ${p} this week.`,
    other: (p) => `Learn more about ${p}.`,
  },
  caption: (f, hook) => `A clean ${f.product} title card reading “${hook}”, with the post's key point in one line.`,
  headings: { why: "Why it matters", fits: "Where this fits" },
};

const playful: Voice = {
  hook: (f) => (f.focus ? `${capitalize(f.focus)}, finally ${pick(EMOJI, f.seed[1])}` : `${f.title} ${pick(EMOJI, f.seed[1])}`),
  opening: (f) =>
    `${pick(["Okay, real talk:", "Quick one:", "Plot twist:", "Hot take:", "Fun fact:"], f.seed[0])} ${f.title} ${pick(EMOJI, f.seed[1])}`,
  why: (f) => `Made for ${f.audience}. The big goal? ${sentence(f.goal)} 🎯`,
  after: (title) => `Caught “${title}”? This picks up right where it left off.`,
  before: (title) => `Next up: ${title}. Stay tuned 👀`,
  spotlight: (focus) => `And yes: ${focus} 🙌`,
  call: {
    awareness: (p) => `Grab your spot on the ${p} waitlist 👀`,
    launch: (p) => `Go take ${p} for a spin 🚀`,
    growth: (p) => `Drag a teammate into ${p} 🙌`,
    community: (p) => `Come hang out with the ${p} crew 💬`,
    retention: (p) => `Steal this ${p} trick ✨`,
    other: (p) => `Come see what ${p} is up to 👋`,
  },
  caption: (f, hook) => `A bright, playful ${f.product} card shouting “${hook}” over bold shapes and confetti.`,
  headings: { why: "So, why should you care? 🤔", fits: "The story so far 📖" },
};

const ROLE_TAGS: Record<Role, string> = {
  awareness: "comingsoon",
  launch: "launch",
  growth: "growth",
  community: "community",
  retention: "productivity",
  other: "startups",
};

function roleOf(phaseName: string): Role {
  if (/aware|teas|pre-?launch/i.test(phaseName)) return "awareness";
  if (/launch/i.test(phaseName)) return "launch";
  if (/growth|expan|scal/i.test(phaseName)) return "growth";
  if (/communit/i.test(phaseName)) return "community";
  if (/retention|loyal/i.test(phaseName)) return "retention";
  return "other";
}

const hashtags = (f: Facts, count: number) => {
  const product = f.product.replace(/[^\p{L}\p{N}]+/gu, "");
  const tags = [product, ROLE_TAGS[f.role], "buildinpublic", "startups", "SaaS"].filter(Boolean);
  return [...new Set(tags)]
    .slice(0, count)
    .map((t) => `#${t}`)
    .join(" ");
};

/** A piece of a post: required text, optional text (dropped first when the post is too long), or nothing. */
type Part = string | { optional: string } | undefined | false;

/**
 * The parts joined by `separator`, dropping optional parts from the last one back while the text
 * is too long, then cutting it on a word boundary with "…" as a last resort.
 */
function compose(platform: Platform, separator: string, parts: Part[]): string {
  const limit = PLATFORM_LIMITS[platform];
  const fits = (text: string) => contentLength(text, platform) <= limit;
  const present = parts.filter((p): p is string | { optional: string } => Boolean(p));
  const join = (ps: typeof present) => ps.map((p) => (typeof p === "string" ? p : p.optional)).join(separator);
  let kept = present;
  while (!fits(join(kept))) {
    const last = kept.findLastIndex((p) => typeof p !== "string");
    if (last < 0) break;
    kept = kept.toSpliced(last, 1);
  }
  const text = join(kept);
  if (fits(text)) return text;
  for (const { index } of [...text.matchAll(/\s+/g)].reverse()) {
    const cut = `${text.slice(0, index)}…`;
    if (index > 0 && fits(cut)) return cut;
  }
  const chars = [...text];
  while (chars.length > 0 && !fits(`${chars.join("")}…`)) chars.pop();
  return `${chars.join("")}…`;
}

const LAYOUTS: Record<Platform, (v: Voice, f: Facts, hook: string) => string> = {
  X: (v, f) =>
    compose("X", "\n\n", [
      v.opening({ ...f, title: clip(f.title, 90) }),
      { optional: clip(f.summary, 100) },
      f.focus && v.spotlight(f.focus),
      f.next && { optional: v.before(clip(f.next, 60)) },
      `${v.call[f.role](f.product)} ${hashtags(f, 1)}`,
    ]),
  PRODUCT_HUNT: (v, f) =>
    compose("PRODUCT_HUNT", " ", [
      sentence(`${f.product}: ${clip(f.summary, 120)}`),
      f.focus && v.spotlight(f.focus),
      { optional: `For ${f.audience}.` },
      v.call[f.role](f.product),
    ]),
  LINKEDIN: (v, f) =>
    compose("LINKEDIN", "\n\n", [
      v.opening(f),
      f.description,
      v.why(f),
      f.previous && { optional: v.after(f.previous) },
      f.focus && v.spotlight(f.focus),
      f.next && { optional: v.before(f.next) },
      v.call[f.role](f.product),
      hashtags(f, 3),
    ]),
  INSTAGRAM: (v, f) =>
    compose("INSTAGRAM", "\n\n", [
      v.opening(f),
      f.summary,
      f.focus && v.spotlight(f.focus),
      f.next && { optional: v.before(f.next) },
      v.call[f.role](f.product),
      `.\n${hashtags(f, 5)}`,
    ]),
  HACKER_NEWS: (v, f) =>
    compose("HACKER_NEWS", "\n\n", [
      clip(`Show HN: ${f.product} – ${f.summary.replace(/[.!?…]+$/, "")}`, 80),
      f.description,
      f.focus && v.spotlight(f.focus),
      v.call[f.role](f.product),
    ]),
  REDDIT: (v, f) =>
    compose("REDDIT", "\n\n", [clip(f.title, 300), f.description, f.focus && v.spotlight(f.focus), v.call[f.role](f.product)]),
  NEWSLETTER: (v, f, hook) =>
    compose("NEWSLETTER", "\n\n", [
      clip(hook, 150),
      f.description,
      v.why(f),
      f.focus && v.spotlight(f.focus),
      v.call[f.role](f.product),
    ]),
  BLOG: (v, f, hook) =>
    compose("BLOG", "\n\n", [
      `# ${hook}`,
      f.description,
      f.focus && `## ${capitalize(f.focus)}\n\n${v.spotlight(f.focus)}`,
      `## ${v.headings.why}\n\n${v.why(f)}`,
      (f.previous || f.next) &&
        `## ${v.headings.fits}\n\n${[f.previous && v.after(f.previous), f.next && v.before(f.next)].filter(Boolean).join(" ")}`,
      v.call[f.role](f.product),
    ]),
};

function facts(context: ContentContext): Facts {
  const brief = briefFacts(context.brief);
  const product = brief.product || "our product";
  // The offline planner ends descriptions with "Goal: …", which `why` states already.
  const description = clip(context.post.description.replace(/\s*Goal:[\s\S]*$/, ""), 600);
  const guidance = context.guidance?.trim();
  return {
    product,
    audience: brief.audience,
    goal: brief.goal,
    title: clip(context.post.title, 120) || product,
    description: description || product,
    summary: description.split(/(?<=[.!?])\s/)[0] || product,
    role: roleOf(context.post.phaseName),
    previous: context.previous[0] && clip(context.previous[0].title, 120),
    next: context.next[0] && clip(context.next[0].title, 120),
    focus: guidance ? directionFocus(guidance).replace(/[.!?…]+$/, "") : undefined,
    seed: createHash("sha256").update(JSON.stringify(context)).digest(),
  };
}

function writeVariant(voice: Voice, f: Facts, platform: Platform): WrittenVariant {
  const hook = clip(voice.hook(f), CONTENT_LIMITS.hook);
  return {
    text: LAYOUTS[platform](voice, f, hook),
    hook,
    mediaCaption: clip(voice.caption(f, hook), CONTENT_LIMITS.mediaCaption),
  };
}

/** The deterministic A (direct) and B (playful) copy for a post. */
export function writeOfflineCopy(context: ContentContext): WrittenContent {
  const f = facts(context);
  return { A: writeVariant(direct, f, context.post.platform), B: writeVariant(playful, f, context.post.platform) };
}
