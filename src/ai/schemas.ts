import { z } from "zod";
import { CONTENT_LIMITS } from "../domain/content.js";
import { PLAN_LIMITS, PLATFORMS } from "../domain/plan.js";
import { COMPARISONS, METRICS, TRIGGER_LIMITS } from "../domain/trigger.js";

// Structured outputs the models must produce. Shapes and types only: the rules (counts, lengths,
// links) are checked in src/domain/, whatever the model claims, and reported back to it.

export const STRATEGY_PLAN_TOOL = "strategy_plan";

export const strategyPlanSchema = z
  .object({
    phases: z
      .array(
        z.object({
          number: z.number().int().describe("1 for the first phase, then 2, 3… in order"),
          name: z.string().describe(`Short phase name, at most ${PLAN_LIMITS.maxPhaseName} characters, e.g. "Awareness"`),
          posts: z
            .array(
              z.object({
                key: z.string().describe('Unique handle for this post within the plan, e.g. "p1-1"'),
                title: z.string().describe(`At most ${PLAN_LIMITS.maxTitle} characters`),
                description: z.string().describe(`What the post says and why, at most ${PLAN_LIMITS.maxDescription} characters`),
                platform: z.enum(PLATFORMS),
                leadsTo: z.array(z.string()).describe("Keys of posts in later phases that this post leads into"),
              }),
            )
            .describe(`${PLAN_LIMITS.minPostsPerPhase}–${PLAN_LIMITS.maxPostsPerPhase} posts`),
        }),
      )
      .describe("The phases in order"),
  })
  .describe("A go-to-market strategy: phases of posts linked forward");

export type StrategyPlanOutput = z.infer<typeof strategyPlanSchema>;

export const STRATEGY_REGENERATION_TOOL = "strategy_regeneration";

export const strategyRegenerationSchema = strategyPlanSchema
  .extend({
    phases: strategyPlanSchema.shape.phases.describe("The new phases, starting at the phase being regenerated, in order"),
    keptLinks: z
      .array(
        z.object({
          from: z.string().describe("id of a kept post"),
          to: z.string().describe("key of a new post"),
        }),
      )
      .describe("Links from kept posts into new posts; every new post of the first new phase needs one from the phase before"),
  })
  .describe("New phases that replace a campaign's strategy from one phase onwards, linked to the posts that stay");

export const WRITE_CONTENT_TOOL = "write_post_content";

const writtenVariantSchema = z.object({
  text: z.string().describe("The post exactly as published, within the platform's limit"),
  hook: z.string().describe(`Headline on the post's image card, at most ${CONTENT_LIMITS.hook} characters`),
  mediaCaption: z.string().describe(`What the image shows, at most ${CONTENT_LIMITS.mediaCaption} characters`),
});

export const writeContentSchema = z
  .object({
    A: writtenVariantSchema.describe("Direct and professional"),
    B: writtenVariantSchema.describe("Casual and playful, clearly different from A"),
  })
  .describe("Two variants of one post's copy, for an A/B test");

export const PROPOSE_FOLLOW_UP_TOOL = "propose_follow_up_post";

export const proposeFollowUpSchema = z
  .object({
    title: z.string().describe(`At most ${PLAN_LIMITS.maxTitle} characters`),
    description: z.string().describe(`What the post says and why, at most ${PLAN_LIMITS.maxDescription} characters`),
    platform: z.enum(PLATFORMS),
    phaseName: z
      .string()
      .describe(
        `The target phase's name, at most ${PLAN_LIMITS.maxPhaseName} characters: its current name when it has one, else a short new name`,
      ),
  })
  .describe("One new post that follows up on the selected posts of a campaign");

export const PARSE_TRIGGER_TOOL = "parse_trigger";

// One flat object rather than a union: a function's parameters must be an object, and a flag is
// what models answer most reliably. The fields are required when understood is true (checked in
// src/ai/trigger-parser.ts and src/domain/trigger.ts).
export const parseTriggerSchema = z
  .object({
    understood: z.boolean().describe("true if the text is a trigger rule on a post's metrics; false otherwise"),
    reason: z.string().nullish().describe("When not understood: why, in one sentence a person can act on"),
    metric: z.enum(METRICS).nullish().describe("The counter the rule watches"),
    comparison: z.enum(COMPARISONS).nullish(),
    value: z.number().int().nullish().describe(`The count it is compared with, 0 to ${TRIGGER_LIMITS.maxValue}`),
    durationSeconds: z
      .number()
      .int()
      .nullish()
      .describe(`Seconds after publication at which the rule is checked, 1 to ${TRIGGER_LIMITS.maxDurationSeconds} (30 days)`),
    action: z
      .string()
      .nullish()
      .describe(
        `What to do with the post's copy when the rule holds, in the user's words, at most ${TRIGGER_LIMITS.maxAction} characters`,
      ),
  })
  .describe("A plain-language trigger read into its parts, or why it is not one");

export type ParseTriggerOutput = z.infer<typeof parseTriggerSchema>;
