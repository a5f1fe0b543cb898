import { describe, expect, it } from "vitest";
import { checkFollowUpInput, followUpPhase, targetPhaseProblem, validateProposedPost } from "../../src/domain/follow-up.js";

describe("a follow-up request", () => {
  it("is trimmed and accepted with 1 to 10 distinct posts and a prompt", () => {
    expect(checkFollowUpInput({ fromPostIds: ["a", "b"], prompt: "  more on pricing \n" })).toEqual({
      ok: true,
      fromPostIds: ["a", "b"],
      prompt: "more on pricing",
    });
  });

  it("names the argument and the rule it breaks", () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `p${i}`);
    expect(checkFollowUpInput({ fromPostIds: [], prompt: "x" })).toEqual({
      ok: false,
      field: "fromPostIds",
      rule: "must list 1–10 posts (has 0)",
    });
    expect(checkFollowUpInput({ fromPostIds: ids(11), prompt: "x" })).toMatchObject({ ok: false, field: "fromPostIds" });
    expect(checkFollowUpInput({ fromPostIds: ["a", "b", "a"], prompt: "x" })).toEqual({
      ok: false,
      field: "fromPostIds",
      rule: 'must list each post once ("a" is repeated)',
    });
    expect(checkFollowUpInput({ fromPostIds: ["a"], prompt: "   " })).toEqual({
      ok: false,
      field: "prompt",
      rule: "must be 1–2000 characters after trimming (has 0)",
    });
    expect(checkFollowUpInput({ fromPostIds: ["a"], prompt: "y".repeat(2001) })).toMatchObject({ field: "prompt" });
  });
});

describe("the follow-up's phase", () => {
  it("is the one after the latest selected post's", () => {
    expect(followUpPhase([1])).toBe(2);
    expect(followUpPhase([2, 1, 2])).toBe(3);
  });

  it("exists within the campaign's six phases and has room for one more post", () => {
    expect(targetPhaseProblem(6, 4)).toBeNull();
    expect(targetPhaseProblem(7, 0)).toMatch(/a campaign has at most 6 phases/);
    expect(targetPhaseProblem(3, 5)).toBe("phase 3 already has 5 posts, the most a phase holds (5)");
  });
});

describe("a proposed post", () => {
  const post = { title: "Janus SDK", description: "A blog tutorial.", platform: "BLOG" as const, phaseName: "Growth" };

  it("is usable within the plan's limits", () => {
    expect(validateProposedPost(post)).toEqual([]);
  });

  it("breaks a rule for every empty or long text and for an unknown platform", () => {
    expect(
      validateProposedPost({
        title: " ",
        description: "d".repeat(601),
        platform: "TIKTOK" as never,
        phaseName: "n".repeat(61),
      }),
    ).toEqual([
      "the title must be 1–120 characters (has 0)",
      "the description must be 1–600 characters (has 601)",
      "the phase name must be 1–60 characters (has 61)",
      'the platform must be one of X, LINKEDIN, INSTAGRAM, PRODUCT_HUNT, BLOG, HACKER_NEWS, REDDIT, NEWSLETTER (got "TIKTOK")',
    ]);
  });
});
