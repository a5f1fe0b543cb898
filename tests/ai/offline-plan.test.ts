import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readBrief } from "../../src/ai/offline/brief-reader.js";
import { directionFocus, writeOfflinePlan, writeOfflineRegeneration } from "../../src/ai/offline/plan-writer.js";
import { checkBrief } from "../../src/domain/brief.js";
import { newCampaignFrame, planLinks, validatePlan } from "../../src/domain/plan.js";
import { JANUS_BRIEF } from "../helpers/campaigns.js";

const janus = { ...JANUS_BRIEF, phaseCount: 3 };

const briefs = fc
  .record({
    name: fc.string({ minLength: 1, maxLength: 120 }),
    productDescription: fc.string({ minLength: 1, maxLength: 4000 }),
    gtmGoals: fc.string({ minLength: 1, maxLength: 2000 }),
    phaseCount: fc.integer({ min: 1, max: 6 }),
  })
  .map((input) => checkBrief(input))
  .filter((c) => c.ok)
  .map((c) => (c.ok ? c.brief : janus));

describe("the offline planner", () => {
  it("writes a plan that passes every rule, for any valid brief", () => {
    fc.assert(
      fc.property(briefs, (brief) => {
        expect(validatePlan(writeOfflinePlan(brief), newCampaignFrame(brief.phaseCount))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("writes the same plan for the same brief", () => {
    expect(writeOfflinePlan(janus)).toEqual(writeOfflinePlan({ ...janus }));
    expect(writeOfflinePlan(janus)).not.toEqual(writeOfflinePlan({ ...janus, gtmGoals: "Reach 1,000 paying teams" }));
  });

  it("names the product and its audience, and aims at the goals' number without quoting them", () => {
    expect(readBrief(janus)).toMatchObject({ product: "Janus", audienceWords: "technical founders" });
    const posts = writeOfflinePlan(janus).phases.flatMap((p) => p.posts);
    expect(posts.every((p) => p.title.includes("Janus") || p.description.includes("Janus"))).toBe(true);
    expect(posts.some((p) => p.description.includes("technical founders"))).toBe(true);
    for (const post of posts) {
      expect(post.description).not.toContain(janus.gtmGoals);
      expect(post.description).not.toContain(janus.productDescription);
      expect(post.description).not.toMatch(/goal:/i);
      expect(post.description).toMatch(/^Weeks? \d+(–\d+)? of 4 weeks: /);
      expect(post.description).toMatch(/ of 100 by its end/);
    }
  });

  it("names its phases after what they do, with weeks that add up to the brief's time frame", () => {
    const plan = writeOfflinePlan(janus);
    expect(plan.phases.map((p) => p.name)).toEqual([
      "Private beta with design partners (week 1)",
      "Show HN and the public launch (week 2)",
      "Tutorials that turn sign-ups into users (weeks 3–4)",
    ]);
    for (const phase of plan.phases) expect(new Set(phase.posts.map((p) => p.platform)).size).toBeGreaterThan(1);
  });

  it("branches and merges whenever two neighbouring phases have two posts or more", () => {
    for (const phaseCount of [2, 3, 4, 5, 6]) {
      const plan = writeOfflinePlan({ ...janus, phaseCount });
      const links = planLinks(plan);
      const outDegree = Map.groupBy(links, (l) => l.from);
      const inDegree = Map.groupBy(links, (l) => l.to);
      expect([...outDegree.values()].some((l) => l.length > 1)).toBe(true);
      expect([...inDegree.values()].some((l) => l.length > 1)).toBe(true);
    }
  });

  it("keeps to the phase count asked for", () => {
    for (const phaseCount of [1, 2, 3, 4, 5, 6])
      expect(writeOfflinePlan({ ...janus, phaseCount }).phases).toHaveLength(phaseCount);
  });
});

describe("the offline planner's regeneration", () => {
  it("writes new phases that pass every rule, for any brief, direction and phase", () => {
    fc.assert(
      fc.property(
        briefs,
        fc.string({ minLength: 1, maxLength: 2000 }),
        fc.integer({ min: 1, max: 6 }),
        (brief, direction, from) => {
          const original = writeOfflinePlan(brief);
          const last = original.phases.length;
          const firstPhase = Math.min(from, last + 1, 6);
          const keptPosts = original.phases
            .filter((p) => p.number < firstPhase)
            .flatMap((p) =>
              p.posts.map((post) => ({
                id: `id-${post.key}`,
                phase: p.number,
                title: post.title,
                description: post.description,
              })),
            );
          const phaseCount = Math.max(last, firstPhase) - firstPhase + 1;
          const plan = writeOfflineRegeneration({ brief, newDirection: direction, firstPhase, phaseCount, keptPosts });
          expect(validatePlan(plan, { firstPhase, phaseCount, kept: keptPosts })).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("follows the direction's intents with new posts, not old titles with the direction appended", () => {
    expect(directionFocus("pivot to developer-first strategy with technical demos")).toBe(
      "developer-first strategy with technical demos",
    );
    const original = writeOfflinePlan(janus);
    const oldTitles = new Set(original.phases.flatMap((p) => p.posts.map((post) => post.title)));
    const plan = writeOfflineRegeneration({
      brief: janus,
      newDirection: "Focus on enterprise security teams",
      firstPhase: 2,
      phaseCount: 2,
      keptPosts: [{ id: "k", phase: 1, title: "t", description: "d" }],
    });
    const posts = plan.phases.flatMap((p) => p.posts);
    for (const post of posts) {
      expect(oldTitles.has(post.title)).toBe(false);
      expect(post.title).not.toContain("enterprise security teams");
      expect(post.description).toContain("enterprise");
    }
    expect(posts.filter((p) => p.platform === "LINKEDIN").length).toBeGreaterThanOrEqual(2);
    expect(plan.phases.map((p) => p.name)).toEqual(["Enterprise launch (week 2)", "Proof for larger teams (weeks 3–4)"]);
  });
});
