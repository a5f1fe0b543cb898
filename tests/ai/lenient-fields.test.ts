import { describe, expect, it } from "vitest";
import { cleanPhaseName } from "../../src/ai/lenient-fields.js";

// What a model adds to a phase's name to say what it did with it, and what is the name itself.
describe("cleanPhaseName", () => {
  it.each([
    ["Launch (New)", "Launch"],
    ["Awareness (Existing)", "Awareness"],
    ["Growth [Updated]", "Growth"],
    ["(Kept) Awareness", "Awareness"],
    ["[new phase]: Community", "Community"],
    ["Retention – revised", "Retention"],
    ["Phase 2: Launch (unchanged)", "Launch"],
    ["**Launch**", "Launch"],
    ['"Expansion"', "Expansion"],
    ["  Growth  ", "Growth"],
  ])("reads %j as %j", (sent, name) => {
    expect(cleanPhaseName(sent)).toBe(name);
  });

  it.each(["Launch (EU)", "Go-to-market", "New users", "Existing customers", "Phase 2", "Launch - Developer edition", "(New)"])(
    "keeps %j as it is",
    (name) => {
      expect(cleanPhaseName(name)).toBe(name);
    },
  );
});
