/** Reads `read()` every `everyMs` until `done` holds for its value, and returns that value; throws after `ms`. */
export async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 25_000, everyMs = 100): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`timed out; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
