// The offline planner's author: a deterministic, brief-specific strategy plan with no model at all.
// It reads the product's name and audience from the description, follows the goals, picks formats
// per phase role (awareness → launch → growth → …), varies the number of posts per phase (2–5) and
// links forward with branches and merges. Same brief → same plan. Regeneration follows the new
// direction: its focus goes into every new title and phase name.
import { createHash } from "node:crypto";
import type { Brief } from "../../domain/brief.js";
import type { PlanPlatform, StrategyPlan } from "../../domain/plan.js";
import type { RegenerationContext } from "../context.js";
import { clip } from "./text.js";

interface Format {
  platform: PlanPlatform;
  title: (b: BriefFacts) => string;
  description: (b: BriefFacts) => string;
}

interface BriefFacts {
  product: string;
  audience: string;
  goal: string;
}

interface Role {
  name: string;
  formats: Format[];
}

const ROLES: Record<string, Role> = {
  awareness: {
    name: "Awareness",
    formats: [
      {
        platform: "X",
        title: (b) => `The problem ${b.product} solves, in one thread`,
        description: (b) => `A short X thread naming the everyday pain of ${b.audience} and hinting that ${b.product} is coming.`,
      },
      {
        platform: "LINKEDIN",
        title: (b) => `Why we are building ${b.product}`,
        description: (b) => `Founder story on LinkedIn: the moment that made the team build ${b.product} for ${b.audience}.`,
      },
      {
        platform: "BLOG",
        title: (b) => `${b.product}: the case for a better way`,
        description: (b) => `A blog essay for ${b.audience} on what is broken today and what ${b.product} changes.`,
      },
      {
        platform: "INSTAGRAM",
        title: (b) => `Behind the scenes at ${b.product}`,
        description: (b) => `Instagram carousel showing early sketches and the people building ${b.product}.`,
      },
      {
        platform: "X",
        title: (b) => `Poll: how do ${b.audience} handle this today?`,
        description: (b) =>
          `An X poll that invites ${b.audience} to share their current workaround, seeding the ${b.product} waitlist.`,
      },
    ],
  },
  launch: {
    name: "Launch",
    formats: [
      {
        platform: "PRODUCT_HUNT",
        title: (b) => `${b.product} launches on Product Hunt`,
        description: (b) => `Launch-day Product Hunt page with a maker comment aimed at ${b.audience}.`,
      },
      {
        platform: "X",
        title: (b) => `${b.product} is live: launch thread`,
        description: (b) => `Launch thread on X with a 30-second demo of ${b.product} and a clear call to action.`,
      },
      {
        platform: "LINKEDIN",
        title: (b) => `Announcing ${b.product}`,
        description: (b) => `LinkedIn announcement of ${b.product} for ${b.audience}, with what it does in three lines.`,
      },
      {
        platform: "BLOG",
        title: (b) => `Introducing ${b.product}`,
        description: (b) => `The launch post: what ${b.product} does, who it is for, and how to start today.`,
      },
      {
        platform: "INSTAGRAM",
        title: (b) => `${b.product} demo reel`,
        description: (b) => `A short Instagram reel walking through the first five minutes with ${b.product}.`,
      },
    ],
  },
  growth: {
    name: "Growth",
    formats: [
      {
        platform: "LINKEDIN",
        title: (b) => `How an early team uses ${b.product}`,
        description: (b) => `A LinkedIn case study of early users among ${b.audience}, with numbers.`,
      },
      {
        platform: "BLOG",
        title: (b) => `Getting more out of ${b.product}: a tutorial`,
        description: (b) => `A hands-on blog tutorial that turns new ${b.product} sign-ups into active users.`,
      },
      {
        platform: "X",
        title: (b) => `${b.product} milestone and thank-you`,
        description: (b) => `An X post celebrating the first milestone of ${b.product} and thanking early users.`,
      },
      {
        platform: "INSTAGRAM",
        title: (b) => `User spotlight: built with ${b.product}`,
        description: (b) => `Instagram spotlight of one of the ${b.audience} and what they shipped with ${b.product}.`,
      },
      {
        platform: "X",
        title: (b) => `Referral push for ${b.product}`,
        description: (b) => `An X post inviting users to bring a colleague to ${b.product}.`,
      },
    ],
  },
  community: {
    name: "Community",
    formats: [
      {
        platform: "X",
        title: (b) => `${b.product} office hours`,
        description: (b) => `Weekly X Space where ${b.audience} ask the ${b.product} team anything.`,
      },
      {
        platform: "BLOG",
        title: (b) => `What we learned from the first ${b.product} users`,
        description: (b) => `A candid blog post on feedback from ${b.audience} and what changes next.`,
      },
      {
        platform: "LINKEDIN",
        title: (b) => `The ${b.product} community roundup`,
        description: (b) => `A LinkedIn roundup of the best tips shared by ${b.product} users.`,
      },
      {
        platform: "INSTAGRAM",
        title: (b) => `${b.product} meetup highlights`,
        description: (b) => `Instagram highlights from a small meetup of ${b.product} users.`,
      },
    ],
  },
  retention: {
    name: "Retention",
    formats: [
      {
        platform: "BLOG",
        title: (b) => `What's new in ${b.product} this month`,
        description: (b) => `A changelog post showing ${b.audience} the features they asked for.`,
      },
      {
        platform: "LINKEDIN",
        title: (b) => `Power-user habits with ${b.product}`,
        description: (b) => `A LinkedIn post on the habits of the most active ${b.product} users.`,
      },
      {
        platform: "X",
        title: (b) => `${b.product} tip of the week`,
        description: (b) => `A short X tip that helps ${b.audience} get value from ${b.product} every week.`,
      },
    ],
  },
  expansion: {
    name: "Expansion",
    formats: [
      {
        platform: "LINKEDIN",
        title: (b) => `${b.product} for teams`,
        description: (b) => `LinkedIn post introducing team plans of ${b.product} to growing companies.`,
      },
      {
        platform: "BLOG",
        title: (b) => `${b.product} integrations guide`,
        description: (b) => `A blog guide to the integrations that bring ${b.product} into existing workflows.`,
      },
      {
        platform: "PRODUCT_HUNT",
        title: (b) => `${b.product} 2.0 on Product Hunt`,
        description: (b) => `A second Product Hunt launch for the next major version of ${b.product}.`,
      },
    ],
  },
};

/** Which roles a campaign of n phases goes through. */
const ARCS: Record<number, (keyof typeof ROLES)[]> = {
  1: ["launch"],
  2: ["awareness", "launch"],
  3: ["awareness", "launch", "growth"],
  4: ["awareness", "launch", "growth", "community"],
  5: ["awareness", "launch", "growth", "community", "retention"],
  6: ["awareness", "launch", "growth", "community", "retention", "expansion"],
};

/** Product name and audience as the description states them ("Janus – AI GTM OS for technical founders"). */
export function briefFacts(brief: Pick<Brief, "name" | "productDescription" | "gtmGoals">): BriefFacts {
  const first = brief.productDescription.split(/[.\n!?]/)[0] ?? brief.productDescription;
  const product = first.split(/\s[–—-]\s|:|,|\s(?:is|helps|lets)\s/)[0]?.trim() || brief.name;
  const audience = first.match(/\bfor\s+(.+)$/i)?.[1]?.trim() ?? "early adopters";
  return { product: clip(product, 40), audience: clip(audience, 60), goal: clip(brief.gtmGoals, 160) };
}

/** Pairs of indexes linking a phase of `a` posts to the next of `b` posts: every post on both sides
 * has a link, and one extra link (first → second) makes a branch and a merge when both have two. */
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

interface PhaseSpec {
  number: number;
  role: Role;
  /** Appended to titles and phase names (regeneration: the new direction). */
  focus?: string;
  note?: string;
}

function writePhases(brief: Brief, specs: PhaseSpec[], keyPrefix: string): StrategyPlan["phases"] {
  const facts = briefFacts(brief);
  const seed = createHash("sha256")
    .update(JSON.stringify([brief, specs.map((s) => [s.number, s.focus])]))
    .digest();
  const phases = specs.map(({ number, role, focus, note }, i) => {
    const count = Math.min(role.formats.length, 2 + ((seed[i] ?? 0) % 4)); // 2–5 posts
    const offset = (seed[i + 8] ?? 0) % role.formats.length;
    const posts = Array.from({ length: count }, (_, j) => {
      const format = role.formats[(offset + j) % role.formats.length] as Format;
      return {
        key: `${keyPrefix}${number}-${j + 1}`,
        title: clip(focus ? `${format.title(facts)} — ${focus}` : format.title(facts), 120),
        description: clip([format.description(facts), note, `Goal: ${facts.goal}`].filter(Boolean).join(" "), 600),
        platform: format.platform,
        leadsTo: [] as string[],
      };
    });
    return { number, name: clip(focus ? `${role.name}: ${focus}` : role.name, 60), posts };
  });
  for (let k = 0; k + 1 < phases.length; k++) {
    const here = phases[k]?.posts ?? [];
    const next = phases[k + 1]?.posts ?? [];
    for (const [i, j] of forwardLinks(here.length, next.length)) here[i]?.leadsTo.push(next[j]?.key ?? "");
  }
  return phases;
}

const rolesFor = (totalPhases: number) => (ARCS[totalPhases] ?? ARCS[3] ?? []).map((key) => ROLES[key] as Role);

/** The deterministic plan for a brief. */
export function writeOfflinePlan(brief: Brief): StrategyPlan {
  return {
    phases: writePhases(
      brief,
      rolesFor(brief.phaseCount).map((role, i) => ({ number: i + 1, role })),
      "p",
    ),
  };
}

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

/** The deterministic regeneration: new phases that follow the direction, linked from the kept posts. */
export function writeOfflineRegeneration(context: RegenerationContext): StrategyPlan {
  const focus = directionFocus(context.newDirection);
  const roles = rolesFor(context.firstPhase + context.phaseCount - 1);
  const specs = Array.from({ length: context.phaseCount }, (_, i) => {
    const number = context.firstPhase + i;
    return {
      number,
      role: roles[number - 1] ?? (ROLES.growth as Role),
      focus,
      note: `New direction: ${clip(context.newDirection, 200)}.`,
    };
  });
  const phases = writePhases(context.brief, specs, "r");
  const before = context.keptPosts.filter((p) => p.phase === context.firstPhase - 1);
  const first = phases[0]?.posts ?? [];
  const keptLinks = forwardLinks(before.length, first.length).map(([i, j]) => ({
    from: before[i]?.id ?? "",
    to: first[j]?.key ?? "",
  }));
  return { phases, keptLinks };
}
