// A post's review status as a state machine: the one place that says which action may move a post
// from which status (with its content in which state), where it goes, and what a person reads when
// it may not. Services check a post read under its campaign's lock against these rules and write
// the change guarded by the same lists, so no interleaving of requests reaches a state that no
// sequence of them could reach (a published post REJECTED, two generations of copy queued at once).

/** The same values as the database's enums. */
export const POST_STATUSES = ["DRAFT", "APPROVED", "PUBLISHED", "REJECTED"] as const;
export type PostStatus = (typeof POST_STATUSES)[number];
export const CONTENT_STATUSES = ["PENDING", "GENERATING", "READY", "FAILED"] as const;
export type ContentStatus = (typeof CONTENT_STATUSES)[number];

/** What the rules look at. */
export interface PostState {
  isActive: boolean;
  archivedInVersion: number | null;
  status: PostStatus;
  contentStatus: ContentStatus;
}

export interface Transition {
  readonly from: readonly PostStatus[];
  /** The content statuses the action may start from. */
  readonly content: readonly ContentStatus[];
  readonly to: PostStatus;
  /** The content status the action leaves, if it changes it. */
  readonly contentTo?: ContentStatus;
  /** The rule a person reads when the post's status is not one of `from`. */
  readonly wrongStatus: (status: PostStatus) => string;
  /** The rule a person reads when its content status is not one of `content` (if that can happen). */
  readonly wrongContent?: (content: ContentStatus) => string;
}

/** Content that is not being written: a new generation may be queued. */
const NOT_BEING_WRITTEN = ["READY", "FAILED"] as const satisfies readonly ContentStatus[];
const BEING_WRITTEN = "the post's content is being written already; wait for it to finish";

/**
 * Every change of a post's status. APPROVED lasts only inside the approval's transaction (the
 * channel publishes between approve and publish), so nothing starts from it but publish. A copy
 * rewrite (a person's, or a trigger's) sends any post back to DRAFT for review with a new
 * generation of copy pending, and only one generation is written at a time.
 */
export const POST_TRANSITIONS = {
  /** The human gate: a draft whose A/B content is written. */
  approve: {
    from: ["DRAFT"],
    content: ["READY"],
    to: "APPROVED",
    wrongStatus: (status) => `the post is ${status}; only a DRAFT post can be approved`,
    wrongContent: (content) => `the post's content is ${content}; it can be approved once its A/B content is READY`,
  },
  /** Once the channel has published the approved post, in the approval's transaction. */
  publish: {
    from: ["APPROVED"],
    content: ["READY"],
    to: "PUBLISHED",
    wrongStatus: (status) => `the post is ${status}; only an APPROVED post can be published`,
    wrongContent: (content) => `the post's content is ${content}; only READY content is published`,
  },
  /** A reviewer turns down a draft (again, with new feedback, if it was rejected already). */
  reject: {
    from: ["DRAFT", "REJECTED"],
    content: CONTENT_STATUSES,
    to: "REJECTED",
    wrongStatus: (status) => `the post is ${status}; only a DRAFT (or an already REJECTED post) can be rejected`,
  },
  /** A person asks for new copy (regeneratePostContent). */
  rewriteCopy: {
    from: ["DRAFT", "REJECTED", "PUBLISHED"],
    content: NOT_BEING_WRITTEN,
    to: "DRAFT",
    contentTo: "PENDING",
    wrongStatus: (status) => `the post is ${status}; its copy can be rewritten once its approval has finished`,
    wrongContent: () => BEING_WRITTEN,
  },
  /** A published post's trigger fired: new copy with the trigger's action as guidance. */
  triggerFired: {
    from: ["PUBLISHED"],
    content: NOT_BEING_WRITTEN,
    to: "DRAFT",
    contentTo: "PENDING",
    wrongStatus: (status) => `the post is ${status}; a trigger fires only on a PUBLISHED post`,
    wrongContent: () => BEING_WRITTEN,
  },
} as const satisfies Record<string, Transition>;

export type PostAction = keyof typeof POST_TRANSITIONS;

/** Why no change may be made to the post: it is no longer part of the current strategy. */
export function archivedProblem(post: Pick<PostState, "isActive" | "archivedInVersion">): string | null {
  if (post.isActive) return null;
  return `the post was archived in version ${post.archivedInVersion}; only posts of the current strategy can change`;
}

/** Why the action may not happen to the post now, or null if it may. */
export function transitionProblem(action: PostAction, post: PostState): string | null {
  const archived = archivedProblem(post);
  if (archived) return archived;
  const transition: Transition = POST_TRANSITIONS[action];
  if (!transition.from.includes(post.status)) return transition.wrongStatus(post.status);
  if (!transition.content.includes(post.contentStatus))
    return transition.wrongContent?.(post.contentStatus) ?? `the post's content is ${post.contentStatus}`;
  return null;
}

/**
 * publishedAt is when the post's current copy was published: set exactly while the post is
 * PUBLISHED. A copy rewrite that sends it back to DRAFT clears it (the post is in review again,
 * and its next approval publishes again); `Post.publications` keep every publication's own time.
 */
export const publishedAtAfter = (to: PostStatus, now: Date): Date | null => (to === "PUBLISHED" ? now : null);

/**
 * The content job's own writes. It starts writing a pending (or, retried, a failed) post, never a
 * READY one; and gives up on any post whose content did not get written after all.
 */
export const CONTENT_WRITES = {
  start: { from: ["PENDING", "FAILED"], to: "GENERATING" },
  fail: { from: ["PENDING", "GENERATING", "FAILED"], to: "FAILED" },
} as const satisfies Record<string, { from: readonly ContentStatus[]; to: ContentStatus }>;
