import type { PoolConfig } from "pg";
import { fromPglite, fromPrisma, type JobWithMetadata, PgBoss } from "pg-boss";
import type { DbTx, RawDatabase } from "../db/client.js";
import { listenForLostConnections } from "../db/connection-errors.js";
import type { Logger } from "../logger.js";
import type { ContentJob, ContentJobs, TriggerCheck } from "../services/services.js";

// The durable job queue: pg-boss, in the same database as the data (its own schema "pgboss"). On
// PostgreSQL several instances claim jobs with row locks (SKIP LOCKED); embedded, PGlite is shared
// with Prisma through pg-boss's own adapter.

/** Copy and media for one post (one generation of its A and B variants). */
export const CONTENT_QUEUE = "post-content";
/** Where a content job goes when it has used every retry (or timed out on its last one). */
export const CONTENT_FAILED_QUEUE = "post-content-failed";
/** A published post's trigger, evaluated once its duration has passed. */
export const TRIGGER_QUEUE = "trigger-check";

/** Content jobs one instance runs at once (each mostly waits for the model). */
const CONTENT_CONCURRENCY = 2;

export interface JobQueueOptions {
  /** Where the queue reports what pg-boss reports (a lost connection…); the console unless given. */
  logger?: Pick<Logger, "error">;
  /** Attempts after the first; waits grow exponentially from retryDelaySeconds. */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** A job still running after this long counts as failed and is retried. */
  expireInSeconds?: number;
}

export interface JobQueue extends ContentJobs {
  readonly boss: PgBoss;
  /** Runs `handle` for each content job, and `handleExhausted` for jobs that used every retry. */
  workContent(
    handle: (job: JobWithMetadata<ContentJob>) => Promise<void>,
    handleExhausted: (job: ContentJob) => Promise<void>,
  ): Promise<void>;
  /** Runs `handle` for each trigger check that came due; one that throws is retried with backoff. */
  workTriggers(handle: (job: JobWithMetadata<TriggerCheck>) => Promise<void>): Promise<void>;
  /** Stops taking jobs; running ones get `graceMs` to finish, then fail (and are retried later). */
  stop(graceMs?: number): Promise<void>;
}

/** Installs or upgrades pg-boss's schema and the queues (idempotent); used on start and by test templates. */
export async function openJobQueue(raw: RawDatabase, options: JobQueueOptions = {}): Promise<JobQueue> {
  // pg-boss hands its options to pg.Pool as they are, so pg-pool's onConnect reaches its pool's
  // connections (its LISTEN connection is a pg.Client it listens on itself). pg-boss reports what a
  // lost connection interrupts through its 'error' event, logged below.
  const pool: PoolConfig = { onConnect: listenForLostConnections() };
  const boss =
    raw.kind === "pglite"
      ? new PgBoss({ db: fromPglite(raw.pglite), backend: "pglite", useListenNotify: true })
      : new PgBoss({ connectionString: raw.url, max: 4, useListenNotify: true, ...pool });
  // pg-boss reports background problems (a failed maintenance query) as events; without a listener
  // Node would throw them.
  const logger = options.logger ?? console;
  boss.on("error", (error) => logger.error(`job queue: ${error.message}`));
  await boss.start();
  const retry = {
    retryLimit: options.retryLimit ?? 4,
    retryDelay: options.retryDelaySeconds ?? 2,
    retryBackoff: true,
    retryDelayMax: 60,
    expireInSeconds: options.expireInSeconds ?? 600,
    // A running job's worker refreshes its claim every 15 s; a job whose worker died (a crash, a
    // kill) is failed and retried about a minute later instead of after expireInSeconds.
    heartbeatSeconds: 30,
  };
  await ensureQueue(boss, CONTENT_FAILED_QUEUE, {});
  await ensureQueue(boss, CONTENT_QUEUE, { ...retry, deadLetter: CONTENT_FAILED_QUEUE, notify: true });
  await ensureQueue(boss, TRIGGER_QUEUE, { ...retry, notify: true });
  return queueOver(boss);
}

/** The service's queue over a started pg-boss whose queues exist. */
function queueOver(boss: PgBoss): JobQueue {
  return {
    boss,
    async enqueue(tx: DbTx, jobs: ContentJob[]) {
      if (jobs.length === 0) return;
      // In the caller's transaction: the jobs exist exactly when the posts they concern do.
      await boss.insert(
        CONTENT_QUEUE,
        jobs.map((data) => ({ data })),
        { db: fromPrisma(tx) },
      );
    },
    async scheduleTriggerCheck(tx: DbTx, check: TriggerCheck, at: Date) {
      await boss.insert(TRIGGER_QUEUE, [{ data: check, startAfter: at }], { db: fromPrisma(tx) });
    },
    async workContent(handle, handleExhausted) {
      // NOTIFY wakes an idle worker when a job is queued; polling (every second) finds retries
      // that came due. A worker that just finished a job asks for the next one at once instead of
      // waiting out its poll: hence one work() per concurrent worker, each knowing its own id.
      const polling = { pollingIntervalSeconds: 1, notifyPollingIntervalSeconds: 1 } as const;
      const options = { ...polling, includeMetadata: true } as const;
      for (let i = 0; i < CONTENT_CONCURRENCY; i++) {
        let workerId = "";
        workerId = await boss.work<ContentJob, void, typeof options>(CONTENT_QUEUE, options, async ([job]) => {
          try {
            if (job) await handle(job);
          } finally {
            boss.notifyWorker(workerId);
          }
        });
      }
      await boss.work<ContentJob>(CONTENT_FAILED_QUEUE, polling, async ([job]) => {
        if (job) await handleExhausted(job.data);
      });
    },
    async workTriggers(handle) {
      // Checks are scheduled for a time, and NOTIFY fires when they are queued, not when they come
      // due: polling every second (also while NOTIFY is on) finds them within a second of it.
      const options = { pollingIntervalSeconds: 1, notifyPollingIntervalSeconds: 1, includeMetadata: true } as const;
      await boss.work<TriggerCheck, void, typeof options>(TRIGGER_QUEUE, options, async ([job]) => {
        if (job) await handle(job);
      });
    },
    stop: (graceMs = 10_000) => boss.stop({ graceful: true, timeout: graceMs, close: true }),
  };
}

/** Creates the queue, or brings an existing one's retry settings up to date. */
async function ensureQueue(boss: PgBoss, name: string, options: Parameters<PgBoss["createQueue"]>[1] = {}) {
  if (!(await boss.getQueue(name))) await boss.createQueue(name, options);
  else if (Object.keys(options).length > 0) await boss.updateQueue(name, options);
}
