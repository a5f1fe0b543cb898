// The A/B test of a post: one dimension, chosen per post from those its platform can test and the
// guidance leaves open, and the two values A and B take on it. Everything else is the same spec.
import type { AbDimension, Platform } from "../../../domain/content.js";
import type { Facts } from "./facts.js";
import { type Angle, APPROACHES, type Cta, type HookType, type Length, type Tone } from "./phrases.js";

export interface Spec {
  hook: HookType;
  angle: Angle;
  cta: Cta;
  length: Length;
  tone: Tone;
}

/** The dimensions each platform can test (Hacker News and Reddit stay plain: no tone test there). */
export const TESTABLE: Record<Platform, readonly AbDimension[]> = {
  X: ["HOOK", "LENGTH", "ANGLE", "CTA", "TONE"],
  LINKEDIN: ["HOOK", "ANGLE", "CTA", "LENGTH", "TONE"],
  INSTAGRAM: ["HOOK", "TONE", "CTA", "ANGLE"],
  PRODUCT_HUNT: ["HOOK", "ANGLE", "CTA"],
  BLOG: ["HOOK", "ANGLE", "LENGTH"],
  HACKER_NEWS: ["HOOK", "ANGLE", "CTA"],
  REDDIT: ["HOOK", "ANGLE", "CTA"],
  NEWSLETTER: ["HOOK", "ANGLE", "CTA", "TONE"],
};

const VALUES = {
  HOOK: ["question", "number", "statement", "story", "technical"],
  ANGLE: ["problem", "outcome", "story", "proof"],
  CTA: ["try", "reply", "follow"],
  LENGTH: ["short", "full"],
  TONE: ["plain", "warm"],
} as const;

const KEY = { HOOK: "hook", ANGLE: "angle", CTA: "cta", LENGTH: "length", TONE: "tone" } as const;

const PLAIN_PLATFORMS: readonly Platform[] = ["HACKER_NEWS", "REDDIT", "PRODUCT_HUNT", "BLOG", "LINKEDIN"];

/** A's spec before the test: what suits the post's role and topic, and what the guidance asks. */
function baseSpec(f: Facts): { spec: Spec; fixed: Set<AbDimension> } {
  const requests = f.guidance.requests;
  const fixed = new Set<AbDimension>();
  const byTopic: Partial<Record<Facts["topic"], HookType>> = {
    story: "story",
    demo: "technical",
    tutorial: "technical",
    milestone: "number",
    community: "question",
  };
  let hook: HookType = byTopic[f.topic] ?? (f.target && (f.seed[2] ?? 0) % 2 === 0 ? "number" : "statement");
  if (f.platform === "REDDIT") hook = "question";
  const angles: Record<Facts["role"], Angle> = {
    awareness: "problem",
    launch: "outcome",
    growth: "proof",
    community: "story",
    retention: "outcome",
  };
  let angle = angles[f.role];
  let cta: Cta = f.role === "community" ? "reply" : f.role === "growth" ? "try" : "try";
  if (f.platform === "HACKER_NEWS" || f.platform === "REDDIT") cta = "reply";
  let length: Length = f.platform === "X" ? ((f.seed[3] ?? 0) % 2 === 0 ? "full" : "short") : "full";
  let tone: Tone = PLAIN_PLATFORMS.includes(f.platform) ? "plain" : "warm";
  if (requests.has("technical")) {
    hook = "technical";
    fixed.add("HOOK");
  } else if (requests.has("question")) {
    hook = "question";
    fixed.add("HOOK");
  } else if (requests.has("calm") && (hook === "question" || hook === "story")) hook = f.target ? "number" : "statement";
  if (requests.has("concrete")) angle = "proof";
  if (requests.has("action")) {
    cta = "try";
    fixed.add("CTA");
  }
  if (requests.has("shorter") || requests.has("longer")) {
    length = requests.has("shorter") ? "short" : "full";
    fixed.add("LENGTH");
  }
  if (requests.has("calm") || requests.has("formal") || requests.has("casual")) {
    tone = requests.has("casual") ? "warm" : "plain";
    fixed.add("TONE");
  }
  return { spec: { hook, angle, cta, length, tone }, fixed };
}

export interface AbTest {
  dimension: AbDimension;
  A: Spec;
  B: Spec;
  approach: { A: string; B: string };
}

/** The test for a post: same post → same dimension and values. */
export function chooseTest(f: Facts): AbTest {
  const { spec, fixed } = baseSpec(f);
  const open = TESTABLE[f.platform].filter((d) => !fixed.has(d));
  const dimension = open.length > 0 ? (open[(f.seed[0] ?? 0) % open.length] as AbDimension) : "HOOK";
  const key = KEY[dimension];
  const values = VALUES[dimension] as readonly string[];
  const others = values.filter((v) => v !== spec[key]);
  const b = others[(f.seed[1] ?? 0) % others.length] as string;
  const B = { ...spec, [key]: b } as Spec;
  const label = (s: Spec) => (APPROACHES[dimension] as Record<string, string>)[s[key]] as string;
  return { dimension, A: spec, B, approach: { A: label(spec), B: label(B) } };
}
