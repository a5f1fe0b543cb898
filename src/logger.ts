/**
 * What the service logs through: the process logger (src/app.ts builds it from LOG_LEVEL;
 * Yoga's logger has the same shape), passed to services, jobs and the event bus.
 */
export interface Logger {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}
