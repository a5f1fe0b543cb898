import { describe, expect, it } from "vitest";
import {
  directionProblem,
  idempotencyKeyProblem,
  phaseNumProblem,
  regeneratedPhaseCount,
} from "../../src/domain/regeneration.js";

describe("a regeneration request", () => {
  it("takes a phase from 1 to the one after the last active phase, within a campaign's six", () => {
    expect(phaseNumProblem(1, 3)).toBeNull();
    expect(phaseNumProblem(4, 3)).toBeNull();
    expect(phaseNumProblem(5, 3)).toEqual({
      field: "phaseNum",
      rule: "must be between 1 and 4 (the last active phase is 3; a campaign has at most 6 phases)",
    });
    expect(phaseNumProblem(0, 3)).toMatchObject({ field: "phaseNum" });
    expect(phaseNumProblem(1.5, 3)).toMatchObject({ field: "phaseNum" });
    expect(phaseNumProblem(7, 6)).toMatchObject({ field: "phaseNum", rule: expect.stringContaining("between 1 and 6") });
  });

  it("needs a direction of 1 to 2000 characters after trimming", () => {
    expect(directionProblem("  go enterprise  ")).toBeNull();
    expect(directionProblem("   ")).toEqual({ field: "newDirection", rule: "must be 1–2000 characters after trimming (has 0)" });
    expect(directionProblem("x".repeat(2001))).toMatchObject({ field: "newDirection" });
  });

  it("takes an idempotency key of 1 to 200 characters, as given", () => {
    expect(idempotencyKeyProblem(" k ")).toBeNull();
    expect(idempotencyKeyProblem("")).toEqual({ field: "idempotencyKey", rule: "must be 1–200 characters" });
    expect(idempotencyKeyProblem("k".repeat(201))).toMatchObject({ field: "idempotencyKey" });
  });

  it("plans from the first regenerated phase to the last active one, or the one new phase", () => {
    expect(regeneratedPhaseCount(2, 3)).toBe(2);
    expect(regeneratedPhaseCount(4, 3)).toBe(1);
  });
});
