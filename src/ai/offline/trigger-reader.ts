// The offline trigger reader: a deterministic parser of the common ways to write a trigger, such
// as "fewer than 5 likes within 1 hour, rewrite with a more technical hook" or "after 2 days, if
// more than 50 retweets: thank the community". The condition is a comparison, a count and a
// metric; the time is a preposition and a duration; the action is what follows them (or what comes
// before an "if"). Anything else is not understood, with a reason a person can act on.

import {
  DEFAULT_TRIGGER_ACTION,
  type Trigger,
  type TriggerComparison,
  type TriggerMetric,
  validateTrigger,
} from "../../domain/trigger.js";
import { NUMBER_WORDS } from "./text.js";

export type ReadTrigger = ({ understood: true } & Trigger) | { understood: false; reason: string };

const WORDS = Object.keys(NUMBER_WORDS)
  .sort((a, b) => b.length - a.length)
  .join("|");

/** A count: 1,000 · 1.5k · 250 · "five". */
const COUNT = `\\d+(?:\\.\\d+)?\\s?k\\b|\\d{1,3}(?:,\\d{3})+(?!\\d)|\\d+|(?:${WORDS})\\b`;

const COMPARISONS: { words: string; comparison: TriggerComparison; offset: number }[] = [
  { words: "no more than|at most", comparison: "LESS_THAN", offset: 1 },
  { words: "at least", comparison: "GREATER_THAN", offset: -1 },
  { words: "fewer than|less than|lower than|under|below|<", comparison: "LESS_THAN", offset: 0 },
  { words: "more than|greater than|higher than|over|above|>", comparison: "GREATER_THAN", offset: 0 },
  { words: "exactly|equal to|equals|=", comparison: "EQUAL", offset: 0 },
];

const METRIC_WORDS: [RegExp, TriggerMetric][] = [
  [/^(?:likes?|hearts?)$/i, "LIKES"],
  [/^(?:retweets?|reposts?|shares?)$/i, "RETWEETS"],
  [/^(?:impressions?|views?)$/i, "IMPRESSIONS"],
  [/^(?:comments?|repl(?:y|ies))$/i, "COMMENTS"],
];
const METRIC = "likes?|hearts?|retweets?|reposts?|shares?|impressions?|views?|comments?|repl(?:y|ies)";

const CONDITION = new RegExp(
  `(?<![\\p{L}])(?<comparison>${COMPARISONS.map((c) => c.words).join("|")})\\s*(?<count>${COUNT})\\s+(?:new\\s+)?(?<metric>${METRIC})\\b` +
    `|\\bno\\s+(?:new\\s+)?(?<none>${METRIC})\\b`,
  "giu",
);

const UNIT_SECONDS: [RegExp, number][] = [
  [/^s/i, 1],
  [/^m/i, 60],
  [/^h/i, 3600],
  [/^d/i, 86_400],
  [/^w/i, 604_800],
];
const UNIT = "seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w";
const DURATION = new RegExp(
  `\\b(?:within|in|after|by|over|during|for)\\s+(?<lead>(?:the\\s+)?(?:first|next)\\s+|the\\s+)?` +
    `(?<amount>\\d+(?:\\.\\d+)?|half\\s+an?|an?|(?:${WORDS})\\b)?\\s*(?<unit>${UNIT})\\b`,
  "gi",
);

interface Span {
  start: number;
  end: number;
}
type Condition = Span & Pick<Trigger, "metric" | "comparison" | "value">;

function countOf(text: string): number {
  const word = NUMBER_WORDS[text.toLowerCase().replace(/\s+/g, " ")];
  if (word !== undefined) return word;
  const thousands = text.match(/^(\d+(?:\.\d+)?)\s?k$/i);
  if (thousands) return Math.round(Number(thousands[1]) * 1000);
  return Number(text.replaceAll(",", ""));
}

const metricOf = (word: string) => METRIC_WORDS.find(([pattern]) => pattern.test(word))?.[1] as TriggerMetric;

function findCondition(text: string): Condition | undefined {
  const match = [...text.matchAll(CONDITION)][0];
  if (!match?.groups) return undefined;
  const span = { start: match.index, end: match.index + match[0].length };
  const { comparison: words, count, metric, none } = match.groups;
  if (none) return { ...span, metric: metricOf(none), comparison: "EQUAL", value: 0 };
  const rule = COMPARISONS.find((c) => new RegExp(`^(?:${c.words})$`, "i").test(words ?? ""));
  if (!rule) return undefined;
  return { ...span, metric: metricOf(metric ?? ""), comparison: rule.comparison, value: countOf(count ?? "") + rule.offset };
}

function secondsOf(match: RegExpMatchArray): number | undefined {
  const { lead, amount, unit } = match.groups ?? {};
  // "within hours" says no amount; "within the hour", "in the first day", "within a day" do.
  if (!amount && !lead) return undefined;
  const perUnit = UNIT_SECONDS.find(([pattern]) => pattern.test(unit ?? ""))?.[1] ?? 0;
  const quantity = !amount ? 1 : /^half/i.test(amount) ? 0.5 : /^an?$/i.test(amount) ? 1 : countOf(amount);
  return Math.round(quantity * perUnit);
}

/** Between the condition and a time that follows it: nothing, a comma, or a few words ("on X"). */
const GAP_AFTER = /^(?:\s*,\s*|(?:\s+[\p{L}']+){0,4}\s+|\s*)$/u;
/** Between a time and the condition that follows it: a comma and an "if" at most. */
const GAP_BEFORE = /^\s*[,:]?\s*(?:(?:if|when|once)\s+)?(?:(?:it|the post|we|there)\s+(?:gets?|has|have|are|is)\s+)?$/i;

function findDuration(text: string, condition: Span): (Span & { seconds: number }) | undefined {
  const matches = [...text.matchAll(DURATION)];
  const at = (m: RegExpMatchArray) => ({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, seconds: secondsOf(m) });
  const after = matches
    .map(at)
    .find(
      (d) =>
        d.start >= condition.end &&
        !/\bthen\b/i.test(text.slice(condition.end, d.start)) &&
        GAP_AFTER.test(text.slice(condition.end, d.start)),
    );
  const before = matches
    .map(at)
    .filter((d) => d.end <= condition.start && GAP_BEFORE.test(text.slice(d.end, condition.start)))
    .at(-1);
  const found = after ?? before;
  return found?.seconds === undefined ? undefined : { ...found, seconds: found.seconds };
}

/** What follows the condition and the time; or, when nothing does, what precedes an "if". */
function actionOf(text: string, rule: Span): string {
  const rest = text
    .slice(rule.end)
    .replace(/^[\s,:;.!?>=→–—-]*/, "")
    .replace(/^(?:and then|then|so|do)\b[\s,:;–—-]*/i, "")
    .trim();
  if (rest) return rest;
  const before = text
    .slice(0, rule.start)
    .match(/^(.*?)[\s,;:–—-]*\b(?:if|when|once|whenever)\s*(?:(?:it|the post|we|there)\s+(?:gets?|has|have|are|is)\s+)?$/i);
  return before?.[1]?.trim() || DEFAULT_TRIGGER_ACTION;
}

const notUnderstood = (reason: string): ReadTrigger => ({ understood: false, reason });

/** The trigger the text describes, or why it does not read as one. */
export function readTrigger(input: string): ReadTrigger {
  const text = input.replace(/\s+/g, " ").trim();
  const condition = findCondition(text);
  if (!condition)
    return notUnderstood('it names no condition on likes, retweets, impressions or comments, such as "fewer than 5 likes"');
  const duration = findDuration(text, condition);
  if (!duration) return notUnderstood('it names no time after publication, such as "within 1 hour"');
  const rule = { start: Math.min(condition.start, duration.start), end: Math.max(condition.end, duration.end) };
  const trigger: Trigger = {
    metric: condition.metric,
    comparison: condition.comparison,
    value: condition.value,
    durationSeconds: duration.seconds,
    action: actionOf(text, rule),
  };
  const problems = validateTrigger(trigger);
  if (problems.length > 0) return notUnderstood(problems.join("; "));
  return { understood: true, ...trigger };
}
