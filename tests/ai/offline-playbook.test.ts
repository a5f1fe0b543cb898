import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readBrief } from "../../src/ai/offline/brief-reader.js";
import { schedule, writeOfflinePlan, writeOfflineRegeneration } from "../../src/ai/offline/plan-writer.js";
import type { Brief } from "../../src/domain/brief.js";
import { newCampaignFrame, type StrategyPlan, validatePlan } from "../../src/domain/plan.js";

const janus: Brief = {
  name: "Janus launch",
  productDescription: "Janus – AI-powered GTM OS for technical founders",
  gtmGoals: "Launch product and acquire first 100 users in 4 weeks",
  phaseCount: 3,
};
const bakery: Brief = {
  name: "Crumb spring",
  productDescription: "Crumb & Co – a neighbourhood bakery app for pre-ordering fresh bread and pastries for pick-up",
  gtmGoals: "Reach 500 weekly orders from nearby residents in 8 weeks",
  phaseCount: 3,
};
const PIVOT = "pivot to developer-first strategy with technical demos";

/** Briefs as people write them, for each of the four audiences the planner tells apart. */
const KINDS = {
  developers: {
    what: ["open-source CLI for database migrations", "SDK for payments APIs", "AI code review bot for GitHub"],
    who: ["backend developers", "technical founders", "DevOps engineers"],
    unit: ["users", "GitHub stars", "installs"],
  },
  b2b: {
    what: ["invoicing workflow", "CRM for agencies", "compliance dashboard"],
    who: ["finance teams at mid-size companies", "sales managers", "HR teams"],
    unit: ["paying teams", "demos", "leads"],
  },
  consumers: {
    what: ["habit tracker app", "travel planning app", "recipe app for iOS and Android"],
    who: ["students", "busy parents", "travellers"],
    unit: ["sign-ups", "downloads", "subscribers"],
  },
  local: {
    what: ["neighbourhood bakery app", "booking app for a local yoga studio", "coffee shop loyalty app"],
    who: ["residents nearby", "people in our town", "local coffee lovers"],
    unit: ["weekly orders", "bookings", "members"],
  },
} as const;
type Kind = keyof typeof KINDS;

const briefOf = (kind: Kind) =>
  fc
    .record({
      name: fc.constantFrom("Orbit", "Fernhill", "Quill", "Bramble", "Tessera", "Moss & Co"),
      what: fc.constantFrom(...KINDS[kind].what),
      who: fc.constantFrom(...KINDS[kind].who),
      count: fc.integer({ min: 10, max: 5000 }),
      unit: fc.constantFrom(...KINDS[kind].unit),
      weeks: fc.integer({ min: 1, max: 16 }),
      verb: fc.constantFrom("Reach", "Get", "Launch and win the first", "Acquire"),
      phaseCount: fc.integer({ min: 1, max: 6 }),
    })
    .map(
      (b): Brief => ({
        name: `${b.name} launch`,
        productDescription: `${b.name} – ${b.what} for ${b.who}`,
        gtmGoals: `${b.verb} ${b.count} ${b.unit} in ${b.weeks} weeks`,
        phaseCount: b.phaseCount,
      }),
    );
const anyBrief = fc
  .constantFrom(...(Object.keys(KINDS) as Kind[]))
  .chain((kind) => briefOf(kind).map((brief) => ({ kind, brief })));

const posts = (plan: StrategyPlan) => plan.phases.flatMap((p) => p.posts);
const platforms = (plan: StrategyPlan) => new Set(posts(plan).map((p) => p.platform));
const keptOf = (plan: StrategyPlan, before: number) =>
  plan.phases
    .filter((p) => p.number < before)
    .flatMap((p) =>
      p.posts.map((post) => ({ id: `id-${post.key}`, phase: p.number, title: post.title, description: post.description })),
    );

/** What a description must never do: paste the brief back. */
function expectNoPastedBrief(plan: StrategyPlan, brief: Brief) {
  for (const post of posts(plan)) {
    const text = post.description.toLowerCase();
    expect(text).not.toContain(brief.gtmGoals.toLowerCase());
    expect(text).not.toContain(brief.productDescription.toLowerCase());
    expect(text).not.toContain("goal:");
  }
}

describe("the offline playbook, over briefs of four audiences", () => {
  it("reads each kind of brief as its audience", () => {
    fc.assert(
      fc.property(anyBrief, ({ kind, brief }) => {
        expect(readBrief(brief).audience).toBe(kind);
      }),
      { numRuns: 200 },
    );
  });

  it("writes valid, deterministic plans whose notes never paste the brief", () => {
    fc.assert(
      fc.property(anyBrief, ({ brief }) => {
        const plan = writeOfflinePlan(brief);
        expect(validatePlan(plan, newCampaignFrame(brief.phaseCount))).toEqual([]);
        expect(writeOfflinePlan({ ...brief })).toEqual(plan);
        expectNoPastedBrief(plan, brief);
      }),
      { numRuns: 300 },
    );
  });

  it("plans different channels for different audiences", () => {
    fc.assert(
      fc.property(briefOf("developers"), briefOf("local"), briefOf("b2b"), (dev, local, b2b) => {
        const [d, l, b] = [dev, local, b2b].map((brief) => writeOfflinePlan({ ...brief, phaseCount: 3 }));
        expect(platforms(d as StrategyPlan)).not.toEqual(platforms(l as StrategyPlan));
        expect(platforms(d as StrategyPlan)).not.toEqual(platforms(b as StrategyPlan));
        expect(platforms(l as StrategyPlan).has("PRODUCT_HUNT")).toBe(false);
        expect([...platforms(l as StrategyPlan)].some((p) => p === "INSTAGRAM")).toBe(true);
        expect([...platforms(b as StrategyPlan)].some((p) => p === "LINKEDIN")).toBe(true);
        expect([...platforms(d as StrategyPlan)].some((p) => p === "HACKER_NEWS" || p === "REDDIT")).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it("splits the brief's weeks over the phases, adding up to the time frame", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 52 }), fc.integer({ min: 1, max: 6 }), (weeks, phases) => {
        const labels = schedule(weeks, phases);
        expect(labels).toHaveLength(phases);
        const ends = labels.map((l) => Number(/(\d+) of /.exec(l)?.[1]));
        const byDays = labels[0]?.startsWith("Day");
        expect(ends.at(-1)).toBe(byDays ? weeks * 7 : weeks);
        for (let i = 1; i < ends.length; i++) expect(ends[i]).toBeGreaterThan(ends[i - 1] as number);
      }),
    );
  });

  it("regenerates valid, deterministic phases with titles the replaced plan did not have", () => {
    const direction = fc.oneof(
      fc.constantFrom(PIVOT, "focus on enterprise buyers", "run a launch offer and referrals", "partnerships and webinars"),
      fc.string({ minLength: 1, maxLength: 200 }),
    );
    fc.assert(
      fc.property(anyBrief, direction, fc.integer({ min: 1, max: 6 }), ({ brief }, newDirection, from) => {
        const original = writeOfflinePlan(brief);
        const firstPhase = Math.min(from, brief.phaseCount);
        const phaseCount = brief.phaseCount - firstPhase + 1;
        const keptPosts = keptOf(original, firstPhase);
        const context = { brief, newDirection, firstPhase, phaseCount, keptPosts };
        const plan = writeOfflineRegeneration(context);
        expect(validatePlan(plan, { firstPhase, phaseCount, kept: keptPosts })).toEqual([]);
        expect(writeOfflineRegeneration({ ...context })).toEqual(plan);
        expectNoPastedBrief(plan, brief);
        const replaced = new Set(posts(original).map((p) => p.title));
        for (const post of posts(plan)) expect(replaced.has(post.title)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it("refers only to earlier posts, which a regeneration keeps", () => {
    fc.assert(
      fc.property(anyBrief, ({ brief }) => {
        const plan = writeOfflinePlan(brief);
        plan.phases.forEach((phase, k) => {
          const earlier = new Set(plan.phases.slice(0, k).flatMap((p) => p.posts.map((post) => post.title)));
          for (const post of phase.posts)
            for (const [, quoted] of post.description.matchAll(/“([^”]+)”/g)) expect(earlier.has(quoted as string)).toBe(true);
        });
      }),
      { numRuns: 100 },
    );
  });
});

describe("the Janus brief and a neighbourhood bakery", () => {
  it("plans developer channels for Janus and neighbourhood channels for the bakery", () => {
    const j = writeOfflinePlan(janus);
    const b = writeOfflinePlan(bakery);
    expect(platforms(j).has("HACKER_NEWS")).toBe(true);
    expect(posts(j).some((p) => /Show HN|README|GitHub/.test(`${p.title} ${p.description}`))).toBe(true);
    expect(platforms(b).has("HACKER_NEWS")).toBe(false);
    expect(platforms(b).has("PRODUCT_HUNT")).toBe(false);
    expect(platforms(b).has("INSTAGRAM")).toBe(true);
    const words = (plan: StrategyPlan) =>
      new Set(
        posts(plan)
          .flatMap((p) => p.title.toLowerCase().split(/\W+/))
          .filter((w) => w.length > 3 && !["janus", "crumb"].includes(w)),
      );
    const [wj, wb] = [words(j), words(b)];
    const shared = [...wj].filter((w) => wb.has(w)).length;
    expect(shared / Math.min(wj.size, wb.size)).toBeLessThan(0.3);
    expect(b.phases[0]?.name).toBe("Neighbourhood teasers and founding list (weeks 1–2)");
  });

  it("pivots Janus to demos and code from phase 2 with new titles and real phase names", () => {
    const original = writeOfflinePlan(janus);
    const plan = writeOfflineRegeneration({
      brief: janus,
      newDirection: PIVOT,
      firstPhase: 2,
      phaseCount: 2,
      keptPosts: keptOf(original, 2),
    });
    const oldTitles = new Set(original.phases.filter((p) => p.number >= 2).flatMap((p) => p.posts.map((post) => post.title)));
    const fresh = posts(plan);
    for (const post of fresh) {
      expect(oldTitles.has(post.title)).toBe(false);
      expect(post.title).not.toContain("developer-first strategy");
      expect(post.description).toContain("developer-first");
    }
    expect(
      fresh.filter((p) => /demo|code|snippet|README|repo|tutorial|Show HN|walkthrough/i.test(p.title)).length,
    ).toBeGreaterThanOrEqual(Math.ceil(fresh.length / 2));
    expect(fresh.some((p) => p.platform === "HACKER_NEWS")).toBe(true);
    expect(plan.phases.map((p) => p.name)).toEqual([
      "Show HN and the GitHub launch (week 2)",
      "Tutorials for the dev community (weeks 3–4)",
    ]);
    for (const phase of plan.phases) expect(phase.name).not.toMatch(/^Launch: /);
  });

  it("pivots the bakery too, and a direction with no known intent still gives a different, coherent plan", () => {
    const original = writeOfflinePlan(bakery);
    const kept = keptOf(original, 2);
    const pivot = writeOfflineRegeneration({ brief: bakery, newDirection: PIVOT, firstPhase: 2, phaseCount: 2, keptPosts: kept });
    expect(platforms(pivot).has("HACKER_NEWS")).toBe(true);
    const vague = writeOfflineRegeneration({
      brief: bakery,
      newDirection: "make it feel warmer and more personal",
      firstPhase: 2,
      phaseCount: 2,
      keptPosts: kept,
    });
    const oldTitles = new Set(posts(original).map((p) => p.title));
    for (const post of posts(vague)) expect(oldTitles.has(post.title)).toBe(false);
    expect(vague.phases.map((p) => p.name)).not.toEqual(original.phases.slice(1).map((p) => p.name));
    expect(posts(vague).every((p) => p.description.includes("New angle: make it feel warmer"))).toBe(true);
    expect(platforms(vague).has("HACKER_NEWS")).toBe(false);
  });
});
