import { randomUUID } from "node:crypto";
import type { Services } from "../services/services.js";
import { evaluateTriggerCheck } from "../services/trigger-check.js";
import type { JobQueue } from "./job-queue.js";

/**
 * Works the trigger checks with the same service a test calls directly: each due check evaluates
 * its post's trigger (and fires it at most once). A check that fails is retried by the queue with
 * backoff; the clock is a parameter so that tests can move time.
 */
export function startTriggerWorker(queue: JobQueue, services: Services, now: () => Date = () => new Date()) {
  return queue.workTriggers(async (job) => {
    try {
      const outcome = await evaluateTriggerCheck(services, job.data, now);
      services.logger.debug(`trigger check for post ${job.data.postId}: ${outcome}`);
    } catch (error) {
      const attempt = `${job.retryCount + 1} of ${job.retryLimit + 1}`;
      services.logger.warn(
        `job ${randomUUID()}: trigger check for post ${job.data.postId}, attempt ${attempt}: ${String(error)}`,
      );
      throw error;
    }
  });
}
