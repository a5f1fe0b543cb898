import { FOLLOW_UP_LIMITS } from "../domain/follow-up.js";
import { PLAN_LIMITS } from "../domain/plan.js";
import { createFollowUpPost } from "../services/create-follow-up-post.js";
import { builder } from "./builder.js";
import { MODEL_BACKED } from "./model-backed.js";
import { PostPayload } from "./review.js";

const CreateFollowUpPostInput = builder.inputType("CreateFollowUpPostInput", {
  fields: (t) => ({
    campaignId: t.id({ required: true }),
    fromPostIds: t.idList({
      required: true,
      description: `1..${FOLLOW_UP_LIMITS.maxFromPosts} distinct active posts of the campaign; each will lead into the new post.`,
    }),
    prompt: t.string({
      required: true,
      description: `What the new post should be about, in the user's words. 1..${FOLLOW_UP_LIMITS.maxPrompt} characters after trimming.`,
    }),
  }),
});

builder.mutationField("createFollowUpPost", (t) =>
  t.field({
    extensions: MODEL_BACKED,
    type: PostPayload,
    description: `A new post, proposed by the language model, in the phase after the latest of fromPostIds (created if needed, at most phase ${PLAN_LIMITS.maxPhases}; at most ${PLAN_LIMITS.maxPostsPerPhase} posts per phase), linked from each of them. It joins the current version without bumping it; its A/B content is generated in the background.`,
    args: { input: t.arg({ type: CreateFollowUpPostInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ postId: await createFollowUpPost(ctx, input) }),
  }),
);
