import type { IncomingMessage, ServerResponse } from "node:http";
import { GraphQLError } from "graphql";
import { z } from "zod";
import { type AuthMode, callerWorkspace } from "./auth/caller.js";
import { ErrorCode } from "./errors.js";
import { nulPath } from "./security/nul-guard.js";
import type { RateLimiter } from "./security/rate-limit.js";
import { regenerateStrategy } from "./services/regenerate-strategy.js";
import type { Services } from "./services/services.js";

// POST /api/agents/regenerate-strategy/ — the hackathon prototype's REST route, kept for scripts
// written against it. It calls the same service as the regenerateStrategy mutation; GraphQL is the
// primary API.

export const LEGACY_REGENERATE_PATH = "/api/agents/regenerate-strategy/";

const body = z.object({
  campaign_id: z.string().min(1),
  phase_num: z.number().int(),
  new_direction: z.string(),
});

const STATUS: Record<string, number> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.VERSION_CONFLICT]: 409,
  [ErrorCode.LLM_UNAVAILABLE]: 503,
  [ErrorCode.UNAUTHENTICATED]: 401,
};

function reply(res: ServerResponse, status: number, payload: object) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(payload));
}

/** The prototype's argument names in messages. */
const legacyNames = (message: string) =>
  message.replace("input.phaseNum", "phase_num").replace("input.newDirection", "new_direction");

export async function handleLegacyRegenerate(
  services: Services,
  { authMode, rateLimiter }: { authMode: AuthMode; rateLimiter?: RateLimiter | undefined },
  req: IncomingMessage,
  res: ServerResponse,
) {
  if (req.method !== "POST") return reply(res, 405, { success: false, message: "Use POST with a JSON body." });
  let text = "";
  for await (const chunk of req) {
    text += chunk;
    if (text.length > 64_000) return reply(res, 413, { success: false, message: "The request body is too large." });
  }
  let input: z.infer<typeof body>;
  try {
    input = body.parse(JSON.parse(text));
    if (nulPath(input, "body")) throw new Error("NUL in input");
  } catch {
    return reply(res, 400, {
      success: false,
      message: "Expected JSON {campaign_id: string, phase_num: integer, new_direction: string}.",
    });
  }
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
    const code = error instanceof GraphQLError ? String(error.extensions.code) : undefined;
    const status = code ? STATUS[code] : undefined;
    if (status) return reply(res, status, { success: false, message: legacyNames((error as Error).message) });
    services.logger.error("legacy regenerate-strategy:", error);
    reply(res, 500, { success: false, message: "Unexpected error." });
  }
}
