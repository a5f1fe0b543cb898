import { describe, expect, it } from "vitest";
import { validateContent, type WrittenContent, xPosts } from "../../src/domain/content.js";

// Platform-native formats: an X thread of numbered posts, a Product Hunt tagline above the
// description, a Hacker News or Reddit title, a newsletter's subject line.

const B = { text: "Another take\n\nSomething else entirely.", hook: "Other", mediaCaption: "A card" };
const withText = (text: string): WrittenContent => ({ A: { text, hook: "Hook", mediaCaption: "A card" }, B });

describe("an X thread", () => {
  const thread = (posts: string[]) => posts.map((p, i) => `${i + 1}/${posts.length} ${p}`).join("\n\n");

  it("is read as its numbered posts, each within X's limit, whatever the whole thread's length", () => {
    const text = thread(["a".repeat(270), "b".repeat(270), "c".repeat(270)]);
    expect(xPosts(text)).toHaveLength(3);
    expect(validateContent(withText(text), "X")).toEqual([]);
    expect(xPosts("One post.\n\nWith two paragraphs.")).toEqual(["One post.\n\nWith two paragraphs."]);
  });

  it("names the post that is too long, and a post out of order", () => {
    expect(validateContent(withText(thread(["short", "x".repeat(280)])), "X")).toEqual([
      "variant A's thread post 2 has 284 characters as X counts them; X allows at most 280",
    ]);
    expect(validateContent(withText("1/2 first\n\n3/2 third"), "X")).toEqual([
      'variant A\'s thread post 2 must start with "2/2 "',
    ]);
  });

  it("has at most 25 posts", () => {
    const text = thread(Array.from({ length: 26 }, () => "tip"));
    expect(validateContent(withText(text), "X")).toEqual(["variant A's thread has 26 posts; at most 25"]);
  });
});

describe("a first line shown apart", () => {
  it("holds Product Hunt's tagline to 60 characters and its description to 260; a lone paragraph is the description", () => {
    expect(validateContent(withText(`${"t".repeat(60)}\n\n${"d".repeat(260)}`), "PRODUCT_HUNT")).toEqual([]);
    expect(validateContent(withText(`${"t".repeat(61)}\n\n${"d".repeat(261)}`), "PRODUCT_HUNT")).toEqual([
      "variant A's tagline has 61 characters; Product Hunt allows at most 60",
      "variant A's text under the tagline has 261 characters; Product Hunt allows at most 260",
    ]);
    expect(validateContent(withText("d".repeat(260)), "PRODUCT_HUNT")).toEqual([]);
  });

  it("requires a Hacker News title of at most 80 characters, a Reddit title and a newsletter subject line", () => {
    expect(
      validateContent(withText("Show HN: Janus – launch plans as a versioned graph\n\nI built it because…"), "HACKER_NEWS"),
    ).toEqual([]);
    expect(validateContent(withText(`Show HN: ${"x".repeat(72)}\n\nBody`), "HACKER_NEWS")).toEqual([
      "variant A's title has 81 characters; Hacker News allows at most 80",
    ]);
    expect(validateContent(withText("No title, just one paragraph."), "REDDIT")).toEqual([
      "variant A's text must start with its title on one line (at most 300 characters), then a blank line",
    ]);
    expect(validateContent(withText("This week at Janus\n\nThree things shipped."), "NEWSLETTER")).toEqual([]);
  });
});
