import { resolve } from "node:path";
import { z } from "zod";

/** Environment variables Phasewise reads; an empty variable counts as unset. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default("127.0.0.1"),
  DATA_DIR: z.string().default("./data"),
  MEDIA_DIR: z.string().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres:// or postgresql://")
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "REDIS_URL must start with redis:// or rediss://")
    .optional(),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.url({ protocol: /^https?$/, error: "OPENAI_BASE_URL must be an http(s) URL" }).optional(),
  LLM_MODEL: z.string().default("gpt-4o-mini"),
  IMAGE_MODEL: z.string().optional(),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  LLM_DEADLINE_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
  CORS_ORIGINS: z
    .string()
    .transform((value, ctx) => {
      const origins = value
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean);
      for (const origin of origins) {
        const parsed = URL.canParse(origin) ? new URL(origin) : undefined;
        if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin)
          ctx.addIssue({ code: "custom", message: `CORS_ORIGINS: "${origin}" is not an origin like https://app.example.com` });
      }
      return origins;
    })
    .optional(),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(1024 * 1024),
  WS_INIT_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(3_000),
  WS_KEEPALIVE_MS: z.coerce.number().int().min(0).max(600_000).default(12_000),
  WS_MAX_BUFFERED_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 ** 3)
    .default(4 * 1024 * 1024),
  WS_STALL_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  RATE_LIMIT_MODEL_REQUESTS: z.coerce.number().int().min(0).max(1_000_000).default(30),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  RATE_LIMIT_KEY_PREFIX: z.string().default("phasewise:rl:"),
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0.1).max(600).default(10),
  READ_CACHE_MB: z.coerce.number().min(0).max(16_384).default(64),
});

/** The language model: a real OpenAI-compatible endpoint when a key is set, else the offline planner. */
export type LlmConfig =
  | { kind: "offline" }
  | {
      kind: "openai";
      apiKey: string;
      baseURL?: string;
      model: string;
      /** The images API model (default: the media maker's). */
      imageModel?: string;
      /** One request's timeout; each failed request is retried up to maxRetries times. */
      timeoutMs: number;
      maxRetries: number;
      /** One operation's deadline (a plan, a post's copy…), across its retries and repair turns. */
      deadlineMs: number;
    };

/** Model-backed mutations per workspace in a fixed window; shared through Redis when it is configured. */
export interface RateLimitConfig {
  /** Points per window; each model-backed root mutation field costs one. 0 turns the limit off. */
  modelRequests: number;
  windowSeconds: number;
  /** Prefix of the Redis keys (and of the in-memory ones), "phasewise:rl:" + workspace. */
  keyPrefix: string;
}

/** Guards on what reaches the GraphQL endpoint over HTTP and graphql-ws. */
export interface RequestGuards {
  /** Origins a page on another site may call the API from (CORS); empty: same-origin only. */
  corsOrigins: string[];
  /** Largest HTTP request body (413 above it) and largest graphql-ws message (the socket closes), in bytes. */
  maxBodyBytes: number;
  /** graphql-ws: a socket that sends no connection_init within this is closed with 4408. */
  wsInitTimeoutMs: number;
  /** graphql-ws: the server pings this often and drops a socket whose pong has not come by the next ping; 0: off. */
  wsKeepAliveMs: number;
  /** A graphql-ws client with this many bytes sent and not yet read is closed with 1013 (it is not reading). */
  wsMaxBufferedBytes: number;
  /** A graphql-ws client closed with 1013 that still has not read by then is cut off. */
  wsStallTimeoutMs: number;
}

export type Database = { kind: "embedded"; dataDir: string } | { kind: "postgres"; url: string };

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** Generated images, served at /media/ (default: DATA_DIR/media). */
  mediaDir: string;
  database: Database;
  /** Pub/sub through Redis, so several instances deliver every event; unset: in-process. */
  redisUrl?: string;
  production: boolean;
  llm: LlmConfig;
  rateLimit: RateLimitConfig;
  guards: RequestGuards;
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
  /** On stop: how long requests in flight may finish, and then how long running jobs may. */
  shutdownGraceMs: number;
  /** Memory for answers to repeated campaign reads (src/plugins/read-cache.ts), in bytes of JSON; 0: off. */
  readCacheBytes: number;
}

export class ConfigError extends Error {}

/** Reads and validates the configuration once; no other module reads process.env. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join("\n  ")}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    mediaDir: resolve(e.MEDIA_DIR ?? resolve(dataDir, "media")),
    database: e.DATABASE_URL
      ? { kind: "postgres", url: e.DATABASE_URL }
      : { kind: "embedded", dataDir: resolve(dataDir, "pglite") },
    redisUrl: e.REDIS_URL,
    production: e.NODE_ENV === "production",
    llm: e.OPENAI_API_KEY
      ? {
          kind: "openai",
          apiKey: e.OPENAI_API_KEY,
          baseURL: e.OPENAI_BASE_URL,
          model: e.LLM_MODEL,
          imageModel: e.IMAGE_MODEL,
          timeoutMs: e.LLM_TIMEOUT_MS,
          maxRetries: e.LLM_MAX_RETRIES,
          deadlineMs: e.LLM_DEADLINE_MS,
        }
      : { kind: "offline" },
    rateLimit: {
      modelRequests: e.RATE_LIMIT_MODEL_REQUESTS,
      windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
      keyPrefix: e.RATE_LIMIT_KEY_PREFIX,
    },
    guards: {
      corsOrigins: e.CORS_ORIGINS ?? [],
      maxBodyBytes: e.MAX_BODY_BYTES,
      wsInitTimeoutMs: e.WS_INIT_TIMEOUT_MS,
      wsKeepAliveMs: e.WS_KEEPALIVE_MS,
      wsMaxBufferedBytes: e.WS_MAX_BUFFERED_BYTES,
      wsStallTimeoutMs: e.WS_STALL_TIMEOUT_MS,
    },
    logLevel: e.LOG_LEVEL,
    shutdownGraceMs: Math.round(e.SHUTDOWN_GRACE_SECONDS * 1000),
    readCacheBytes: Math.round(e.READ_CACHE_MB * 1024 * 1024),
  };
}
