import type { MediaMaker } from "../ai/media-maker.js";
import type { ChatModel } from "../ai/models.js";
import type { Db, DbTx } from "../db/client.js";
import type { Trigger } from "../domain/trigger.js";
import type { PubSub } from "../events/pubsub.js";
import type { Logger } from "../logger.js";
import type { MediaStore } from "../media/media-store.js";
import type { PublishingChannel } from "../publishing/channel.js";

/** One generation of a post's A and B copy and media, to be written in the background. */
export interface ContentJob {
  postId: string;
  generation: number;
  /** What a reviewer asked for (rejection feedback, a trigger's action); passed to the writer. */
  guidance?: string;
}

/** A published post's trigger, to be evaluated at a given time. */
export interface TriggerCheck {
  postId: string;
  /**
   * The trigger the check was scheduled for: a check finding another trigger on the post (this one
   * was replaced or cleared since) does nothing. Absent in a check that names none (as every check did
   * before this field), which evaluates whatever trigger the post has.
   */
  trigger?: Trigger;
}

export interface ContentJobs {
  /** Queues content jobs inside the caller's transaction, so they exist exactly when their posts do. */
  enqueue(tx: DbTx, jobs: ContentJob[]): Promise<void>;
  /** Queues the evaluation of a post's trigger at `at`, inside the caller's transaction. */
  scheduleTriggerCheck(tx: DbTx, check: TriggerCheck, at: Date): Promise<void>;
}

/** Who is asking: every request acts in one workspace and sees nothing of the others. */
export interface Caller {
  readonly workspaceId: string;
}

/** What the use cases depend on, passed in (tests pass their own). */
export interface Services {
  readonly db: Db;
  /** The language model behind planning and copy (a real endpoint, or the offline model). */
  readonly llm: ChatModel;
  readonly logger: Logger;
  /** Where committed events are published (in-process or Redis). */
  readonly events: PubSub;
  /** The durable queue for background content generation. */
  readonly jobs: ContentJobs;
  /** Makes one image per variant (an SVG card offline, the images API with a model). */
  readonly media: MediaMaker;
  /** Where media files are kept (MEDIA_DIR), served at /media/. */
  readonly mediaStore: MediaStore;
  /** Where approved posts are published (the built-in "local" channel records them). */
  readonly publisher: PublishingChannel;
}
