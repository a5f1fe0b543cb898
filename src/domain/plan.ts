// A strategy plan as a language model proposes it, and the rules it must satisfy before anything
// is written. The model is never trusted: every rule is checked here, and the messages go back to
// the model verbatim when it has to repair its answer, so they say exactly what is wrong.

export const PLATFORMS = ["X", "LINKEDIN", "INSTAGRAM", "PRODUCT_HUNT", "BLOG"] as const;
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
}

const lengthProblem = (what: string, text: string, max: number) => {
  const length = text.trim().length;
  return length < 1 || length > max ? `${what} must be 1–${max} characters (has ${length})` : null;
};

/** Every rule the plan breaks, as sentences; empty when the plan is usable. */
export function validatePlan(plan: StrategyPlan, expected: { phaseCount: number }): string[] {
  const problems: string[] = [];
  const phaseOf = new Map<string, number>();

  if (plan.phases.length !== expected.phaseCount)
    problems.push(`the plan must have exactly ${expected.phaseCount} phases (has ${plan.phases.length})`);
  plan.phases.forEach((phase, i) => {
    if (phase.number !== i + 1)
      problems.push(`phases must be numbered 1, 2, 3… in order (phase #${i + 1} is numbered ${phase.number})`);
    const name = lengthProblem(`the name of phase ${phase.number}`, phase.name, PLAN_LIMITS.maxPhaseName);
    if (name) problems.push(name);
    const count = phase.posts.length;
    if (count < PLAN_LIMITS.minPostsPerPhase || count > PLAN_LIMITS.maxPostsPerPhase)
      problems.push(
        `phase ${phase.number} must have ${PLAN_LIMITS.minPostsPerPhase}–${PLAN_LIMITS.maxPostsPerPhase} posts (has ${count})`,
      );
    for (const post of phase.posts) {
      if (phaseOf.has(post.key)) problems.push(`post key "${post.key}" is used more than once`);
      phaseOf.set(post.key, phase.number);
      for (const p of [
        lengthProblem(`the title of post "${post.key}"`, post.title, PLAN_LIMITS.maxTitle),
        lengthProblem(`the description of post "${post.key}"`, post.description, PLAN_LIMITS.maxDescription),
      ])
        if (p) problems.push(p);
    }
  });

  const hasIncoming = new Set<string>();
  for (const phase of plan.phases) {
    for (const post of phase.posts) {
      for (const target of post.leadsTo) {
        const targetPhase = phaseOf.get(target);
        if (targetPhase === undefined) problems.push(`post "${post.key}" leads to "${target}", which is not a post of the plan`);
        else if (targetPhase <= phase.number)
          problems.push(
            `post "${post.key}" (phase ${phase.number}) leads to "${target}" (phase ${targetPhase}): links must go to a later phase`,
          );
        else hasIncoming.add(target);
      }
    }
  }
  for (const phase of plan.phases.slice(1))
    for (const post of phase.posts)
      if (!hasIncoming.has(post.key))
        problems.push(`post "${post.key}" (phase ${phase.number}) has no link from an earlier post: nothing leads to it`);
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
