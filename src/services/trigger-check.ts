import { transitionProblem } from "../domain/post-status.js";
import { conditionMet, sameTrigger, storedTrigger, triggerDueAt } from "../domain/trigger.js";
import { commitAndPublish, recordEvents } from "../events/outbox.js";
import type { CampaignEvent } from "../events/types.js";
import type { VariantLabel } from "../generated/prisma/client.js";
import { queueNewGeneration } from "./regenerate-post-content.js";
import type { Services, TriggerCheck } from "./services.js";
import { lockCampaignVersion } from "./version-lock.js";

const LABELS: VariantLabel[] = ["A", "B"];

/**
 * What a check did: fired; found the condition not met; was too early and scheduled itself for the
 * due time; or had nothing to do (no trigger, not the trigger it was scheduled for, already fired,
 * post not published).
 */
export type TriggerCheckOutcome = "fired" | "not-met" | "rescheduled" | "nothing-to-do";

type Decision = { outcome: TriggerCheckOutcome; events: CampaignEvent[] };

/** A check that wrote nothing and has nothing to publish. */
const noEvents = (outcome: Exclude<TriggerCheckOutcome, "fired">): Decision => ({ outcome, events: [] });

/**
 * Evaluates a published post's trigger once its duration has passed since publication. If either
 * variant meets the condition, the trigger fires once, in one transaction: firedAt is set, a
 * TriggerFired event logged, and a new generation of copy queued with the action as guidance (the
 * post goes back to DRAFT for review). Safe to run again: the campaign row is locked before
 * anything is read, so a second run sees firedAt and does not fire twice.
 *
 * A check evaluates only the trigger it was scheduled for: if the post's trigger was replaced or
 * cleared since, it does nothing (the replacement has a check of its own, scheduled for its own
 * time), so a trigger is neither evaluated twice nor before its time. A check without a trigger in
 * its data (as every check was before they named theirs) evaluates whatever trigger the post has.
 */
export async function evaluateTriggerCheck(
  services: Pick<Services, "db" | "jobs" | "events">,
  check: TriggerCheck,
  now: () => Date = () => new Date(),
): Promise<TriggerCheckOutcome> {
  const { db, jobs } = services;
  const found = await db.post.findUnique({ where: { id: check.postId }, select: { campaignId: true } });
  if (!found) return "nothing-to-do";
  const decision = await commitAndPublish(services, async (tx): Promise<Decision> => {
    await lockCampaignVersion(tx, found.campaignId);
    const post = await tx.post.findUniqueOrThrow({ where: { id: check.postId }, include: { metrics: true } });
    const trigger = storedTrigger(post);
    if (transitionProblem("triggerFired", post) || !post.publishedAt || !trigger || post.triggerFiredAt)
      return noEvents("nothing-to-do");
    if (check.trigger && !sameTrigger(check.trigger, trigger)) return noEvents("nothing-to-do");
    const at = now();
    const due = triggerDueAt(post.publishedAt, trigger.durationSeconds);
    if (at < due) {
      // A check naming no trigger, scheduled for an earlier one whose duration was shorter; or the
      // queue's clock is ahead of this one: come back when this trigger is due.
      await jobs.scheduleTriggerCheck(tx, check, due);
      return noEvents("rescheduled");
    }
    // The condition is evaluated once, when due: a trigger whose condition is not met now does
    // not fire later, whatever metrics arrive afterwards.
    const variants = LABELS.map((label) => post.metrics.find((m) => m.label === label));
    if (!conditionMet(trigger, variants)) return noEvents("not-met");
    const fired = await recordEvents(tx, post.campaignId, [
      { type: "TriggerFired", postId: post.id, trigger, firedAt: at.toISOString() },
    ]);
    await tx.post.update({ where: { id: post.id }, data: { triggerFiredAt: at } });
    const regenerated = await queueNewGeneration(tx, jobs, post, "triggerFired", trigger.action);
    return { outcome: "fired", events: [...fired, ...regenerated] };
  });
  return decision.outcome;
}
