import { describe, expect, it } from "vitest";
import { commandSuggestions, highestPhase, insertMention, lastPhaseOf, matchPosts, mentionAt, parseMessage } from "./commands.js";

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

  it("explains that post commands are not available yet", () => {
    expect(error("@Launch teaser fewer than 5 likes in 1 hour, rewrite")).toMatch(
      /Post commands \(triggers\) are not available yet/,
    );
  });

  it("asks for a command for plain text", () => {
    expect(error("pivot to developers")).toMatch(/Start with a command/);
  });
});

describe("suggestions", () => {
  it("lists the commands a lone /word could start", () => {
    expect(commandSuggestions("/")?.map((c) => c.name)).toEqual(["regenerate"]);
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
