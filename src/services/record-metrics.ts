import { INPUT_LIMITS } from "../domain/limits.js";
import { byCounter, COUNTERS, type MetricCounts } from "../domain/metrics.js";
import { badUserInput } from "../errors.js";
import type { VariantLabel } from "../generated/prisma/client.js";
import { changePost, requireActive } from "./post-transition.js";
import type { Caller, Services } from "./services.js";

/**
 * Stores a variant's latest absolute counters as the platform reports them (not increments), for
 * a post that has been published (it may be back in review since). Each counter is 0 to 10^9.
 */
export async function recordMetrics(
  services: Pick<Services, "db" | "events"> & Caller,
  request: { postId: string; label: VariantLabel } & MetricCounts,
) {
  for (const name of COUNTERS) {
    const value = request[name];
    if (!Number.isInteger(value) || value < 0 || value > INPUT_LIMITS.maxCounter)
      throw badUserInput(name, `must be a whole number from 0 to ${INPUT_LIMITS.maxCounter} (got ${value})`);
  }
  const counters = byCounter((name) => request[name]);
  return changePost(services, request.postId, async (tx, post) => {
    requireActive(post);
    if ((await tx.publication.count({ where: { postId: post.id } })) === 0)
      throw badUserInput("postId", "the post was never published; metrics are recorded for published posts");
    await tx.variantMetrics.upsert({
      where: { postId_label: { postId: post.id, label: request.label } },
      create: { postId: post.id, label: request.label, ...counters },
      update: counters,
    });
  });
}
