// The offline planner's author: a deterministic, brief-specific strategy plan with no model at all.
// It reads the product's name and audience from the description, follows the goals, picks formats
// per phase role (awareness → launch → growth → …), varies the number of posts per phase (2–5) and
// links forward with branches and merges. Same brief → same plan.
import { createHash } from "node:crypto";
import type { Brief } from "../../domain/brief.js";
import type { PlanPlatform, StrategyPlan } from "../../domain/plan.js";

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

const clip = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  return `${cut.slice(0, cut.lastIndexOf(" ") > max / 2 ? cut.lastIndexOf(" ") : cut.length)}…`;
};

/** Product name and audience as the description states them ("Janus – AI GTM OS for technical founders"). */
export function briefFacts(brief: Brief): BriefFacts {
  const first = brief.productDescription.split(/[.\n!?]/)[0] ?? brief.productDescription;
  const product = first.split(/\s[–—-]\s|:|,|\s(?:is|helps|lets)\s/)[0]?.trim() || brief.name;
  const audience = first.match(/\bfor\s+(.+)$/i)?.[1]?.trim() ?? "early adopters";
  return { product: clip(product, 40), audience: clip(audience, 60), goal: clip(brief.gtmGoals, 160) };
}

/** The deterministic plan for a brief. */
export function writeOfflinePlan(brief: Brief): StrategyPlan {
  const facts = briefFacts(brief);
  const seed = createHash("sha256").update(JSON.stringify(brief)).digest();
  const roles = ARCS[brief.phaseCount] ?? ARCS[3] ?? [];
  const phases = roles.map((roleKey, i) => {
    const role = ROLES[roleKey] as Role;
    const count = Math.min(role.formats.length, 2 + ((seed[i] ?? 0) % 4)); // 2–5 posts
    const offset = (seed[i + 8] ?? 0) % role.formats.length;
    const posts = Array.from({ length: count }, (_, j) => {
      const format = role.formats[(offset + j) % role.formats.length] as Format;
      return {
        key: `p${i + 1}-${j + 1}`,
        title: clip(format.title(facts), 120),
        description: clip(`${format.description(facts)} Goal: ${facts.goal}`, 600),
        platform: format.platform,
        leadsTo: [] as string[],
      };
    });
    return { number: i + 1, name: role.name, posts };
  });
  // Each post of phase k leads into the next phase so that every post there has a predecessor and
  // every post here a successor; one extra link (first → second) makes a branch and a merge.
  for (let k = 0; k + 1 < phases.length; k++) {
    const here = phases[k]?.posts ?? [];
    const next = phases[k + 1]?.posts ?? [];
    const link = (i: number, j: number) => {
      const from = here[i];
      const to = next[j];
      if (from && to && !from.leadsTo.includes(to.key)) from.leadsTo.push(to.key);
    };
    for (let j = 0; j < next.length; j++) link(Math.floor((j * here.length) / next.length), j);
    for (let i = 0; i < here.length; i++) link(i, Math.floor((i * next.length) / here.length));
    link(0, 1);
  }
  return { phases };
}
