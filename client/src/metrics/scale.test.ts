import { describe, expect, it } from "vitest";
import { barPercent, conditionText, durationText, formatCount } from "./scale.js";

describe("metrics charts", () => {
  it("scales a bar to the longest of its group, with a visible sliver for small counts and none for zero", () => {
    expect(barPercent(50, 100)).toBe(50);
    expect(barPercent(100, 100)).toBe(100);
    expect(barPercent(1, 10_000)).toBe(2);
    expect(barPercent(0, 100)).toBe(0);
    expect(barPercent(0, 0)).toBe(0);
    expect(barPercent(1, 3)).toBe(33.3);
  });

  it("writes counts with thousands separators", () => {
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(formatCount(0)).toBe("0");
  });

  it("reads a trigger back in words", () => {
    expect(conditionText({ metric: "LIKES", comparison: "LESS_THAN", value: 5 })).toBe("fewer than 5 likes");
    expect(conditionText({ metric: "RETWEETS", comparison: "GREATER_THAN", value: 1000 })).toBe("more than 1,000 retweets");
    expect(conditionText({ metric: "COMMENTS", comparison: "EQUAL", value: 0 })).toBe("exactly 0 comments");
    expect(durationText(3)).toBe("3 seconds");
    expect(durationText(3600)).toBe("1 hour");
    expect(durationText(5400)).toBe("90 minutes");
    expect(durationText(172_800)).toBe("2 days");
    expect(durationText(1)).toBe("1 second");
  });
});
