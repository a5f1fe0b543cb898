/**
 * Numbers for the metrics charts, as pure functions: how long a bar is, how a count reads, and the
 * words for a trigger as the model read it. No Svelte, no DOM.
 */
import type { Comparison, Metric } from "../generated/graphql.js";

/** The four counters, in the order the charts show them, with the words people read. */
export const COUNTERS = [
  { metric: "IMPRESSIONS", key: "impressions", text: "Impressions" },
  { metric: "LIKES", key: "likes", text: "Likes" },
  { metric: "RETWEETS", key: "retweets", text: "Retweets" },
  { metric: "COMMENTS", key: "comments", text: "Comments" },
] as const satisfies readonly { metric: Metric; key: string; text: string }[];

export type CounterKey = (typeof COUNTERS)[number]["key"];
export type Counts = Record<CounterKey, number>;

/** A metric as a word in a sentence ("likes"): its counter's key. */
export const METRIC_TEXT = Object.fromEntries(COUNTERS.map((c) => [c.metric, c.key])) as Record<Metric, CounterKey>;

/**
 * A bar's length in percent of the longest bar of its group (0–100). A count above zero always
 * gets a sliver (2 %) so that it does not read as nothing; zero is no bar at all.
 */
export function barPercent(value: number, max: number): number {
  if (!(value > 0) || !(max > 0)) return 0;
  return Math.max(2, Math.min(100, Math.round((value / max) * 1000) / 10));
}

const numberFormat = new Intl.NumberFormat("en-US");
/** A count as text, with thousands separators: 12,345. */
export const formatCount = (n: number) => numberFormat.format(n);

/** "fewer than 5 likes" · "more than 100 retweets" · "exactly 0 comments". */
export function conditionText(trigger: { metric: Metric; comparison: Comparison; value: number }): string {
  const word = { LESS_THAN: "fewer than", GREATER_THAN: "more than", EQUAL: "exactly" }[trigger.comparison];
  return `${word} ${formatCount(trigger.value)} ${METRIC_TEXT[trigger.metric]}`;
}

/** Seconds as the largest whole unit people say: "3 seconds", "1 hour", "90 minutes", "2 days". */
export function durationText(seconds: number): string {
  const units: [number, string][] = [
    [604_800, "week"],
    [86_400, "day"],
    [3600, "hour"],
    [60, "minute"],
    [1, "second"],
  ];
  for (const [size, name] of units) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return `${formatCount(n)} ${name}${n === 1 ? "" : "s"}`;
    }
  }
  return `${formatCount(seconds)} seconds`;
}
