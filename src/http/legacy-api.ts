import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { type AuthMode, callerWorkspace } from "../auth/caller.js";
import { type AppError, ErrorCode, isAppError } from "../errors.js";
import { readBodyWithin, tooLargeClosesConnection } from "../security/body-limit.js";
import { isCrossSiteSafe } from "../security/csrf.js";
import { nulPath } from "../security/nul-guard.js";
import type { RateLimiter } from "../security/rate-limit.js";
import { regenerateStrategy } from "../services/regenerate-strategy.js";
import type { Services } from "../services/services.js";

// POST /api/agents/regenerate-strategy/ — the hackathon prototype's REST route, kept for scripts
// written against it. It calls the same service as the regenerateStrategy mutation; GraphQL is the
// primary API. Everything under /api/ answers JSON, `{success: false, message}` when it fails, with
// the prototype's snake_case names.

export const LEGACY_REGENERATE_PATH = "/api/agents/regenerate-strategy/";

/** Whether a path belongs to the legacy API (every answer there is JSON). */
export const isLegacyApiPath = (path: string) => path === "/api" || path.startsWith("/api/");

// Without the trailing slash too: Django's APPEND_SLASH redirect would turn a POST into a GET.
const REGENERATE_PATHS = new Set([LEGACY_REGENERATE_PATH, LEGACY_REGENERATE_PATH.slice(0, -1)]);

const integer = { error: "must be an integer" };
const text = { error: "must be a string" };
const body = z.object(
  {
    campaign_id: z.string(text).min(1, { error: "must not be empty" }),
    phase_num: z.int(integer),
    new_direction: z.string(text),
    expected_version: z.int(integer).nullish(),
    idempotency_key: z.string(text).nullish(),
  },
  { error: "The body must be a JSON object {campaign_id, phase_num, new_direction[, expected_version, idempotency_key]}." },
);
type Body = z.infer<typeof body>;

/** A refusal naming the field (when there is one) in the prototype's name. */
type Refusal = { field?: string; message: string };

/** A value as a message quotes it: JSON, cut short. */
const quoted = (value: unknown) => {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 40 ? `${json.slice(0, 40)}…` : json;
};

/** The body as the service's request, or what is wrong with it: each zod issue names its field. */
function parseBody(raw: Buffer): Body | Refusal {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString("utf8"));
  } catch (error) {
    return { message: `The body is not valid JSON: ${(error as SyntaxError).message}.` };
  }
  const parsed = body.safeParse(json, { reportInput: true });
  if (!parsed.success) {
    const [first] = parsed.error.issues;
    if (!first?.path.length) return { message: first?.message ?? "The body is not the expected JSON object." };
    const rules = parsed.error.issues.map((issue) => {
      if (issue.code === "invalid_type" && issue.input === undefined) return `${String(issue.path[0])}: required`;
      const got = issue.input === "" ? "" : ` (got ${quoted(issue.input)})`;
      return `${String(issue.path[0])}: ${issue.message}${got}`;
    });
    return { field: String(first.path[0]), message: rules.join("; ") };
  }
  // PostgreSQL text cannot hold U+0000 (the GraphQL route refuses it the same way).
  const withNul = Object.entries(parsed.data).find(([field, value]) => nulPath(value, field));
  if (withNul) return { field: withNul[0], message: `${withNul[0]}: must not contain the NUL character (U+0000)` };
  return parsed.data;
}

const STATUS: Record<string, number> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.VERSION_CONFLICT]: 409,
  [ErrorCode.LLM_UNAVAILABLE]: 503,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.RATE_LIMITED]: 429,
};

/** The service's (GraphQL) argument names, as the prototype called them. */
const LEGACY_NAMES: Record<string, string> = {
  campaignId: "campaign_id",
  phaseNum: "phase_num",
  newDirection: "new_direction",
  expectedVersion: "expected_version",
  idempotencyKey: "idempotency_key",
};
const legacyName = (field: string) => LEGACY_NAMES[field] ?? field;

/** A service error as the route's answer: its status, the message in the prototype's names, and its details. */
function refusalOf(error: AppError) {
  const { currentVersion } = error.details;
  return {
    status: STATUS[error.code],
    payload: {
      success: false,
      ...(error.field === undefined ? {} : { field: legacyName(error.field) }),
      message: error.describe(legacyName),
      ...(typeof currentVersion === "number" ? { current_version: currentVersion } : {}),
    },
  };
}

/**
 * The request's body, or undefined once the request was answered with why it is refused: another
 * path (404), another method (405), not JSON (403), too large (413), not the expected body (400).
 */
async function acceptedBody(path: string, req: IncomingMessage, res: ServerResponse, maxBodyBytes: number) {
  if (!REGENERATE_PATHS.has(path))
    return void reply(res, 404, {
      success: false,
      message: `Not found: the legacy API has one route, POST ${LEGACY_REGENERATE_PATH}.`,
    });
  if (req.method !== "POST") {
    res.setHeader("allow", "POST");
    return void reply(res, 405, { success: false, message: "Use POST with a JSON body." });
  }
  // JSON only: a cross-site form or text/plain POST could otherwise regenerate.
  if (!isCrossSiteSafe(req))
    return void reply(res, 403, { success: false, message: "Send the body as Content-Type: application/json." });
  const raw = await readBodyWithin(req, maxBodyBytes);
  if (!raw) {
    if (tooLargeClosesConnection(req.headers["content-length"])) res.setHeader("connection", "close");
    return void reply(res, 413, {
      success: false,
      message: `The request body is over the limit of ${maxBodyBytes} bytes (MAX_BODY_BYTES).`,
    });
  }
  const input = parseBody(raw);
  if ("message" in input) return void reply(res, 400, { success: false, ...input });
  return input;
}

function reply(res: ServerResponse, status: number, payload: object) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(payload));
}

/** Answers every request under /api/ (see isLegacyApiPath). */
export async function handleLegacyApi(
  services: Services,
  { authMode, rateLimiter, maxBodyBytes }: { authMode: AuthMode; rateLimiter?: RateLimiter | undefined; maxBodyBytes: number },
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const input = await acceptedBody(path, req, res, maxBodyBytes);
  if (!input) return;
  try {
    // The same rule as GraphQL: the token decides the workspace (local mode: the local one).
    const workspaceId = await callerWorkspace(services.db, authMode, req.headers.authorization);
    // The same budget as regenerateStrategy over GraphQL: this route is no way around it.
    const decision = rateLimiter ? await rateLimiter.consume(workspaceId, 1) : { allowed: true as const };
    if (!decision.allowed) {
      res.setHeader("retry-after", String(decision.retryAfterSeconds));
      return reply(res, 429, { success: false, message: `Too many model requests; retry in ${decision.retryAfterSeconds} s.` });
    }
    const result = await regenerateStrategy(
      { ...services, workspaceId },
      {
        campaignId: input.campaign_id,
        phaseNum: input.phase_num,
        newDirection: input.new_direction,
        expectedVersion: input.expected_version,
        idempotencyKey: input.idempotency_key,
      },
    );
    reply(res, 200, {
      success: true,
      campaign_id: result.campaignId,
      new_version: result.version,
      archived_posts: result.archivedPostIds.length,
      new_posts: result.newPostIds.length,
      message: `Regenerated from phase ${input.phase_num}: version ${result.version}, ${result.archivedPostIds.length} posts archived, ${result.newPostIds.length} new.`,
    });
  } catch (error) {
    const refusal = isAppError(error) ? refusalOf(error) : undefined;
    if (refusal?.status) return reply(res, refusal.status, refusal.payload);
    services.logger.error("legacy regenerate-strategy:", error);
    reply(res, 500, { success: false, message: "Unexpected error." });
  }
}
