// The offline planner: a small go-to-market playbook engine with no model at all. It reads the brief
// (readBrief: audience, what the product is, time frame, target number), walks the campaign's stages
// (pre-launch → launch → growth → …), picks each stage's tactics from the audience's playbook
// (playbook.ts: data), splits the time frame and the target number over the phases and writes each
// post's description as a note for the copywriter: timing, format, how to run it, what it aims at.
// A regeneration reads the new direction as intents (intents.ts) that bring their own tactics, phase
// names and angle, and never reuses a title of the plan it replaces. Descriptions only ever refer to
// earlier posts (which a regeneration keeps), never to later ones (which it may archive).
// Same input → same plan.
import { createHash } from "node:crypto";
import type { Brief } from "../../domain/brief.js";
import { PLATFORM_NAMES } from "../../domain/content.js";
import type { PlannedPhase, PlannedPost, StrategyPlan } from "../../domain/plan.js";
import { PLAN_LIMITS } from "../../domain/plan.js";
import type { RegenerationContext } from "../context.js";
import type { Audience } from "./audiences.js";
import { type BriefReading, readBrief } from "./brief-reader.js";
import { type Intent, parseIntents } from "./intents.js";
import { ARCS, DEFAULT_UNIT, INTENT_PLAYS, PHASE_NAMES, PLAYBOOK, STAGE_SHARE, type Stage, type Tactic } from "./playbook.js";
import { clip } from "./text.js";

/**
 * What a direction (or a reviewer's request) is about, without the verb: "pivot to developer-first
 * demos" → "developer-first demos", "mention the free tier" → "free tier".
 */
export function directionFocus(direction: string): string {
  const focus = direction
    .replace(/\s+/g, " ")
    .trim()
    .replace(
      /^(let'?s |we should |please )?(pivot|switch|shift|move|change|refocus|focus|turn|go|mention|highlight|emphasi[sz]e|stress|feature|showcase|talk about|lead with|add|include)( (to|towards?|on|into))? /i,
      "",
    )
    .replace(/^(an? |the )/i, "");
  return clip(focus, 48) || "new direction";
}

/** The values a playbook template is filled with. */
export function templateValues(reading: BriefReading): Record<string, string> {
  const what = reading.whatItIs;
  return {
    product: reading.product,
    audience: reading.audienceWords,
    what,
    aWhat: `${/^[aeiou]/i.test(what) ? "an" : "a"} ${what}`,
    unit: reading.target?.unit ?? DEFAULT_UNIT[reading.audience],
  };
}

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = values[key] ?? values[key.charAt(0).toLowerCase() + key.slice(1)];
    if (value === undefined) return whole;
    return /^[A-Z]/.test(key) ? value.charAt(0).toUpperCase() + value.slice(1) : value;
  });
}

const stagesFor = (totalPhases: number): Stage[] => ARCS[Math.min(Math.max(totalPhases, 1), 6)] ?? ["launch"];

/** When each phase runs: the campaign's weeks split over the phases, in weeks or, when shorter, days. */
export function schedule(weeks: number, phases: number): string[] {
  const byWeek = weeks >= phases;
  const total = byWeek ? weeks : weeks * 7;
  const unit = byWeek ? "Week" : "Day";
  const base = Math.floor(total / phases);
  const extra = total - base * phases; // the later phases (growth) run longer
  const labels: string[] = [];
  let start = 1;
  for (let i = 0; i < phases; i++) {
    const length = Math.max(1, base + (i >= phases - extra ? 1 : 0));
    const end = Math.min(total, start + length - 1);
    const from = Math.min(start, total);
    labels.push(from === end ? `${unit} ${from}` : `${unit}s ${from}–${end}`);
    start = end + 1;
  }
  const whole = `${weeks} week${weeks === 1 ? "" : "s"}`;
  return labels.map((label) => `${label} of ${whole}`);
}

/** Each phase's part of the target number, by stage, adding up to the target. */
function phaseTargets(count: number, stages: Stage[]): number[] {
  const weights = stages.map((s) => STAGE_SHARE[s]);
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((w) => Math.floor((count * w) / sum));
  const rest = count - parts.reduce((a, b) => a + b, 0);
  const biggest = weights.indexOf(Math.max(...weights));
  parts[biggest] = (parts[biggest] ?? 0) + rest;
  return parts;
}

/** Splits n over k posts, the first ones taking the remainder. */
const split = (n: number, k: number) => Array.from({ length: k }, (_, j) => Math.floor(n / k) + (j < n % k ? 1 : 0));

/** How many of the direction's (or goals') intents a tactic serves. */
const score = (tactic: Tactic, intents: Intent[]) => tactic.intents.filter((i) => intents.includes(i)).length;

/** Picks `count` tactics from a ranked pool: at most two per platform while others remain, no title twice. */
function pick(pool: Tactic[], count: number, values: Record<string, string>, avoid: Set<string>): Tactic[] {
  const chosen: Tactic[] = [];
  const titles = new Set<string>();
  const candidates = pool.filter((tactic) => {
    const title = fill(tactic.title, values);
    if (avoid.has(title) || titles.has(title)) return false;
    titles.add(title);
    return true;
  });
  for (const strict of [true, false])
    for (const tactic of candidates) {
      if (chosen.length >= count) break;
      if (chosen.includes(tactic)) continue;
      if (strict && chosen.filter((c) => c.platform === tactic.platform).length >= 2) continue;
      chosen.push(tactic);
    }
  return chosen;
}

/** Ranks tactics by the intents they serve, keeping the playbook's order among equals. */
const ranked = (tactics: Tactic[], intents: Intent[]) =>
  tactics
    .map((tactic, i) => ({ tactic, i }))
    .sort((a, b) => score(b.tactic, intents) - score(a.tactic, intents) || a.i - b.i)
    .map((x) => x.tactic);

/** The playbook's tactics for a stage, with the lead tactic first and the rest rotated by the seed. */
function audienceTactics(audience: Audience, stage: Stage, intents: Intent[], turn: number, local: boolean): Tactic[] {
  const table = PLAYBOOK[audience][stage].filter(
    (t) => !(local && t.platform === "PRODUCT_HUNT" && !intents.includes("product-hunt")),
  );
  const [lead, ...rest] = ranked(table, intents);
  const k = rest.length ? turn % rest.length : 0;
  return lead ? [lead, ...rest.slice(k), ...rest.slice(0, k)] : [];
}

/** Tactics the direction's intents bring for a stage, taking one from each intent in turn. */
function intentTactics(intents: Intent[], stage: Stage): Tactic[] {
  const lists = intents.map((i) => INTENT_PLAYS[i].tactics.filter((t) => !t.stages || t.stages.includes(stage)));
  const out: Tactic[] = [];
  for (let round = 0; lists.some((l) => l.length > round); round++)
    for (const list of lists) {
      const tactic = list[round];
      if (tactic) out.push(tactic);
    }
  return out;
}

interface PhaseDraft {
  number: number;
  stage: Stage;
  name: string;
  tactics: Tactic[];
  timing: string;
  /** The phase's part of the target number and the running total at its end. */
  aim?: { part: number; upTo: number };
  angle?: string;
}

function forwardLinks(a: number, b: number): [number, number][] {
  const pairs = new Map<string, [number, number]>();
  const add = (i: number, j: number) => {
    if (i < a && j < b) pairs.set(`${i}>${j}`, [i, j]);
  };
  for (let j = 0; j < b; j++) add(Math.floor((j * a) / b), j);
  for (let i = 0; i < a; i++) add(i, Math.floor((i * b) / a));
  add(0, 1);
  return [...pairs.values()];
}

/** A phase's name with its timing: "Show HN and the public launch (weeks 2–3)". */
function phaseName(name: string, timing: string): string {
  const when = ` (${timing.replace(/ of .*$/, "").toLowerCase()})`;
  return `${clip(name, PLAN_LIMITS.maxPhaseName - when.length)}${when}`;
}

/** A post's description: a note for the copywriter, never a quote of the brief. */
function describe(
  tactic: Tactic,
  phase: PhaseDraft,
  share: number | undefined,
  reading: BriefReading,
  values: Record<string, string>,
  after: string | undefined,
): string {
  const head = `${phase.timing}: ${tactic.format} on ${PLATFORM_NAMES[tactic.platform]}.`;
  const unit = values.unit as string;
  const target = reading.target;
  const aim =
    target && phase.aim && share !== undefined
      ? share > 0
        ? `Aim: about ${share} of the ${phase.aim.part} ${unit} this phase is after (${phase.aim.upTo} of ${target.count} by its end); track ${tactic.metric}.`
        : `Aim: supports the ${phase.aim.part} ${unit} this phase is after; track ${tactic.metric}.`
      : `Track ${tactic.metric}.`;
  const tail = [aim, phase.angle, after && `Picks up from “${clip(after, 80)}”.`].filter(Boolean).join(" ");
  const room = PLAN_LIMITS.maxDescription - head.length - tail.length - 2;
  const note = clip(fill(tactic.note, values), Math.max(room, 40));
  return clip(`${head} ${note} ${tail}`, PLAN_LIMITS.maxDescription);
}

/** Turns drafts into phases with posts and forward links; `before` are the titles leading into the first phase. */
function writePhases(
  drafts: PhaseDraft[],
  reading: BriefReading,
  keyPrefix: string,
  before: { title: string }[],
): PlannedPhase[] {
  const values = templateValues(reading);
  const phases = drafts.map((draft) => {
    return {
      number: draft.number,
      name: phaseName(draft.name, draft.timing),
      posts: draft.tactics.map(
        (tactic, j): PlannedPost => ({
          key: `${keyPrefix}${draft.number}-${j + 1}`,
          title: clip(fill(tactic.title, values), PLAN_LIMITS.maxTitle),
          description: "",
          platform: tactic.platform,
          leadsTo: [],
        }),
      ),
    };
  });
  const firstLinks = forwardLinks(before.length, phases[0]?.posts.length ?? 0);
  const from = new Map<string, string>(); // post key → title of the first post leading into it
  for (const [i, j] of firstLinks) {
    const key = phases[0]?.posts[j]?.key;
    if (key && !from.has(key)) from.set(key, before[i]?.title ?? "");
  }
  for (let k = 0; k + 1 < phases.length; k++) {
    const here = phases[k]?.posts ?? [];
    const next = phases[k + 1]?.posts ?? [];
    for (const [i, j] of forwardLinks(here.length, next.length)) {
      const a = here[i];
      const b = next[j];
      if (!a || !b) continue;
      a.leadsTo.push(b.key);
      if (!from.has(b.key)) from.set(b.key, a.title);
    }
  }
  phases.forEach((phase, k) => {
    const draft = drafts[k] as PhaseDraft;
    const shares = draft.aim ? split(draft.aim.part, phase.posts.length) : [];
    phase.posts.forEach((post, j) => {
      post.description = describe(draft.tactics[j] as Tactic, draft, shares[j], reading, values, from.get(post.key));
    });
  });
  return phases;
}

const seedOf = (...parts: unknown[]) => createHash("sha256").update(JSON.stringify(parts)).digest();

/** The aims of each phase of an arc: its part of the target and the running total. */
function aims(reading: BriefReading, stages: Stage[]): { part: number; upTo: number }[] | undefined {
  if (!reading.target) return undefined;
  const parts = phaseTargets(reading.target.count, stages);
  let total = 0;
  return parts.map((part) => {
    total += part;
    return { part, upTo: total };
  });
}

/** The deterministic plan for a brief. */
export function writeOfflinePlan(brief: Brief): StrategyPlan {
  const reading = readBrief(brief);
  const stages = stagesFor(brief.phaseCount);
  const intents = parseIntents(brief.gtmGoals);
  const timing = schedule(reading.weeks, stages.length);
  const phaseAims = aims(reading, stages);
  const seed = seedOf(brief);
  const values = templateValues(reading);
  const used = new Set<string>();
  const drafts = stages.map((stage, i): PhaseDraft => {
    const pool = audienceTactics(reading.audience, stage, intents, seed[i + 8] ?? 0, reading.audience === "local");
    const tactics = pick(pool, 2 + ((seed[i] ?? 0) % 4), values, used);
    for (const t of tactics) used.add(fill(t.title, values));
    return {
      number: i + 1,
      stage,
      name: PHASE_NAMES[reading.audience][stage][0] as string,
      tactics,
      timing: timing[i] as string,
      aim: phaseAims?.[i],
    };
  });
  return { phases: writePhases(drafts, reading, "p", []) };
}

/** Plays that suit an audience whatever the direction, tried after the direction's own. */
const FALLBACK_INTENTS: Record<Audience, Intent[]> = {
  developers: ["community", "content-seo", "events", "partnerships"],
  b2b: ["events", "content-seo", "partnerships", "community"],
  consumers: ["community", "referral", "content-seo", "partnerships"],
  local: ["community", "referral", "offer", "events"],
};

/** The phase name a regenerated phase takes: the direction's for its stage, else an unused alternative. */
function regeneratedName(intents: Intent[], audience: Audience, stage: Stage, taken: Set<string>): string {
  const options = [
    ...intents.map((i) => INTENT_PLAYS[i].phaseNames[stage]),
    ...intents.map((i) => INTENT_PLAYS[i].phaseNames.any),
    ...(PHASE_NAMES[audience][stage].slice(1) ?? []),
    ...PHASE_NAMES[audience][stage],
  ].filter((n): n is string => Boolean(n));
  return options.find((n) => !taken.has(n)) ?? `${options[0] ?? "Next steps"} (${taken.size + 1})`;
}

/** The angle line of a regenerated phase: the intents' own angle, or the direction's focus. */
function angleOf(intents: Intent[], direction: string): string {
  const [first] = intents;
  if (!first) return `New angle: ${clip(directionFocus(direction), 80)}.`;
  const labels = intents.map((i) => INTENT_PLAYS[i].label).join(", ");
  return `Angle (${labels}): ${INTENT_PLAYS[first].angle}.`;
}

/** The deterministic regeneration: new phases that follow the direction, linked from the kept posts. */
export function writeOfflineRegeneration(context: RegenerationContext): StrategyPlan {
  const { brief, firstPhase, phaseCount } = context;
  const reading = readBrief(brief);
  const intents = parseIntents(context.newDirection);
  const total = firstPhase + phaseCount - 1;
  const stages = stagesFor(total);
  const timing = schedule(reading.weeks, Math.max(stages.length, total));
  const phaseAims = aims(reading, stages);
  const audience = intents.map((i) => INTENT_PLAYS[i].audience).find(Boolean) ?? reading.audience;
  const values = templateValues(reading);
  // Titles the new posts must not reuse: the kept posts', and those of the plans this one may replace.
  const avoid = new Set<string>(context.keptPosts.map((p) => p.title));
  for (const phases of new Set([brief.phaseCount, total]))
    for (const phase of writeOfflinePlan({ ...brief, phaseCount: phases }).phases)
      if (phase.number >= firstPhase) for (const post of phase.posts) avoid.add(post.title);
  const seed = seedOf(brief, context.newDirection, firstPhase, phaseCount);
  const names = new Set<string>();
  const angle = angleOf(intents, context.newDirection);
  const drafts = Array.from({ length: phaseCount }, (_, i): PhaseDraft => {
    const number = firstPhase + i;
    const stage = stages[number - 1] ?? "growth";
    const turn = (seed[i + 8] ?? 0) + 1;
    const local = reading.audience === "local" && audience === "local";
    const otherStages = (Object.keys(PLAYBOOK[audience]) as Stage[]).filter((s) => s !== stage);
    const pool = [
      ...intentTactics(intents, stage),
      ...audienceTactics(audience, stage, intents, turn, local),
      ...audienceTactics(reading.audience, stage, intents, turn, local),
      ...otherStages.flatMap((s) => ranked(PLAYBOOK[audience][s], intents)),
      ...intentTactics(intents, "growth"),
      // When the direction names nothing the playbook knows, broad plays keep the plan new and coherent.
      ...intentTactics(FALLBACK_INTENTS[audience], stage),
      ...intentTactics(Object.keys(INTENT_PLAYS) as Intent[], stage),
    ];
    const count = 2 + ((seed[i] ?? 0) % 4);
    const noLaunchPage = reading.audience === "local" && !intents.includes("product-hunt");
    const usable = noLaunchPage ? pool.filter((t) => t.platform !== "PRODUCT_HUNT") : pool;
    let tactics = pick(usable, count, values, avoid);
    if (tactics.length < PLAN_LIMITS.minPostsPerPhase) tactics = pick(usable, count, values, new Set());
    for (const t of tactics) avoid.add(fill(t.title, values));
    const name = regeneratedName(intents, audience, stage, names);
    names.add(name);
    return { number, stage, name, tactics, timing: timing[number - 1] as string, aim: phaseAims?.[number - 1], angle };
  });
  const before = context.keptPosts.filter((p) => p.phase === firstPhase - 1);
  const phases = writePhases(drafts, reading, "r", before);
  const first = phases[0]?.posts ?? [];
  const keptLinks = forwardLinks(before.length, first.length).map(([i, j]) => ({
    from: before[i]?.id ?? "",
    to: first[j]?.key ?? "",
  }));
  return { phases, keptLinks };
}
