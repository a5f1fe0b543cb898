// A variant's counters, as the platform reports them. This is the one list of them: the API's
// fields and inputs, the totals and the checks of recorded metrics are all made from it, and the
// Metric enum (LIKES, …) names the same counters in capitals.

/** The counters recorded for each variant, in the order the API lists them. */
export const COUNTERS = ["likes", "retweets", "impressions", "comments"] as const;
export type Counter = (typeof COUNTERS)[number];

/** A variant's counters, as recorded for it. */
export type MetricCounts = Record<Counter, number>;

/** The Metric enum's name for a counter: LIKES for likes. */
export type Metric = Uppercase<Counter>;
export const metricOf = (counter: Counter) => counter.toUpperCase() as Metric;
export const counterOf = (metric: Metric) => metric.toLowerCase() as Counter;

/** The Metric enum: the counters' names in capitals, in the same order. */
export const METRICS = COUNTERS.map(metricOf) as unknown as Capitals<typeof COUNTERS>;
type Capitals<T extends readonly string[]> = { readonly [K in keyof T]: Uppercase<T[K] & string> };

/** One value per counter, made by `value`: { likes: value("likes"), … }. */
export const byCounter = <T>(value: (counter: Counter) => T) =>
  Object.fromEntries(COUNTERS.map((counter) => [counter, value(counter)])) as Record<Counter, T>;
