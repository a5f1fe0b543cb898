import { type DocumentNode, type ExecutionResult, getOperationAST, Kind, type ValueNode } from "graphql";
import type { Plugin } from "graphql-yoga";
import { LRUCache } from "lru-cache";
import type { Db } from "../db/client.js";
import type { Context } from "../schema/context.js";

/**
 * Answers a repeated campaign read from memory while the campaign has not changed.
 *
 * Every change to a campaign's posts, links, copy, metrics or status is committed together with
 * an event, and recording an event bumps `Campaign.lastEventSequence` in the same transaction
 * (src/events/outbox.ts) — whichever instance or background job made it. So that number, read
 * fresh on every request, tells whether an answer given before still holds: nothing has to be
 * invalidated, and several instances each keep their own cache without ever serving a stale one.
 * A request costs one indexed one-row read (which also checks the campaign is the caller's), not
 * the posts query and the execution of the whole selection.
 *
 * Written here rather than with @envelop/response-cache: that plugin keys answers before the
 * request is authenticated (in Yoga) and invalidates by entity on this instance's mutations,
 * which would miss what background jobs and other instances change.
 *
 * Only queries whose root fields are all `postsByCampaign` of one campaign are cached; answers
 * with errors are not. Entries are per workspace, query text, operation and variables.
 */

/** Root fields answered from the cache, and the argument that names their campaign. */
const CAMPAIGN_READS: Record<string, string> = { postsByCampaign: "campaignId" };

export interface ReadCacheOptions {
  /** Most bytes of answers (as JSON) kept; 0 turns the cache off. */
  maxBytes: number;
}

interface Entry {
  revision: number;
  result: ExecutionResult;
}

export function campaignReadCache(db: Db, { maxBytes }: ReadCacheOptions): Plugin<Context> {
  if (maxBytes <= 0) return {};
  const answers = new LRUCache<string, Entry>({ maxSize: maxBytes, sizeCalculation: (entry) => jsonSize(entry.result) });
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const ctx = args.contextValue as Context & { params?: { query?: string } };
      const campaignId = cachedCampaign(args.document, args.operationName, args.variableValues);
      const query = ctx.params?.query;
      if (!campaignId || !query) return;
      const campaign = await db.campaign.findFirst({
        where: { id: campaignId, workspaceId: ctx.workspaceId },
        select: { lastEventSequence: true },
      });
      if (!campaign) return; // the resolver answers NOT_FOUND
      const key = JSON.stringify([ctx.workspaceId, query, args.operationName ?? null, args.variableValues ?? null]);
      const hit = answers.get(key);
      if (hit && hit.revision === campaign.lastEventSequence) {
        setResultAndStopExecution(hit.result);
        return;
      }
      return {
        onExecuteDone({ result }) {
          // The answer was read at this revision or later: a later one only makes it fresher.
          if (!isAsyncIterable(result) && !result.errors?.length)
            answers.set(key, { revision: campaign.lastEventSequence, result });
        },
      };
    },
  };
}

/** The campaign id if the operation is a query made only of CAMPAIGN_READS of one campaign, else undefined. */
function cachedCampaign(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): string | undefined {
  const operation = getOperationAST(document, operationName);
  if (operation?.operation !== "query") return undefined;
  let campaignId: string | undefined;
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || selection.directives?.length) return undefined;
    const argument = CAMPAIGN_READS[selection.name.value];
    const value = selection.arguments?.find((a) => a.name.value === argument)?.value;
    const id = argument && value ? argumentValue(value, variables) : undefined;
    if (typeof id !== "string" || (campaignId !== undefined && id !== campaignId)) return undefined;
    campaignId = id;
  }
  return campaignId;
}

const argumentValue = (value: ValueNode, variables: Record<string, unknown> | null | undefined): unknown =>
  value.kind === Kind.VARIABLE ? variables?.[value.name.value] : value.kind === Kind.STRING ? value.value : undefined;

const jsonSize = (value: unknown) => Math.max(1, JSON.stringify(value).length);

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  typeof value === "object" && value !== null && Symbol.asyncIterator in value;
