import type { Services } from "../services/services.js";

/** Built per request; small and readonly. Accounts and loaders join it when they land. */
export type Context = Services;
