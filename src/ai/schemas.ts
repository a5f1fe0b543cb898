import type { SerializableSchema } from "@langchain/core/utils/standard_schema";
import { z } from "zod";
import { AB_DIMENSIONS, CONTENT_LIMITS } from "../domain/content.js";
import { METRICS } from "../domain/metrics.js";
import { PLAN_LIMITS, PLATFORMS } from "../domain/plan.js";
import { COMPARISONS, TRIGGER_LIMITS } from "../domain/trigger.js";
import { bool, int, oneOf, phaseName, text } from "./lenient-fields.js";

// Structured outputs the models must produce. Shapes and types only: the rules (counts, lengths,
// links) are checked in src/domain/, whatever the model claims, and reported back to it. Every
// field reads its value leniently (./lenient-fields.ts); the model is told the strict types.

/**
 * A schema as withStructuredOutput takes it (Standard Schema): the model's answer is validated by
 * `schema`, normalisers included, while the tool definition sent to the model is the JSON Schema
 * of what comes out of them: integers, enums and strings. (LangChain would convert a zod schema
 * from its input side, where a preprocess step has no JSON Schema at all.)
 */
export type ToolSchema<T> = SerializableSchema<unknown, T>;

function toolSchema<T>(schema: z.ZodType<T>): ToolSchema<T> {
  const standard = schema["~standard"];
  return { "~standard": { ...standard, jsonSchema: { input: standard.jsonSchema.output, output: standard.jsonSchema.output } } };
}

/** Names models use for a platform besides its own. */
const PLATFORM_ALIASES = {
  Twitter: "X",
  "X (Twitter)": "X",
  "Twitter/X": "X",
  "x.com": "X",
  IG: "INSTAGRAM",
  "Blog post": "BLOG",
} as const;
/** Words models use for a metric: the offline reader's (src/ai/offline/trigger-reader.ts), singular or plural. */
const METRIC_ALIASES = {
  like: "LIKES",
  retweet: "RETWEETS",
  repost: "RETWEETS",
  reposts: "RETWEETS",
  share: "RETWEETS",
  shares: "RETWEETS",
  impression: "IMPRESSIONS",
  view: "IMPRESSIONS",
  views: "IMPRESSIONS",
  comment: "COMMENTS",
  reply: "COMMENTS",
  replies: "COMMENTS",
} as const;
const COMPARISON_ALIASES = {
  "<": "LESS_THAN",
  lt: "LESS_THAN",
  fewer_than: "LESS_THAN",
  below: "LESS_THAN",
  "=": "EQUAL",
  "==": "EQUAL",
  eq: "EQUAL",
  equals: "EQUAL",
  equal_to: "EQUAL",
  ">": "GREATER_THAN",
  gt: "GREATER_THAN",
  more_than: "GREATER_THAN",
  above: "GREATER_THAN",
} as const;

export const STRATEGY_PLAN_TOOL = "strategy_plan";

const platform = () => oneOf(PLATFORMS, PLATFORM_ALIASES);

const strategyPlan = z
  .object({
    phases: z
      .array(
        z.object({
          number: int().describe("1 for the first phase, then 2, 3… in order"),
          name: phaseName().describe(`Short phase name, at most ${PLAN_LIMITS.maxPhaseName} characters, e.g. "Awareness"`),
          posts: z
            .array(
              z.object({
                key: text().describe('Unique handle for this post within the plan, e.g. "p1-1"'),
                title: text().describe(`At most ${PLAN_LIMITS.maxTitle} characters`),
                description: text().describe(`What the post says and why, at most ${PLAN_LIMITS.maxDescription} characters`),
                platform: platform(),
                leadsTo: z.array(text()).describe("Keys of posts in later phases that this post leads into"),
              }),
            )
            .describe(`${PLAN_LIMITS.minPostsPerPhase}–${PLAN_LIMITS.maxPostsPerPhase} posts`),
        }),
      )
      .describe("The phases in order"),
  })
  .describe("A go-to-market strategy: phases of posts linked forward");

export const strategyPlanSchema = toolSchema(strategyPlan);

export const STRATEGY_REGENERATION_TOOL = "strategy_regeneration";

export const strategyRegenerationSchema = toolSchema(
  strategyPlan
    .extend({
      phases: strategyPlan.shape.phases.describe("The new phases, starting at the phase being regenerated, in order"),
      keptLinks: z
        .array(
          z.object({
            from: text().describe("id of a kept post"),
            to: text().describe("key of a new post"),
          }),
        )
        .describe("Links from kept posts into new posts; every new post of the first new phase needs one from the phase before"),
    })
    .describe("New phases that replace a campaign's strategy from one phase onwards, linked to the posts that stay"),
);

export const WRITE_CONTENT_TOOL = "write_post_content";

const writtenVariant = z.object({
  text: text().describe("The post exactly as published, within the platform's limit"),
  hook: text().describe(`Headline on the post's image card, at most ${CONTENT_LIMITS.hook} characters`),
  mediaCaption: text().describe(`What the image shows, at most ${CONTENT_LIMITS.mediaCaption} characters`),
  approach: text()
    .optional()
    .describe(`What this variant tries on the tested dimension, at most ${CONTENT_LIMITS.approach} characters`),
});

export const writeContentSchema = toolSchema(
  z
    .object({
      dimension: oneOf(AB_DIMENSIONS)
        .optional()
        .describe("The one thing A and B differ in on purpose: HOOK, ANGLE, CTA, LENGTH or TONE"),
      A: writtenVariant.describe("The first variant"),
      B: writtenVariant.describe("The second variant, differing from A in the tested dimension"),
    })
    .describe("Two variants of one post's copy, for an A/B test of one dimension"),
);

export const PROPOSE_FOLLOW_UP_TOOL = "propose_follow_up_post";

export const proposeFollowUpSchema = toolSchema(
  z
    .object({
      title: text().describe(`At most ${PLAN_LIMITS.maxTitle} characters`),
      description: text().describe(`What the post says and why, at most ${PLAN_LIMITS.maxDescription} characters`),
      platform: platform(),
      phaseName: phaseName().describe(
        `The target phase's name, at most ${PLAN_LIMITS.maxPhaseName} characters: its current name when it has one, else a short new name`,
      ),
    })
    .describe("One new post that follows up on the selected posts of a campaign"),
);

export const PARSE_TRIGGER_TOOL = "parse_trigger";

// One flat object rather than a union: a function's parameters must be an object, and a flag is
// what models answer most reliably. The fields are required when understood is true (checked in
// src/ai/trigger-parser.ts and src/domain/trigger.ts).
const parseTrigger = z
  .object({
    understood: bool().describe("true if the text is a trigger rule on a post's metrics; false otherwise"),
    reason: text().nullish().describe("When not understood: why, in one sentence a person can act on"),
    metric: oneOf(METRICS, METRIC_ALIASES).nullish().describe("The counter the rule watches"),
    comparison: oneOf(COMPARISONS, COMPARISON_ALIASES).nullish(),
    value: int().nullish().describe(`The count it is compared with, 0 to ${TRIGGER_LIMITS.maxValue}`),
    durationSeconds: int()
      .nullish()
      .describe(`Seconds after publication at which the rule is checked, 1 to ${TRIGGER_LIMITS.maxDurationSeconds} (30 days)`),
    action: text()
      .nullish()
      .describe(
        `What to do with the post's copy when the rule holds, in the user's words, at most ${TRIGGER_LIMITS.maxAction} characters`,
      ),
  })
  .describe("A plain-language trigger read into its parts, or why it is not one");

export const parseTriggerSchema = toolSchema(parseTrigger);

export type ParseTriggerOutput = z.infer<typeof parseTrigger>;
