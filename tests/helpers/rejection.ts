import { expect } from "vitest";

/** What `promise` rejects with; fails the test with `ifResolved` if it resolves instead. */
export const rejectionOf = (promise: Promise<unknown>, ifResolved: string): Promise<unknown> =>
  promise.then(
    () => expect.unreachable(ifResolved),
    (e: unknown) => e,
  );
