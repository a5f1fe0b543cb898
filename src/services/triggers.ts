import { parseTrigger } from "../ai/trigger-parser.js";
import { storedTrigger, TRIGGER_LIMITS, triggerColumns, triggerDueAt } from "../domain/trigger.js";
import { badUserInput } from "../errors.js";
import { commitAndPublish, recordEvents } from "../events/outbox.js";
import { asLlmUnavailable } from "./model-failure.js";
import { requireActivePost } from "./posts.js";
import type { Caller, Services } from "./services.js";

export const TRIGGER_EXAMPLE = 'e.g. "fewer than 5 likes within 1 hour, rewrite with a more technical hook"';

/**
 * Reads the plain-language trigger with the model (outside any transaction) and stores it on an
 * active post, replacing any earlier one (which may fire again). On a post that is already
 * published, its check is scheduled from the publication (at once if that time has passed);
 * otherwise approvePost schedules it. The check names the trigger it is for, so that a check
 * still queued for the trigger this one replaces does nothing when it comes due (whether its
 * time is before this one's or after). Text the model cannot read as a trigger changes nothing.
 */
export async function setTrigger(
  { db, llm, logger, jobs, events, workspaceId }: Pick<Services, "db" | "llm" | "logger" | "jobs" | "events"> & Caller,
  request: { postId: string; text: string },
  now: () => Date = () => new Date(),
): Promise<string> {
  const text = request.text.trim();
  if (text.length < 1 || text.length > TRIGGER_LIMITS.maxText)
    throw badUserInput(
      "text",
      `must be 1–${TRIGGER_LIMITS.maxText} characters after trimming (has ${text.length}), ${TRIGGER_EXAMPLE}`,
    );
  const post = await requireActivePost({ db, workspaceId }, request.postId);
  const parsed = await parseTrigger(llm, text).catch(asLlmUnavailable(logger, "setTrigger"));
  if (!parsed.understood)
    throw badUserInput(
      "text",
      `does not read as a trigger (${parsed.reason}); name a metric with a count, a time after publication and what to do, ${TRIGGER_EXAMPLE}`,
    );
  const { trigger } = parsed;
  await commitAndPublish({ db, events }, async (tx) => {
    // The event first: it locks the campaign row, as every writer of a campaign does first.
    const updated = await recordEvents(tx, post.campaignId, [{ type: "PostUpdated", postId: post.id }]);
    // Read again under the lock: a regeneration may have archived the post, or an approval
    // published it, while the model was reading.
    const current = await requireActivePost({ db: tx, workspaceId }, post.id);
    await tx.post.update({
      where: { id: post.id },
      data: { triggerText: text, ...triggerColumns(trigger), triggerFiredAt: null },
    });
    if (current.status === "PUBLISHED" && current.publishedAt) {
      const due = triggerDueAt(current.publishedAt, trigger.durationSeconds).getTime();
      const check = { postId: post.id, trigger };
      await jobs.scheduleTriggerCheck(tx, check, new Date(Math.max(due, now().getTime())));
    }
    return updated;
  });
  return post.id;
}

/**
 * Removes the post's trigger. A check already scheduled for it then finds no trigger (or, once
 * another is set, not its own) and does nothing. Clearing a post without a trigger changes nothing.
 */
export async function clearTrigger(
  { db, events, workspaceId }: Pick<Services, "db" | "events"> & Caller,
  postId: string,
): Promise<string> {
  const post = await requireActivePost({ db, workspaceId }, postId);
  if (post.triggerText === null && storedTrigger(post) === null) return post.id;
  await commitAndPublish({ db, events }, async (tx) => {
    const updated = await recordEvents(tx, post.campaignId, [{ type: "PostUpdated", postId: post.id }]);
    await requireActivePost({ db: tx, workspaceId }, post.id);
    await tx.post.update({
      where: { id: post.id },
      data: { triggerText: null, ...triggerColumns(null), triggerFiredAt: null },
    });
    return updated;
  });
  return post.id;
}
