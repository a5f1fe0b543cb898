// A variant's message before it takes its platform's shape: the hook, the lines of the post and its
// call to action, each phrase filled from the facts and checked: a sentence that would repeat the
// brief, the goals, the post's description or the reviewer's words is replaced by another wording
// or left out. Wording 0 is A's, 1 is B's.
import { CONTENT_LIMITS } from "../../../domain/content.js";
import { clip } from "../text.js";
import type { Spec } from "./ab.js";
import type { Facts } from "./facts.js";
import {
  AUDIENCES,
  CATEGORIES,
  CTAS,
  HOOKS,
  HYPE,
  LINKS,
  NEXT_LINES,
  type Pair,
  STORY,
  TARGET_LINES,
  TOPICS,
  WARM_LINES,
} from "./phrases.js";
import { capitalize, normal, pick, sentence, stripEnd, wordsOf } from "./words.js";

export type Wording = 0 | 1;

export interface Draft {
  /** The headline on the image card, ≤ 80. */
  hook: string;
  /** What the product is, one sentence. */
  intro: string;
  /** The angle: one or two sentences. */
  angle: string[];
  /** What this post is about. */
  topic: string;
  example?: string;
  /** How it works, three steps, when the post is technical. */
  steps?: string[];
  next?: string;
  cta: string;
  /** A personal line in a warm tone. */
  warm?: string;
  tags: string[];
  spec: Spec;
  wording: Wording;
  /** No emoji, no exclamation marks, no superlatives. */
  calm: boolean;
}

/** Fills `{field}`s; null when a field the template needs is unknown. */
export function fill(template: string, f: Facts, extra: Record<string, string | undefined> = {}): string | null {
  const values: Record<string, string | undefined> = {
    product: f.product,
    aWhat: f.aWhat,
    what: f.what ?? undefined,
    audience: f.audience,
    title: f.title,
    target: f.target,
    weeks: String(f.weeks),
    link: LINKS[f.platform] ?? LINKS.default,
    ...extra,
  };
  let missing = false;
  const text = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined || value === "") missing = true;
    return value ?? "";
  });
  return missing ? null : text;
}

/** Whether the copy may say this: no reviewer's word, no brief text pasted verbatim. */
export function allowed(text: string, f: Facts): boolean {
  if (/\bgoals?\s*:|reviewer feedback/i.test(text)) return false;
  if (wordsOf(text).some((w) => f.banned.has(w))) return false;
  const flat = normal(text);
  return !f.forbidden.some((t) => flat.includes(t));
}

/** The first candidate that fills and is allowed. */
export function say(f: Facts, candidates: readonly (string | undefined)[], extra?: Record<string, string | undefined>) {
  for (const candidate of candidates) {
    if (candidate === undefined) continue;
    const text = fill(candidate, f, extra);
    if (text && allowed(text, f)) return text;
  }
  return undefined;
}

/** A's wording first for A, B's first for B. */
const inOrder = (pair: Pair, w: Wording) => [pair[w], pair[1 - w]] as const;

const EMOJI: Record<Facts["kind"], readonly string[]> = {
  developers: ["🚀", "🛠️", "👀", "💡"],
  b2b: ["📈", "💡", "✅", "👀"],
  consumers: ["✨", "🙌", "👀", "🎉"],
  local: ["🥐", "☕", "🧡", "👋"],
};

/** Calm copy: no exclamation marks, no emoji, no superlatives. */
export function calmDown(text: string): string {
  return text
    .replace(HYPE, "")
    .replace(/\p{Extended_Pictographic}\uFE0F?/gu, "")
    .replace(/!+/g, ".")
    .replace(/ {2,}/g, " ")
    .replace(/ ([.,:;?])/g, "$1")
    .trim();
}

function hookOf(f: Facts, spec: Spec, w: Wording): string {
  const templates = HOOKS[spec.hook];
  const first = ((f.seed[4] ?? 0) + f.guidance.turn + w) % templates.length;
  const ordered = [...templates.slice(first), ...templates.slice(0, first)];
  const category = CATEGORIES[f.category];
  const question = category.question && f.kind === "local" ? category.question : AUDIENCES[f.kind].question;
  const extra = { question: fill(question[w], f) ?? undefined };
  const fitting = ordered.filter((t) => (fill(t, f, extra)?.length ?? 0) <= CONTENT_LIMITS.hook - 3);
  const hook = say(f, [...fitting, "{title}"], extra);
  return clip(hook ?? f.title, CONTENT_LIMITS.hook);
}

function ctaOf(f: Facts, spec: Spec, w: Wording): string {
  const table = CTAS[spec.cta];
  const pair = (f.kind === "local" && spec.cta === "try" ? table.local : undefined) ?? table[f.role] ?? table.default;
  return say(f, [...inOrder(pair, w), ...inOrder(table.default, w), "More soon."]) ?? "More soon.";
}

function anglesOf(f: Facts, spec: Spec, w: Wording): string[] {
  const audience = AUDIENCES[f.kind];
  const example = CATEGORIES[f.category].example;
  const lines: Record<Spec["angle"], (string | undefined)[]> = {
    problem: [say(f, inOrder(audience.pain, w)), say(f, inOrder(audience.gain, w))],
    outcome: [say(f, inOrder(audience.gain, w)), say(f, [capitalize(sentence(example[w]))])],
    story: [say(f, inOrder(STORY, w)), say(f, inOrder(audience.gain, w))],
    proof: [
      say(f, [`For example: ${sentence(example[w])}`, `Say ${sentence(example[w])}`]),
      f.target ? say(f, inOrder(TARGET_LINES, w)) : say(f, inOrder(audience.gain, w)),
    ],
  };
  return lines[spec.angle].filter((l): l is string => Boolean(l));
}

function tagsOf(f: Facts, w: Wording): string[] {
  const product = f.product.replace(/[^\p{L}\p{N}]+/gu, "");
  const pool = [...AUDIENCES[f.kind].tags, ...CATEGORIES[f.category].tags];
  const rotated = w === 0 ? pool : [...pool.slice(2), ...pool.slice(0, 2)];
  return [...new Set([product, ...rotated].filter((t) => t && !f.banned.has(t.toLowerCase())))];
}

/** The message of one variant. */
export function draft(f: Facts, spec: Spec, w: Wording): Draft {
  const requests = f.guidance.requests;
  const calm = spec.tone === "plain" || requests.has("calm") || requests.has("formal");
  const technical =
    spec.hook === "technical" ||
    requests.has("technical") ||
    f.topic === "demo" ||
    f.topic === "tutorial" ||
    f.platform === "HACKER_NEWS";
  const intro =
    say(f, [
      w === 0 ? "{product} is {aWhat} for {audience}." : "This is {product}: {aWhat}, made for {audience}.",
      w === 0 ? "{product} is {aWhat}." : "Meet {product}, {aWhat}.",
      w === 0 ? "Meet {product}." : "This is {product}.",
    ]) ?? f.title;
  const example = CATEGORIES[f.category].example;
  const concrete = requests.has("concrete") && spec.angle !== "proof" && spec.angle !== "outcome"; // those angles carry the example already
  const steps = technical
    ? CATEGORIES[f.category].steps.map((s) => say(f, [s])).filter((s): s is string => Boolean(s))
    : undefined;
  let hook = hookOf(f, spec, w);
  if (spec.tone === "warm" && !calm && f.platform !== "BLOG")
    hook = `${stripEnd(hook)} ${pick(EMOJI[f.kind], (f.seed[5] ?? 0) + w)}`;
  return {
    hook: clip(hook, CONTENT_LIMITS.hook),
    intro,
    angle: anglesOf(f, spec, w),
    topic: say(f, inOrder(TOPICS[f.topic], w)) ?? "",
    example: concrete ? say(f, [`A real example: ${sentence(example[w])}`, capitalize(sentence(example[w]))]) : undefined,
    steps: steps && steps.length > 0 ? steps : undefined,
    next: f.leadsOn ? say(f, inOrder(NEXT_LINES, w)) : undefined,
    cta: ctaOf(f, spec, w),
    warm: spec.tone === "warm" && !calm ? say(f, inOrder(WARM_LINES, w)) : undefined,
    tags: tagsOf(f, w),
    spec,
    wording: w,
    calm,
  };
}
