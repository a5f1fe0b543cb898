import { describe, expect, it } from "vitest";
import {
  commandSuggestions,
  highestPhase,
  insertMention,
  lastPhaseOf,
  matchPosts,
  mentionAt,
  parseMessage,
  postAtStart,
} from "./commands.js";

const threePhases = { lastPhase: 3 };
const error = (text: string, context = threePhases) => {
  const parsed = parseMessage(text, context);
  if (parsed.kind !== "error") throw new Error(`expected an error for ${JSON.stringify(text)}, got ${parsed.kind}`);
  return parsed.message;
};

describe("parseMessage", () => {
  it("reads the regenerate command in both spellings, whatever the case of the command and of 'phase'", () => {
    const expected = { kind: "regenerate", phaseNum: 2, newDirection: "pivot to developer-first strategy with technical demos" };
    expect(parseMessage("!regenerate phase 2 pivot to developer-first strategy with technical demos", threePhases)).toEqual(
      expected,
    );
    expect(parseMessage("/regenerate phase 2 pivot to developer-first strategy with technical demos", threePhases)).toEqual(
      expected,
    );
    expect(parseMessage("  /REGENERATE Phase 2   pivot to developer-first strategy with technical demos  ", threePhases)).toEqual(
      expected,
    );
    expect(parseMessage("!Regenerate phase2 pivot to developer-first strategy with technical demos", threePhases)).toEqual(
      expected,
    );
    expect(parseMessage("/regenerate 2 pivot to developer-first strategy with technical demos", threePhases)).toEqual(expected);
  });

  it("keeps the direction's own words, including digits and line breaks", () => {
    expect(parseMessage("/regenerate phase 3 launch v2\nwith 3 demos", threePhases)).toEqual({
      kind: "regenerate",
      phaseNum: 3,
      newDirection: "launch v2\nwith 3 demos",
    });
  });

  it("does nothing for an empty message", () => {
    expect(parseMessage("   ", threePhases)).toEqual({ kind: "empty" });
  });

  it("names the known commands when the command is unknown", () => {
    expect(error("/publish phase 2 now")).toMatch(/Unknown command "\/publish".*\/regenerate phase N <direction>/);
    expect(error("!")).toMatch(/Known commands: \/regenerate/);
  });

  it("explains a missing phase number", () => {
    expect(error("/regenerate pivot to developers")).toMatch(/Missing phase number.*from 1 to 4/);
    expect(error("/regenerate phase two pivot")).toMatch(/Missing phase number/);
    expect(error("/regenerate")).toMatch(/Missing phase number/);
  });

  it("accepts phases from 1 to one past the last phase, at most 6", () => {
    expect(parseMessage("/regenerate phase 4 add a phase", threePhases).kind).toBe("regenerate");
    expect(error("/regenerate phase 5 too far")).toMatch(/Phase 5 is out of range: choose a phase from 1 to 4/);
    expect(error("/regenerate phase 0 too early")).toMatch(/out of range/);
    expect(error("/regenerate phase -1 negative")).toMatch(/out of range/);
    expect(error("/regenerate phase 2.5 half")).toMatch(/whole number/);
    expect(parseMessage("/regenerate phase 6 last", { lastPhase: 6 }).kind).toBe("regenerate");
    expect(error("/regenerate phase 7 beyond", { lastPhase: 6 })).toMatch(/from 1 to 6/);
    expect(highestPhase({ lastPhase: 0 })).toBe(1);
  });

  it("asks for a direction when there is none", () => {
    expect(error("/regenerate phase 2")).toMatch(/Add the new direction/);
    expect(error("/regenerate phase 2     ")).toMatch(/Add the new direction/);
  });

  it("refuses a direction over 2000 characters, counting after trimming", () => {
    expect(parseMessage(`/regenerate phase 2 ${"x".repeat(2000)}   `, threePhases).kind).toBe("regenerate");
    expect(error(`/regenerate phase 2 ${"x".repeat(2001)}`)).toMatch(/2001 characters, at most 2000/);
  });

  it("asks for a command for plain text", () => {
    expect(error("pivot to developers")).toMatch(/Start with a command/);
  });
});

describe("@Post title <trigger>", () => {
  const posts = [
    { id: "p1", title: "Launch teaser" },
    { id: "p2", title: "Launch teaser thread" },
    { id: "p3", title: "Demo day" },
  ];
  const context = { ...threePhases, posts };

  it("takes the post the text names and the rest of the line as the trigger", () => {
    expect(parseMessage("@Demo day fewer than 5 likes within 3 seconds, make the hook more technical", context)).toEqual({
      kind: "trigger",
      postId: "p3",
      title: "Demo day",
      text: "fewer than 5 likes within 3 seconds, make the hook more technical",
    });
  });

  it("prefers the longest title, matches case-insensitively and allows a comma or colon after the title", () => {
    expect(parseMessage("@launch TEASER thread fewer than 10 retweets in 1 day, rewrite", context)).toMatchObject({
      postId: "p2",
      title: "Launch teaser thread",
      text: "fewer than 10 retweets in 1 day, rewrite",
    });
    expect(parseMessage("@Launch teaser: more than 100 likes after 2 hours, thank people", context)).toMatchObject({
      postId: "p1",
      text: "more than 100 likes after 2 hours, thank people",
    });
  });

  it("does not take a title that is only the start of a word", () => {
    expect(postAtStart(posts, "Demo days are fun")).toBeUndefined();
    expect(postAtStart(posts, "Demo day")?.id).toBe("p3");
  });

  it("explains an unknown post, a missing post and a missing trigger", () => {
    expect(error("@Webinar fewer than 5 likes within 1 hour", context)).toMatch(
      /No post of the current strategy.*"@Webinar fewer than 5/,
    );
    expect(error("@", context)).toMatch(/Name a post after "@"/);
    expect(error("@Demo day   ", context)).toMatch(/Add the trigger after the title, e.g. @Demo day fewer than 5 likes/);
  });

  it("refuses a trigger over 500 characters", () => {
    expect(parseMessage(`@Demo day ${"x".repeat(500)}`, context).kind).toBe("trigger");
    expect(error(`@Demo day ${"x".repeat(501)}`, context)).toMatch(/501 characters, at most 500/);
  });
});

describe("/followup <prompt>", () => {
  const withSelection = (ids: string[]) => ({ ...threePhases, selectedPostIds: ids });

  it("sends the prompt with the selected posts, in both spellings", () => {
    const expected = { kind: "followup", fromPostIds: ["p1", "p2"], prompt: "a technical deep dive" };
    expect(parseMessage("/followup a technical deep dive", withSelection(["p1", "p2"]))).toEqual(expected);
    expect(parseMessage("!FollowUp   a technical deep dive ", withSelection(["p1", "p2", "p1"]))).toEqual(expected);
  });

  it("asks to select posts first when none is selected", () => {
    expect(error("/followup a technical deep dive")).toMatch(/^Select one or more posts first/);
    expect(error("/followup a technical deep dive", withSelection([]))).toMatch(/^Select one or more posts first/);
  });

  it("asks for a prompt, and refuses one over 2000 characters or more than 10 posts", () => {
    expect(error("/followup", withSelection(["p1"]))).toMatch(/what the new post should be about/i);
    expect(parseMessage(`/followup ${"x".repeat(2000)}`, withSelection(["p1"])).kind).toBe("followup");
    expect(error(`/followup ${"x".repeat(2001)}`, withSelection(["p1"]))).toMatch(/2001 characters, at most 2000/);
    const eleven = Array.from({ length: 11 }, (_, i) => `p${i}`);
    expect(error("/followup more", withSelection(eleven))).toMatch(/at most 10 posts; 11 are selected/);
  });

  it("lists the follow-up command among the known ones", () => {
    expect(error("/publish now")).toMatch(/\/followup <prompt>/);
  });
});

describe("suggestions", () => {
  it("lists the commands a lone /word could start", () => {
    expect(commandSuggestions("/")?.map((c) => c.name)).toEqual(["regenerate", "followup"]);
    expect(commandSuggestions("!f")?.map((c) => c.name)).toEqual(["followup"]);
    expect(commandSuggestions("!RE")?.map((c) => c.name)).toEqual(["regenerate"]);
    expect(commandSuggestions("/x")).toEqual([]);
    expect(commandSuggestions("/regenerate phase")).toBeNull();
    expect(commandSuggestions("hello")).toBeNull();
  });

  it("finds the mention at the caret and replaces it with the picked title", () => {
    const text = "@dev";
    const mention = mentionAt(text, text.length);
    expect(mention).toEqual({ start: 0, end: 4, query: "dev" });
    expect(mentionAt("mail a@b", 8)).toBeNull();
    expect(mentionAt("see @Launch day", 15)?.query).toBe("Launch day");
    if (!mention) throw new Error("no mention");
    expect(insertMention(text, mention, "Developer livestream")).toEqual({ text: "@Developer livestream ", caret: 22 });
  });

  it("matches titles case-insensitively, prefixes first", () => {
    const posts = [{ title: "Launch demo" }, { title: "Demo day" }, { title: "Teaser" }];
    expect(matchPosts(posts, "demo").map((p) => p.title)).toEqual(["Demo day", "Launch demo"]);
    expect(matchPosts(posts, "").length).toBe(3);
    expect(matchPosts(posts, "Demo day fewer than 5 likes")).toEqual([]);
  });

  it("takes the last phase that has posts", () => {
    expect(
      lastPhaseOf([
        { number: 1, posts: [1] },
        { number: 2, posts: [1, 2] },
        { number: 3, posts: [] },
      ]),
    ).toBe(2);
  });
});
