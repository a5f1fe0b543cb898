import { TRIGGER_LIMITS } from "../domain/trigger.js";
import { clearTrigger, setTrigger } from "../services/triggers.js";
import { builder } from "./builder.js";
import { MODEL_BACKED } from "./model-backed.js";
import { PostInput, PostPayload } from "./review.js";

const SetTriggerInput = builder.inputType("SetTriggerInput", {
  description: "text example: 'fewer than 5 likes within 1 hour, rewrite it with a more technical hook'",
  fields: (t) => ({
    postId: t.id({ required: true }),
    text: t.string({
      required: true,
      description: `The trigger in plain language: a metric with a count, a time after publication, and what to do with the copy (1–${TRIGGER_LIMITS.maxText} characters after trimming).`,
    }),
  }),
});

builder.mutationFields((t) => ({
  setTrigger: t.field({
    extensions: MODEL_BACKED,
    type: PostPayload,
    description: "Parses the natural-language trigger with the language model and stores it on the post.",
    args: { input: t.arg({ type: SetTriggerInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      postId: await setTrigger(ctx, { postId: String(input.postId), text: input.text }),
    }),
  }),
  clearTrigger: t.field({
    type: PostPayload,
    description: "Removes the post's trigger; a check already scheduled for it then does nothing.",
    args: { input: t.arg({ type: PostInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ postId: await clearTrigger(ctx, String(input.postId)) }),
  }),
}));
