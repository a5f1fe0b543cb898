import { describe, expect, it } from "vitest";
import { contentLength, PLATFORM_LIMITS, validateContent, type WrittenContent } from "../../src/domain/content.js";

const copy: WrittenContent = {
  A: { text: "Janus is live. Plan your launch in minutes.", hook: "Janus is live", mediaCaption: "A clean title card" },
  B: { text: "Guess who just shipped? Janus 🚀", hook: "Janus is here 🚀", mediaCaption: "A bright, playful card" },
};
const withA = (a: Partial<WrittenContent["A"]>): WrittenContent => ({ ...copy, A: { ...copy.A, ...a } });

describe("validateContent", () => {
  it("accepts two different variants within every limit", () => {
    for (const platform of ["X", "LINKEDIN", "INSTAGRAM", "PRODUCT_HUNT", "BLOG"] as const)
      expect(validateContent(copy, platform)).toEqual([]);
  });

  it("rejects an empty or blank text", () => {
    expect(validateContent(withA({ text: " \n\t " }), "LINKEDIN")).toEqual(["variant A's text is empty"]);
  });

  it("rejects a text over the platform's limit, saying by how much", () => {
    expect(validateContent(withA({ text: "a".repeat(281) }), "X")).toEqual([
      "variant A's text has 281 characters as X counts them; X allows at most 280",
    ]);
    expect(validateContent(withA({ text: "a".repeat(261) }), "PRODUCT_HUNT")).toEqual([
      "variant A's text has 261 characters; Product Hunt allows at most 260",
    ]);
    expect(validateContent(withA({ text: "a".repeat(2200) }), "INSTAGRAM")).toEqual([]);
  });

  it("rejects a hook or a media caption that is empty or too long", () => {
    expect(validateContent(withA({ hook: "h".repeat(81) }), "X")).toEqual(["variant A's hook must be 1–80 characters (has 81)"]);
    expect(validateContent(withA({ hook: "  " }), "X")).toEqual(["variant A's hook must be 1–80 characters (has 0)"]);
    expect(validateContent(withA({ mediaCaption: "c".repeat(301) }), "X")).toEqual([
      "variant A's media caption must be 1–300 characters (has 301)",
    ]);
  });

  it("rejects variants whose texts differ only in case and spacing", () => {
    const same = { ...copy, B: { ...copy.B, text: `  ${copy.A.text.toUpperCase().replace(" ", "\n")} ` } };
    expect(validateContent(same, "LINKEDIN")).toEqual([
      "variants A and B have the same text: B must differ from A in the tested dimension",
    ]);
  });

  it("reports every problem of both variants at once", () => {
    const bad = { A: { text: "", hook: "", mediaCaption: "" }, B: { text: "", hook: "", mediaCaption: "" } };
    expect(validateContent(bad, "BLOG")).toHaveLength(7);
  });
});

describe("contentLength", () => {
  it("counts as X does: CJK and emoji twice, a link as 23 whatever its length", () => {
    expect(contentLength("hello", "X")).toBe(5);
    expect(contentLength("日本語", "X")).toBe(6);
    expect(contentLength("🚀", "X")).toBe(2);
    expect(contentLength(`Read https://example.com/${"long-path/".repeat(20)} now`, "X")).toBe(5 + 23 + 4);
    expect(validateContent(withA({ text: "語".repeat(140) }), "X")).toEqual([]);
    expect(validateContent(withA({ text: "語".repeat(141) }), "X")).toHaveLength(1);
  });

  it("counts characters a person sees elsewhere: code points after normalisation", () => {
    expect(contentLength("🚀".repeat(10), "LINKEDIN")).toBe(10);
    expect(contentLength("Cafe\u0301", "BLOG")).toBe(4);
    expect(validateContent(withA({ text: "🚀".repeat(PLATFORM_LIMITS.LINKEDIN) }), "LINKEDIN")).toEqual([]);
  });
});
