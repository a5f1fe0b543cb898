import { randomUUID } from "node:crypto";
import { LlmUnavailableError } from "../ai/errors.js";
import { MediaUnavailableError } from "../ai/media-maker.js";
import { generatePostContent, recordContentFailure } from "../services/generate-content.js";
import { causeChain } from "../services/model-failure.js";
import type { Services } from "../services/services.js";
import type { JobQueue } from "./job-queue.js";

/**
 * Works the content queue with the same service a person's request would use. A failed attempt
 * is retried by the queue (with backoff); the last one records the failure on the post. A job
 * whose last attempt never reported back (its worker died, or it ran past its time) reaches the
 * dead-letter queue and is recorded as failed there.
 */
export function startContentWorker(queue: JobQueue, services: Services) {
  return queue.workContent(
    async (job) => {
      try {
        await generatePostContent(services, job.data, job.signal);
      } catch (error) {
        if (job.signal?.aborted) throw error; // shutting down: the queue hands the job out again
        const requestId = randomUUID();
        const attempt = `${job.retryCount + 1} of ${job.retryLimit + 1}`;
        services.logger.warn(`job ${requestId}: content for post ${job.data.postId}, attempt ${attempt}: ${causeChain(error)}`);
        if (job.retryCount < job.retryLimit) throw error;
        await recordContentFailure(
          services,
          job.data,
          `${reasonFor(error)} (after ${job.retryLimit + 1} attempts; log id ${requestId})`,
        );
      }
    },
    (job) =>
      recordContentFailure(services, job, "Content generation did not finish: its last attempt was interrupted or timed out."),
  );
}

/**
 * What a person is told: for the model, the same message as a request's LLM_UNAVAILABLE (what
 * happened and which setting to check); the details (which may name hosts or keys) stay in the log.
 */
function reasonFor(error: unknown): string {
  if (error instanceof LlmUnavailableError) return error.message.replace(/\.$/, "");
  if (error instanceof MediaUnavailableError) return "The image could not be made";
  return "Content generation failed with an internal error";
}
