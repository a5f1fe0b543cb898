import { afterAll, beforeAll } from "vitest";

/**
 * Opens something before the test file's tests and closes it after them. What it returns stands
 * for what `open` gave (its fields and methods, once it has run), so it can be kept in a const.
 */
export function openForFile<T extends object>(open: () => Promise<T>, close: (opened: T) => unknown): T {
  let opened: T | undefined;
  const current = (): T => {
    if (!opened) throw new Error("used before the file's beforeAll opened it");
    return opened;
  };
  beforeAll(async () => {
    opened = await open();
  });
  afterAll(async () => {
    if (opened) await close(opened);
  });
  return new Proxy({} as T, {
    get(_, key) {
      const target = current();
      const value = Reflect.get(target, key);
      // A class's methods run on the object itself; own fields (closures, Yoga's callable server) as they are.
      return typeof value === "function" && !Object.hasOwn(target, key) ? value.bind(target) : value;
    },
    set: (_, key, value) => Reflect.set(current(), key, value),
    has: (_, key) => Reflect.has(current(), key),
    ownKeys: () => Reflect.ownKeys(current()),
    getOwnPropertyDescriptor(_, key) {
      const descriptor = Reflect.getOwnPropertyDescriptor(current(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
  });
}
