// A strategy plan as a language model proposes it, and the rules it must satisfy before anything
// is written. The model is never trusted: every rule is checked here, and the messages go back to
// the model verbatim when it has to repair its answer, so they say exactly what is wrong.

import { lengthProblem } from "./limits.js";

export const PLATFORMS = ["X", "LINKEDIN", "INSTAGRAM", "PRODUCT_HUNT", "BLOG", "HACKER_NEWS", "REDDIT", "NEWSLETTER"] as const;
export type PlanPlatform = (typeof PLATFORMS)[number];

export const PLAN_LIMITS = {
  minPostsPerPhase: 2,
  maxPostsPerPhase: 5,
  maxPhases: 6,
  maxTitle: 120,
  maxDescription: 600,
  maxPhaseName: 60,
} as const;

export interface PlannedPost {
  /** The model's own handle for the post, unique in the plan; links refer to it. */
  key: string;
  title: string;
  description: string;
  platform: PlanPlatform;
  /** Keys of later posts this one leads into. */
  leadsTo: string[];
}

export interface PlannedPhase {
  number: number;
  name: string;
  posts: PlannedPost[];
}

export interface StrategyPlan {
  phases: PlannedPhase[];
  /** Regeneration only: links from kept posts (by id) into new posts (by key). */
  keptLinks?: { from: string; to: string }[];
}

/** What the plan must fit: the phases to plan and, when regenerating, the posts that stay. */
export interface PlanFrame {
  /** The first phase to plan: 1 for a new campaign, N when regenerating from phase N. */
  firstPhase: number;
  /** How many phases to plan. */
  phaseCount: number;
  /** Posts of phases before firstPhase, kept as they are. */
  kept: { id: string; phase: number }[];
}

export const newCampaignFrame = (phaseCount: number): PlanFrame => ({ firstPhase: 1, phaseCount, kept: [] });

/** Every rule the plan breaks, as sentences; empty when the plan is usable. */
export function validatePlan(plan: StrategyPlan, frame: PlanFrame): string[] {
  const keptPhase = new Map(frame.kept.map((p) => [p.id, p.phase]));
  const { problems, phaseOf } = phaseProblems(plan, frame, keptPhase);
  return [...problems, ...linkProblems(plan, frame, keptPhase, phaseOf)];
}

/** The rules of the phases and their posts, and each new post's phase (by key). */
function phaseProblems(plan: StrategyPlan, frame: PlanFrame, keptPhase: Map<string, number>) {
  const problems: string[] = [];
  const phaseOf = new Map<string, number>();
  const last = frame.firstPhase + frame.phaseCount - 1;
  if (plan.phases.length !== frame.phaseCount)
    problems.push(`the plan must have exactly ${frame.phaseCount} phases (has ${plan.phases.length})`);
  if (last > PLAN_LIMITS.maxPhases) problems.push(`a campaign has at most ${PLAN_LIMITS.maxPhases} phases`);
  plan.phases.forEach((phase, i) => {
    const expected = frame.firstPhase + i;
    if (phase.number !== expected)
      problems.push(
        `phases must be numbered ${frame.firstPhase}, ${frame.firstPhase + 1}… in order (phase #${i + 1} is numbered ${phase.number})`,
      );
    const name = lengthProblem(`the name of phase ${phase.number}`, phase.name, PLAN_LIMITS.maxPhaseName);
    if (name) problems.push(name);
    const count = phase.posts.length;
    if (count < PLAN_LIMITS.minPostsPerPhase || count > PLAN_LIMITS.maxPostsPerPhase)
      problems.push(
        `phase ${phase.number} must have ${PLAN_LIMITS.minPostsPerPhase}–${PLAN_LIMITS.maxPostsPerPhase} posts (has ${count})`,
      );
    for (const post of phase.posts) {
      if (phaseOf.has(post.key) || keptPhase.has(post.key)) problems.push(`post key "${post.key}" is used more than once`);
      phaseOf.set(post.key, phase.number);
      for (const p of [
        lengthProblem(`the title of post "${post.key}"`, post.title, PLAN_LIMITS.maxTitle),
        lengthProblem(`the description of post "${post.key}"`, post.description, PLAN_LIMITS.maxDescription),
      ])
        if (p) problems.push(p);
    }
  });
  return { problems, phaseOf };
}

/** The rules of the links: each to a later phase of the plan, and every new post led to. */
function linkProblems(plan: StrategyPlan, frame: PlanFrame, keptPhase: Map<string, number>, phaseOf: Map<string, number>) {
  const problems: string[] = [];
  const incoming = new Map<string, Set<number>>(); // new post key → phases its links come from
  const addIncoming = (to: string, fromPhase: number) => incoming.set(to, (incoming.get(to) ?? new Set()).add(fromPhase));
  const checkTarget = (from: string, fromPhase: number, to: string) => {
    const targetPhase = phaseOf.get(to);
    if (targetPhase === undefined) problems.push(`post "${from}" leads to "${to}", which is not a post of the plan`);
    else if (targetPhase <= fromPhase)
      problems.push(
        `post "${from}" (phase ${fromPhase}) leads to "${to}" (phase ${targetPhase}): links must go to a later phase`,
      );
    else addIncoming(to, fromPhase);
  };
  for (const phase of plan.phases)
    for (const post of phase.posts) for (const to of post.leadsTo) checkTarget(post.key, phase.number, to);
  for (const link of plan.keptLinks ?? []) {
    const fromPhase = keptPhase.get(link.from);
    if (fromPhase === undefined) problems.push(`a link starts at "${link.from}", which is not a kept post`);
    else checkTarget(link.from, fromPhase, link.to);
  }
  for (const phase of plan.phases) {
    for (const post of phase.posts) {
      const from = incoming.get(post.key);
      if (phase.number === 1) continue;
      if (phase.number === frame.firstPhase && frame.kept.some((k) => k.phase === phase.number - 1)) {
        if (!from?.has(phase.number - 1))
          problems.push(`post "${post.key}" (phase ${phase.number}) needs a link from a kept post of phase ${phase.number - 1}`);
      } else if (!from?.size)
        problems.push(`post "${post.key}" (phase ${phase.number}) has no link from an earlier post: nothing leads to it`);
    }
  }
  return problems;
}

/** The plan's links as key pairs, each once. */
export function planLinks(plan: StrategyPlan): { from: string; to: string }[] {
  const seen = new Set<string>();
  return plan.phases.flatMap((phase) =>
    phase.posts.flatMap((post) =>
      post.leadsTo
        .filter((to) => !seen.has(`${post.key}>${to}`) && seen.add(`${post.key}>${to}`))
        .map((to) => ({ from: post.key, to })),
    ),
  );
}
