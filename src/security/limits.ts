import { useDisableIntrospection } from "@envelop/disable-introspection";
import { costLimitRule } from "@escape.tech/graphql-armor-cost-limit";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import { MaxTokensParserWLexer } from "@escape.tech/graphql-armor-max-tokens";
import {
  type ASTVisitor,
  type DocumentNode,
  type GraphQLError,
  type ParseOptions,
  type Source,
  type ValidationContext,
  visit,
  visitInParallel,
} from "graphql";
import { createGraphQLError, handleStreamOrSingleExecutionResult, type Plugin } from "graphql-yoga";

/** What the limits measure, per operation (the rules of graphql-armor). */
export interface OperationSize {
  /** Nesting of selection sets; a fragment spread counts as a level, introspection (__schema) does not. */
  depth: number;
  /** Aliased fields (an alias of __typename is free). */
  aliases: number;
  /** Lexical tokens of the whole document (names, punctuation, values). */
  tokens: number;
  /** Directives anywhere in the operation and the fragments it uses. */
  directives: number;
  /** graphql-armor's cost: 2 per object field, 1 per scalar, ×1.5 per level of nesting. */
  cost: number;
}
export type GraphQLLimits = OperationSize;
export type LimitName = keyof OperationSize;

/** graphql-armor's cost model, spelled out: the limits below are calibrated against it. */
const COST_MODEL = { objectCost: 2, scalarCost: 1, depthCostFactor: 1.5, flattenFragments: false, ignoreIntrospection: true };
const DEPTH_MODEL = { flattenFragments: false, ignoreIntrospection: true };

/**
 * About 1.5× the heaviest operation Phasewise's own clients send, rounded up: the canvas's
 * documents as urql sends them (with __typename added) and GraphiQL's schema query. Every one of
 * them stays at or under 2/3 of each limit; tests/server/limits.test.ts measures them again and
 * fails when a client operation outgrows that, so a limit is only ever raised deliberately.
 *
 *   heaviest today: depth 8 (CampaignPage, StrategyAtVersion, TimelineCompareVersions: campaign →
 *   strategy → phases → posts → …PostCardFields → variants → id), aliases 2 and cost 852.1
 *   (TimelineCompareVersions), tokens 184 (GraphiQL's schema query; the canvas's largest is 177),
 *   directives 0.
 *
 * Directives: 1.5 × 0 would forbid @include/@skip outright, so that one has a floor of 5 (still
 * far from the thousands a directive flood needs).
 */
export const GRAPHQL_LIMITS: GraphQLLimits = { depth: 12, aliases: 3, tokens: 276, directives: 5, cost: 1279 };

/** graphql-armor's callbacks: what a rule found within its limit, or the error it would raise. */
type OnAccept = (context: ValidationContext | null, details: { n: number }) => void;
type OnReject = (context: ValidationContext | null, error: GraphQLError) => void;

/** The error a client gets for an operation over a limit: the caller's bad input, with the numbers. */
export function limitExceeded(limit: LimitName, max: number, found?: number): GraphQLError {
  const detail = found === undefined ? "" : ` (found ${found})`;
  // Yoga's constructor: the same GraphQL module as Yoga's, which tells bad input from a crash by class.
  return createGraphQLError(`Operation too large: its ${limit} is over the limit of ${max}${detail}.`, {
    extensions: { code: "BAD_USER_INPUT", limit, max, ...(found === undefined ? {} : { found }) },
  });
}

const foundIn = (armorMessage: string) => Number(/found (\d+(?:\.\d+)?)/.exec(armorMessage)?.[1] ?? Number.NaN);

/** A validation rule's rejection becomes a validation error with our message (not armor's "Syntax Error: …"). */
const report =
  (limit: LimitName, max: number): OnReject =>
  (context, error) => {
    const found = foundIn(error.message);
    context?.reportError(limitExceeded(limit, max, Number.isNaN(found) ? undefined : found));
  };

/** Parses with a token budget; over it, a BAD_USER_INPUT error before any validation runs. */
export function parseWithTokenLimit(max: number, onAccept: OnAccept[] = []) {
  const reject: OnReject = () => {
    throw limitExceeded("tokens", max);
  };
  return (source: string | Source, options?: ParseOptions): DocumentNode =>
    new MaxTokensParserWLexer(source, { ...options, n: max, onAccept, onReject: [reject] }).parseDocument();
}

function validationRules(limits: GraphQLLimits, onAccept: (limit: LimitName) => OnAccept[] = () => []) {
  const common = (limit: LimitName) => ({
    propagateOnRejection: false,
    onReject: [report(limit, limits[limit])],
    onAccept: onAccept(limit),
  });
  return [
    maxDepthRule({ ...DEPTH_MODEL, n: limits.depth, ...common("depth") }),
    maxAliasesRule({ n: limits.aliases, ...common("aliases") }),
    maxDirectivesRule({ n: limits.directives, ...common("directives") }),
    costLimitRule({ ...COST_MODEL, maxCost: limits.cost, ...common("cost") }),
  ];
}

/**
 * The limits as envelop plugins (graphql-armor's rules): tokens while parsing, the rest as
 * validation rules. Over HTTP and graphql-ws alike, since both parse and validate through Yoga.
 */
export function graphqlLimits(limits: GraphQLLimits = GRAPHQL_LIMITS): Plugin {
  const parse = parseWithTokenLimit(limits.tokens);
  const rules = validationRules(limits);
  return {
    onParse: ({ setParseFn }) => setParseFn(parse),
    onValidate: ({ addValidationRule }) => {
      for (const rule of rules) addValidationRule(rule);
    },
  };
}

/**
 * Measures one document the way the limits do (its largest operation on each count). Only the
 * document is needed: the rules read fragments, not the schema, so this also works for tooling.
 */
export function measureOperation(query: string): OperationSize {
  const size: OperationSize = { depth: 0, aliases: 0, tokens: 0, directives: 0, cost: 0 };
  const record =
    (limit: LimitName): OnAccept =>
    (_context, details) => {
      size[limit] = Math.max(size[limit], details.n);
    };
  const document = parseWithTokenLimit(Number.POSITIVE_INFINITY, [record("tokens")])(query);
  const unlimited = { depth: Infinity, aliases: Infinity, tokens: Infinity, directives: Infinity, cost: Infinity };
  // The rules read only fragments from their context, and report nothing without limits.
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === "FragmentDefinition" ? [[d.name.value, d]] : [])));
  const context = { getFragment: (name: string) => fragments.get(name) } as unknown as ValidationContext;
  const rules = validationRules(unlimited, (limit) => [record(limit)]);
  visit(document, visitInParallel(rules.map((rule) => rule(context) as unknown as ASTVisitor)));
  return size;
}

/** GraphQL's hints: `Did you mean "name"?`, `Did you mean the enum value "A" or "B"?`, … */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;
const withoutSuggestions = (errors: readonly Error[] | undefined) => {
  for (const error of errors ?? []) error.message = error.message.replace(SUGGESTION, "");
};

/**
 * No "Did you mean …" in any error: validation (fields, arguments, types, enum literals) and
 * variable values (checked when the operation runs), over HTTP and graphql-ws alike.
 */
const noSuggestions: Plugin = {
  onValidate:
    () =>
    ({ result }) =>
      withoutSuggestions(result),
  onExecute: () => ({
    onExecuteDone: (payload) => handleStreamOrSingleExecutionResult(payload, ({ result }) => withoutSuggestions(result.errors)),
  }),
  onSubscribe: () => ({
    onSubscribeResult: (payload) =>
      handleStreamOrSingleExecutionResult(payload, ({ result }) => withoutSuggestions(result.errors)),
  }),
};

/**
 * Production only: no introspection (__schema, __type; __typename stays) and no suggestions, which
 * would spell the schema out one guess at a time. Both act on validation and execution, so they
 * hold over HTTP and graphql-ws alike. (GraphiQL is turned off in src/http/graphql-server.ts.)
 */
export function productionHardening(): Plugin[] {
  // envelop's plugin, typed for a plain context; Yoga's context only adds to it.
  return [useDisableIntrospection() as Plugin, noSuggestions];
}
