// What the copy writer knows about a post, read from its context: the brief's reading (product,
// what it is, audience, category, time frame, target), what the post is about and its role in the
// campaign, its active neighbours, and the guidance's requests. Internal text (the post's
// description, the goals, the product description, the guidance) is read for meaning and kept
// only as `forbidden`/`banned`, which the writer checks every sentence against.
import { createHash } from "node:crypto";
import type { Platform } from "../../../domain/content.js";
import type { ContentContext } from "../../context.js";
import { AUDIENCE_SIGNALS, type Audience, type Category } from "../audiences.js";
import { readBrief } from "../brief-reader.js";
import { type Intent, parseIntents } from "../intents.js";
import { clip } from "../text.js";
import { type GuidanceReading, readGuidance } from "./guidance.js";
import { ROLE_SIGNALS, type Role, TOPIC_SIGNALS, type Topic } from "./phrases.js";
import { article, guidanceWords, normal } from "./words.js";

export interface Facts {
  product: string;
  /** "an AI-powered GTM OS"; "a new tool" when the brief says nothing usable. */
  aWhat: string;
  /** "AI-powered GTM OS", or null. */
  what: string | null;
  audience: string;
  kind: Audience;
  category: Category;
  weeks: number;
  /** "100 users", when the goals name a number. */
  target?: string;
  title: string;
  platform: Platform;
  role: Role;
  topic: Topic;
  intents: Intent[];
  /** Whether a later post follows this one (never named: a regeneration may archive it). */
  leadsOn: boolean;
  previous?: string;
  guidance: GuidanceReading;
  /** Bytes of a hash of the post (not of the guidance): the A/B dimension and the phrasings. */
  seed: Buffer;
  /** Texts the copy must never contain verbatim, normalised. */
  forbidden: string[];
  /** The reviewer's own words, which the copy must not repeat. */
  banned: Set<string>;
}

function roleOf(phaseName: string, phase: number, topic: Topic): Role {
  const signal = ROLE_SIGNALS.find((s) => s.words.test(phaseName));
  if (signal) return signal.role;
  if (topic === "launch") return "launch";
  return phase <= 1 ? "awareness" : phase === 2 ? "launch" : "growth";
}

export function readFacts(context: ContentContext): Facts {
  const brief = readBrief(context.brief);
  const { post } = context;
  const title = clip(post.title, 120) || brief.product;
  const about = `${post.title}\n${post.description}`;
  const found = TOPIC_SIGNALS.find((s) => s.words.test(about))?.topic ?? "update";
  // Before the launch, a post about the opening announces it; it cannot say the product is live.
  const role = roleOf(post.phaseName, post.phase, found);
  const topic = found === "launch" && role === "awareness" ? "teaser" : found;
  const what = brief.whatItIs && brief.whatItIs !== "the product" && !brief.whatItIs.endsWith("…") ? brief.whatItIs : null;
  const next = context.next[0];
  const seed = createHash("sha256")
    .update(JSON.stringify([brief.product, post.title, post.platform, post.phase, post.phaseName]))
    .digest();
  const forbidden = [context.brief.productDescription, context.brief.gtmGoals, post.description, context.guidance ?? ""]
    .map(normal)
    // A description that is no more than the product's name cannot be kept out of its copy.
    .filter((t) => t.length > Math.max(8, brief.product.length + 2));
  return {
    product: brief.product,
    what,
    aWhat: what ? article(what) : "a new tool",
    // "for ordering fresh bread" names a use, not people: then the audience kind's own phrase.
    audience: /^(\w+ing|the|your|an?|more|better)\b/i.test(brief.audienceWords)
      ? (AUDIENCE_SIGNALS.find((s) => s.kind === brief.audience)?.phrase ?? "early adopters")
      : brief.audienceWords,
    kind: brief.audience,
    category: brief.category,
    weeks: brief.weeks,
    target: brief.target ? `${brief.target.count.toLocaleString("en-US")} ${brief.target.unit}` : undefined,
    title,
    platform: post.platform,
    role,
    topic,
    intents: parseIntents(about),
    leadsOn: next !== undefined,
    previous: context.previous[0] && clip(context.previous[0].title, 100),
    guidance: readGuidance(context.guidance),
    seed,
    forbidden,
    banned: guidanceWords(context.guidance, post.title),
  };
}
