import { describe, expect, it } from "vitest";
import { newCampaignFrame, type PlannedPost, type StrategyPlan, validatePlan } from "../../src/domain/plan.js";

const post = (key: string, leadsTo: string[] = [], extra: Partial<PlannedPost> = {}): PlannedPost => ({
  key,
  title: `Post ${key}`,
  description: `What ${key} says`,
  platform: "X",
  leadsTo,
  ...extra,
});

/** Phase 1: a, b; phase 2: c, d (a → c, a → d, b → d: a branch and a merge). */
const good = (): StrategyPlan => ({
  phases: [
    { number: 1, name: "Awareness", posts: [post("a", ["c", "d"]), post("b", ["d"])] },
    { number: 2, name: "Launch", posts: [post("c"), post("d")] },
  ],
});

const check = (plan: StrategyPlan, phaseCount = 2) => validatePlan(plan, newCampaignFrame(phaseCount));

describe("validatePlan", () => {
  it("accepts a plan that keeps every rule", () => {
    expect(check(good())).toEqual([]);
  });

  it("rejects a phase with one post", () => {
    const plan = good();
    plan.phases[1] = { number: 2, name: "Launch", posts: [post("c")] };
    plan.phases[0]?.posts.forEach((p) => {
      p.leadsTo = ["c"];
    });
    expect(check(plan)).toEqual(["phase 2 must have 2–5 posts (has 1)"]);
  });

  it("rejects a phase with six posts", () => {
    const plan = good();
    plan.phases[0]?.posts.push(post("e", ["c"]), post("f", ["c"]), post("g", ["c"]), post("h", ["c"]));
    expect(check(plan)).toEqual(["phase 1 must have 2–5 posts (has 6)"]);
  });

  it("rejects a link to a post that does not exist", () => {
    const plan = good();
    plan.phases[0]?.posts[1]?.leadsTo.push("ghost");
    expect(check(plan)).toEqual(['post "b" leads to "ghost", which is not a post of the plan']);
  });

  it("rejects a link within a phase", () => {
    const plan = good();
    plan.phases[0]?.posts[0]?.leadsTo.push("b");
    expect(check(plan)).toEqual(['post "a" (phase 1) leads to "b" (phase 1): links must go to a later phase']);
  });

  it("rejects a link backwards", () => {
    const plan = good();
    plan.phases[1]?.posts[0]?.leadsTo.push("a");
    expect(check(plan)).toEqual(['post "c" (phase 2) leads to "a" (phase 1): links must go to a later phase']);
  });

  it("rejects a post after phase 1 that nothing leads to", () => {
    const plan = good();
    if (plan.phases[0]?.posts[0]) plan.phases[0].posts[0].leadsTo = ["d"];
    expect(check(plan)).toEqual(['post "c" (phase 2) has no link from an earlier post: nothing leads to it']);
  });

  it("rejects a key used twice", () => {
    const plan = good();
    plan.phases[1]?.posts.push(post("c"));
    expect(check(plan)).toEqual(['post key "c" is used more than once']);
  });

  it("rejects an over-long title and an empty description", () => {
    const plan = good();
    if (plan.phases[0]?.posts[0]) plan.phases[0].posts[0].title = "x".repeat(121);
    if (plan.phases[0]?.posts[1]) plan.phases[0].posts[1].description = "   ";
    expect(check(plan)).toEqual([
      'the title of post "a" must be 1–120 characters (has 121)',
      'the description of post "b" must be 1–600 characters (has 0)',
    ]);
  });

  it("rejects phases that are not numbered 1, 2, 3… or not as many as asked", () => {
    const plan = good();
    if (plan.phases[1]) plan.phases[1].number = 3;
    expect(check(plan)).toContain("phases must be numbered 1, 2… in order (phase #2 is numbered 3)");
    expect(check(good(), 3)).toEqual(["the plan must have exactly 3 phases (has 2)"]);
  });
});

describe("validatePlan when regenerating from phase 2", () => {
  const frame = {
    firstPhase: 2,
    phaseCount: 1,
    kept: [
      { id: "k1", phase: 1 },
      { id: "k2", phase: 1 },
    ],
  };
  const regen = (keptLinks: { from: string; to: string }[]): StrategyPlan => ({
    phases: [{ number: 2, name: "Developer launch", posts: [post("n1"), post("n2")] }],
    keptLinks,
  });

  it("accepts new phase-2 posts each led into by a kept phase-1 post", () => {
    expect(
      validatePlan(
        regen([
          { from: "k1", to: "n1" },
          { from: "k1", to: "n2" },
          { from: "k2", to: "n2" },
        ]),
        frame,
      ),
    ).toEqual([]);
  });

  it("rejects a new phase-2 post that no kept phase-1 post leads into", () => {
    expect(validatePlan(regen([{ from: "k1", to: "n1" }]), frame)).toEqual([
      'post "n2" (phase 2) needs a link from a kept post of phase 1',
    ]);
  });

  it("rejects a link from a post that is not kept, and a link ending at a kept post", () => {
    expect(
      validatePlan(
        regen([
          { from: "k1", to: "n1" },
          { from: "k2", to: "n2" },
          { from: "ghost", to: "n1" },
          { from: "k1", to: "k2" },
        ]),
        frame,
      ),
    ).toEqual(['a link starts at "ghost", which is not a kept post', 'post "k1" leads to "k2", which is not a post of the plan']);
  });

  it("rejects new phases numbered from 1 when phase 2 was asked for", () => {
    const plan = regen([
      { from: "k1", to: "n1" },
      { from: "k2", to: "n2" },
    ]);
    if (plan.phases[0]) plan.phases[0].number = 1;
    expect(validatePlan(plan, frame)[0]).toBe("phases must be numbered 2, 3… in order (phase #1 is numbered 1)");
  });
});
