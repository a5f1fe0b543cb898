import type { Caller, Services } from "../services/services.js";

/** Built per request: the services and who is asking (their workspace). */
export type Context = Services & Caller;
