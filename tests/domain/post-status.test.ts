import { describe, expect, it } from "vitest";
import {
  CONTENT_STATUSES,
  CONTENT_WRITES,
  POST_STATUSES,
  POST_TRANSITIONS,
  type PostAction,
  type PostState,
  type PostStatus,
  publishedAtAfter,
  transitionProblem,
} from "../../src/domain/post-status.js";

const ACTIONS = Object.keys(POST_TRANSITIONS) as PostAction[];
const post = (status: PostStatus, more: Partial<PostState> = {}): PostState => ({
  isActive: true,
  archivedInVersion: null,
  status,
  contentStatus: "READY",
  ...more,
});

/** Which statuses each action may start from (with READY content), as a person reads the rules. */
const allowedFrom = (action: PostAction) => POST_STATUSES.filter((s) => transitionProblem(action, post(s)) === null);

/** The statuses reachable from `start` in any number of allowed steps, never going through `avoid`'s actions. */
function reachable(start: PostStatus, avoid: PostAction[] = []): Set<PostStatus> {
  const seen = new Set<PostStatus>([start]);
  const queue = [start];
  for (let s = queue.shift(); s; s = queue.shift())
    for (const action of ACTIONS.filter((a) => !avoid.includes(a))) {
      const to = POST_TRANSITIONS[action].to;
      if (transitionProblem(action, post(s)) === null && !seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
    }
  return seen;
}

describe("the post status table", () => {
  it("lets each action start only from its statuses", () => {
    expect(Object.fromEntries(ACTIONS.map((a) => [a, allowedFrom(a)]))).toEqual({
      approve: ["DRAFT"],
      publish: ["APPROVED"],
      reject: ["DRAFT", "REJECTED"],
      rewriteCopy: ["DRAFT", "PUBLISHED", "REJECTED"],
      triggerFired: ["PUBLISHED"],
    });
  });

  it("reaches PUBLISHED only by publishing an approval, and APPROVED only by approving a draft", () => {
    const into = (status: PostStatus) => ACTIONS.filter((a) => POST_TRANSITIONS[a].to === status);
    expect(into("PUBLISHED")).toEqual(["publish"]);
    expect(into("APPROVED")).toEqual(["approve"]);
    expect(ACTIONS.filter((a) => allowedFrom(a).includes("APPROVED"))).toEqual(["publish"]);
  });

  it("never rejects a published post: it goes back to review (DRAFT) through a copy rewrite first", () => {
    expect(transitionProblem("reject", post("PUBLISHED"))).toBe(
      "the post is PUBLISHED; only a DRAFT (or an already REJECTED post) can be rejected",
    );
    expect(reachable("PUBLISHED", ["rewriteCopy", "triggerFired"])).toEqual(new Set(["PUBLISHED"]));
    expect(reachable("PUBLISHED")).toEqual(new Set(POST_STATUSES));
  });

  it("approves only READY content, with the content status in the rule", () => {
    for (const content of CONTENT_STATUSES.filter((c) => c !== "READY"))
      expect(transitionProblem("approve", post("DRAFT", { contentStatus: content }))).toBe(
        `the post's content is ${content}; it can be approved once its A/B content is READY`,
      );
    expect(transitionProblem("approve", post("REJECTED"))).toBe("the post is REJECTED; only a DRAFT post can be approved");
  });

  it("queues no new copy while a generation is being written, whoever asks", () => {
    for (const action of ["rewriteCopy", "triggerFired"] as const) {
      for (const content of ["PENDING", "GENERATING"] as const)
        expect(transitionProblem(action, post("PUBLISHED", { contentStatus: content }))).toBe(
          "the post's content is being written already; wait for it to finish",
        );
      expect(transitionProblem(action, post("PUBLISHED", { contentStatus: "FAILED" }))).toBeNull();
      expect(POST_TRANSITIONS[action]).toMatchObject({ to: "DRAFT", contentTo: "PENDING" });
    }
  });

  it("rejects whatever the content's state", () => {
    for (const content of CONTENT_STATUSES)
      expect(transitionProblem("reject", post("DRAFT", { contentStatus: content }))).toBeNull();
  });

  it("refuses every action on an archived post, naming the version that archived it", () => {
    for (const action of ACTIONS)
      for (const status of POST_STATUSES)
        expect(transitionProblem(action, post(status, { isActive: false, archivedInVersion: 3 }))).toBe(
          "the post was archived in version 3; only posts of the current strategy can change",
        );
  });

  it("sets publishedAt exactly on entering PUBLISHED and clears it on every other move", () => {
    const now = new Date("2026-03-01T12:00:00Z");
    expect(ACTIONS.map((a) => [a, publishedAtAfter(POST_TRANSITIONS[a].to, now)])).toEqual([
      ["approve", null],
      ["publish", now],
      ["reject", null],
      ["rewriteCopy", null],
      ["triggerFired", null],
    ]);
  });

  it("never lets the content job mark READY content as being written", () => {
    expect(CONTENT_WRITES.start.from).not.toContain("READY");
    expect(CONTENT_WRITES.fail.from).not.toContain("READY");
  });
});
