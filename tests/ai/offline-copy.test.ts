import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ContentContext, writeContent } from "../../src/ai/content-writer.js";
import { createChatModel } from "../../src/ai/models.js";
import { writeOfflineCopy } from "../../src/ai/offline/copy-writer.js";
import { contentLength, PLATFORM_LIMITS, validateContent } from "../../src/domain/content.js";
import { PLATFORMS } from "../../src/domain/plan.js";
import { JANUS_BRIEF } from "../helpers/campaigns.js";

const context: ContentContext = {
  brief: JANUS_BRIEF,
  post: {
    title: "Janus launches on Product Hunt",
    description: "Launch-day Product Hunt page with a maker comment aimed at technical founders.",
    platform: "LINKEDIN",
    phase: 2,
    phaseName: "Launch",
  },
  previous: [{ title: "Why we are building Janus", platform: "LINKEDIN" }],
  next: [{ title: "How an early team uses Janus", platform: "BLOG" }],
};
const on = (platform: ContentContext["post"]["platform"], base = context): ContentContext => ({
  ...base,
  post: { ...base.post, platform },
});
const emoji = /\p{Extended_Pictographic}/u;

const text = (maxLength: number) => fc.string({ minLength: 1, maxLength, unit: "grapheme" }).filter((s) => s.trim() !== "");
const neighbour = fc.record({ title: text(120), platform: fc.constantFrom(...PLATFORMS) });
const contexts = fc.record({
  brief: fc.record({ name: text(120), productDescription: text(4000), gtmGoals: text(2000) }),
  post: fc.record({
    title: text(120),
    description: text(600),
    platform: fc.constantFrom(...PLATFORMS),
    phase: fc.integer({ min: 1, max: 6 }),
    phaseName: text(60),
  }),
  previous: fc.array(neighbour, { maxLength: 3 }),
  next: fc.array(neighbour, { maxLength: 3 }),
  guidance: fc.option(text(500), { nil: undefined }),
});

describe("the offline copy writer", () => {
  it("writes copy that passes every rule on every platform, for any post", () => {
    fc.assert(
      fc.property(contexts, (c) => {
        for (const platform of PLATFORMS) expect(validateContent(writeOfflineCopy(on(platform, c)), platform)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it("writes A direct and B playful, in different words", () => {
    for (const platform of PLATFORMS) {
      const { A, B } = writeOfflineCopy(on(platform));
      expect(A.text).not.toBe(B.text);
      expect(A.hook).not.toBe(B.hook);
      expect(A.text).not.toMatch(emoji);
      expect(B.text).toMatch(emoji);
    }
  });

  it("writes about this post, its product and its neighbours", () => {
    const { A } = writeOfflineCopy(context);
    expect(A.hook).toBe(context.post.title);
    expect(A.text).toContain("technical founders");
    expect(A.text).toContain(context.brief.gtmGoals);
    expect(A.text).toContain("Why we are building Janus");
    expect(A.text).toContain("How an early team uses Janus");
    expect(A.text).toContain("Try Janus today.");
  });

  it("writes the same copy for the same post, and different copy for another post", () => {
    expect(writeOfflineCopy(context)).toEqual(writeOfflineCopy(structuredClone(context)));
    const other = {
      ...context,
      post: { ...context.post, title: "Janus demo reel", description: "A walk through the first five minutes." },
    };
    expect(writeOfflineCopy(other).A.text).not.toBe(writeOfflineCopy(context).A.text);
    expect(writeOfflineCopy(other).B.text).not.toBe(writeOfflineCopy(context).B.text);
  });

  it("follows a reviewer's guidance in both hooks and texts", () => {
    for (const platform of PLATFORMS) {
      const before = writeOfflineCopy(on(platform));
      const after = writeOfflineCopy({ ...on(platform), guidance: "Mention the free tier." });
      for (const label of ["A", "B"] as const) {
        expect(after[label].hook).not.toBe(before[label].hook);
        expect(after[label].hook.toLowerCase()).toContain("free tier");
        expect(after[label].text).toContain("free tier");
      }
    }
  });

  it("cuts an over-long post on a word boundary to fit X", () => {
    const long: ContentContext = {
      ...on("X"),
      post: { ...on("X").post, title: "語語語語語 ".repeat(20), description: "語語語語 ".repeat(120) },
    };
    const { A } = writeOfflineCopy(long);
    expect(contentLength(A.text, "X")).toBeLessThanOrEqual(PLATFORM_LIMITS.X);
    expect(A.text).toMatch(/語…/);
  });

  it("answers the content tool as the offline model, through the real writer", async () => {
    expect(await writeContent(createChatModel({ kind: "offline" }), context)).toEqual(writeOfflineCopy(context));
  });
});
