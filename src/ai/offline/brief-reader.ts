// What the offline model reads from a brief: the product's name, who it is for (one of a few
// audiences whose channels differ), what kind of product it is, the time frame and the number the
// goals aim at. Keyword tables are data (src/ai/offline/audiences.ts); this module only applies them.
import type { BriefText } from "../../domain/brief.js";
import { AUDIENCE_SIGNALS, type Audience, CATEGORY_SIGNALS, type Category } from "./audiences.js";
import { clip, NUMBER_WORDS } from "./text.js";

export interface BriefReading {
  /** The product's name as the description states it ("Janus – …" → "Janus"), else the campaign's name. */
  product: string;
  /** What the product does, as a short phrase of the description ("AI-powered GTM OS"), never the whole description. */
  whatItIs: string;
  audience: Audience;
  /** The audience in the brief's own words ("technical founders"), or a phrase for the audience kind. */
  audienceWords: string;
  category: Category;
  /** The campaign's length in weeks, from the goals ("4 weeks", "a month", "90 days"); 4 when none is named. */
  weeks: number;
  /** The number the goals aim at and what it counts ("100 users", "500 weekly orders"), if any. */
  target?: { count: number; unit: string };
}

/** The campaign's length in weeks as the goals state it. */
export function weeksIn(goals: string): number {
  const match = /\b(\d+|an?|this|next|one|two|three|four|five|six|eight|ten|twelve)[\s-]+(day|week|month|quarter)s?\b/i.exec(
    goals,
  );
  if (!match) return 4;
  const n = Number(match[1]) || NUMBER_WORDS[(match[1] as string).toLowerCase()] || 1;
  const unit = (match[2] as string).toLowerCase();
  const weeks = unit === "day" ? n / 7 : unit === "month" ? n * 4.345 : unit === "quarter" ? n * 13 : n;
  return Math.max(1, Math.min(52, Math.round(weeks)));
}

/** The number the goals aim at ("first 100 users", "1,000 sign-ups", "500 weekly orders"). */
export function targetIn(goals: string): BriefReading["target"] {
  const match =
    /\b(\d[\d,.]*)\s*(k\b)?\s*((?:[a-z-]+\s){0,2}?(?:users?|customers?|sign-?ups?|signups|subscribers?|orders?|downloads?|installs?|members?|stars?|teams?|leads?|bookings?|visitors?|clients?|accounts?|seats?|demos?|trials?))\b/i.exec(
      goals,
    );
  if (!match) return undefined;
  const count = Math.round(Number((match[1] as string).replace(/,/g, "")) * (match[2] ? 1000 : 1));
  if (!Number.isFinite(count) || count <= 0) return undefined;
  return { count, unit: (match[3] as string).trim().toLowerCase() };
}

/** The first kind whose signals the text mentions most, else `fallback`. */
function classify<K extends string>(text: string, signals: readonly { kind: K; words: RegExp }[], fallback: K): K {
  let best: { kind: K; hits: number } = { kind: fallback, hits: 0 };
  for (const { kind, words } of signals) {
    const hits = text.match(new RegExp(words.source, "gi"))?.length ?? 0;
    if (hits > best.hits) best = { kind, hits };
  }
  return best.kind;
}

/** Reads a brief. Same brief → same reading. */
export function readBrief(brief: BriefText): BriefReading {
  const description = brief.productDescription.replace(/\s+/g, " ").trim();
  const first = description.split(/(?<=[.!?])\s|\n/)[0] ?? description;
  const [head, ...rest] = first.split(/\s[–—-]\s|:\s/);
  const named = head?.split(/,|\s(?:is|helps|lets|makes|gives)\s/)[0]?.trim();
  const product = clip(named && named.split(" ").length <= 4 ? named : brief.name, 40);
  // The first clause after the name says what it is ("a neighbourhood bakery app: order ahead…").
  const tail = rest[0] || first.slice(product.length).replace(/^\s*(is|helps|lets|makes|gives)\s+/i, "");
  const whatItIs = clip(tail.replace(/\s+for\s+.+$/i, "").replace(/^an?\s+/i, "") || "the product", 60);
  const whole = `${description} ${brief.gtmGoals}`;
  const audience = classify(whole, AUDIENCE_SIGNALS, "consumers");
  // "for technical founders", not "for pre-ordering bread" or "for pick-up": a "for" that names people.
  const forWhom =
    /\bfor\s+(?![\w-]+ing\b|pick-?ups?\b|deliver(y|ies)\b|free\b|sale\b|hire\b|rent\b)([^.,;!?]+?)(?=\s+(?:who|that|to|with|in|by|for)\s|[.,;!?]|$)/i
      .exec(first)?.[2]
      ?.trim();
  return {
    product,
    whatItIs,
    audience,
    audienceWords: clip(forWhom ?? AUDIENCE_SIGNALS.find((s) => s.kind === audience)?.phrase ?? "early adopters", 60),
    category: classify(whole, CATEGORY_SIGNALS, "app"),
    weeks: weeksIn(brief.gtmGoals),
    target: targetIn(brief.gtmGoals),
  };
}
