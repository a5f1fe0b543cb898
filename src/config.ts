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
      timeoutMs: number;
      maxRetries: number;
    };

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
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
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
        }
      : { kind: "offline" },
    logLevel: e.LOG_LEVEL,
  };
}
