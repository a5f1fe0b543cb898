import {
  type ASTNode,
  createSourceEventStream,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  execute,
  getOperationAST,
  Kind,
  visit,
} from "graphql";
import { isAsyncIterable, mapAsyncIterator, type Plugin } from "graphql-yoga";
import type { Context } from "../schema/context.js";

/**
 * Subscriptions: an event is executed once per operation, not once per subscriber.
 *
 * GraphQL executes a subscription's selection set on every event for every subscriber; with 1,000
 * canvases open on a campaign that is 1,000 identical executions of the same selection on the same
 * event. The event bus hands one event object to all the campaign's subscribers (see
 * src/schema/events.ts), so the execution is shared by every subscriber that sent the same
 * document with the same variables, in the same workspace. Variables used only in the root field's
 * arguments (campaignId, afterSequence) do not change how an event is executed and are left out
 * of the key: canvases resuming from different sequences still share. An event replayed from the
 * log is an object of its own and is executed for its subscriber alone.
 *
 * The subscribe hook below replaces Yoga's default (source stream, then execute per event) with
 * the same two steps from graphql-js; Yoga's plugins still see every result (error masking runs on
 * each subscriber's stream as before).
 */
export const sharedEventExecution: Plugin<Context> = {
  onSubscribe({ setSubscribeFn }) {
    setSubscribeFn(subscribeSharingExecutions as never);
  },
};

type Executions = Map<string, Promise<ExecutionResult>>;
const executionsByEvent = new WeakMap<object, WeakMap<DocumentNode, Executions>>();

async function subscribeSharingExecutions(args: ExecutionArgs) {
  const source = await createSourceEventStream(args);
  if (!isAsyncIterable(source)) return source;
  const key = sharingKey(args);
  return mapAsyncIterator(source, (event: unknown) => {
    if (typeof event !== "object" || event === null) return execute({ ...args, rootValue: event });
    const byDocument = executionsByEvent.get(event) ?? new WeakMap<DocumentNode, Executions>();
    executionsByEvent.set(event, byDocument);
    const executions = byDocument.get(args.document) ?? new Map<string, Promise<ExecutionResult>>();
    byDocument.set(args.document, executions);
    const shared = executions.get(key) ?? Promise.resolve(execute({ ...args, rootValue: event }));
    executions.set(key, shared);
    return shared;
  });
}

/** Who asks (the workspace), which operation, and the variables the selection below the root field uses. */
function sharingKey({ document, operationName, variableValues, contextValue }: ExecutionArgs) {
  const names = variablesBelowRoot(document, operationName ?? undefined);
  const workspaceId = (contextValue as Partial<Context> | undefined)?.workspaceId ?? null;
  return JSON.stringify([workspaceId, operationName ?? null, names.map((name) => variableValues?.[name] ?? null)]);
}

const variableNames = new WeakMap<DocumentNode, Map<string, string[]>>();

/** Variables the operation uses anywhere but in its root fields' arguments (fragments count whole). */
function variablesBelowRoot(document: DocumentNode, operationName: string | undefined): string[] {
  const byOperation = variableNames.get(document) ?? new Map<string, string[]>();
  variableNames.set(document, byOperation);
  const known = byOperation.get(operationName ?? "");
  if (known) return known;
  const names = new Set<string>();
  const collect = (node: ASTNode) =>
    visit(node, {
      Variable: (variable) => {
        names.add(variable.name.value);
      },
    });
  for (const selection of getOperationAST(document, operationName)?.selectionSet.selections ?? []) {
    if (selection.kind !== Kind.FIELD) collect(selection);
    else {
      for (const directive of selection.directives ?? []) collect(directive);
      if (selection.selectionSet) collect(selection.selectionSet);
    }
  }
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) collect(definition);
  const sorted = [...names].sort();
  byOperation.set(operationName ?? "", sorted);
  return sorted;
}
