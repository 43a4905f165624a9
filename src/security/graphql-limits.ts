/**
 * Bounds what one GraphQL document may ask for, with graphql-armor: tokens while parsing;
 * depth, cost, aliases and directives while validating. A document over a limit is refused
 * before execution with a GRAPHQL_VALIDATION_FAILED error that names the limit
 * (`extensions.limit`). Introspection fields are not counted toward depth and cost.
 */
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface GraphQLLimits {
  /** Deepest nesting of selections. */
  maxDepth: number;
  /**
   * Highest estimated cost (graphql-armor's: 1 per scalar, 2 per object, ×1.5 per level, a
   * selection under `first: n` counted n times).
   */
  maxCost: number;
  /** Aliased fields in one operation. */
  maxAliases: number;
  /** Directives in one operation. */
  maxDirectives: number;
  /** Lexical tokens in the document (large literals belong in variables). */
  maxTokens: number;
}

export interface GraphQLLimitsOptions extends GraphQLLimits {
  /** Masks "Did you mean …?" in validation errors, which would reveal the schema piece by piece. */
  blockFieldSuggestions: boolean;
}

export type LimitName = 'depth' | 'cost' | 'aliases' | 'directives' | 'tokens';

export function limitExceededError(limit: LimitName, message: string): GraphQLError {
  return new GraphQLError(message.replace(/^Syntax Error: /, ''), {
    // `http.spec` gives the status GraphQL over HTTP prescribes for validation errors, as yoga
    // does for its own: 400 for application/graphql-response+json, 200 for application/json.
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit, http: { spec: true, status: 400 } },
  });
}

/**
 * Throwing (rather than reporting) stops validation at the first limit exceeded, so an
 * oversized document never reaches the costlier validation rules.
 */
function refuse(limit: LimitName) {
  return [
    (_context: unknown, error: GraphQLError): never => {
      throw limitExceededError(limit, error.message);
    },
  ];
}

export function useGraphQLLimits(options: GraphQLLimitsOptions): Plugin {
  return EnvelopArmorPlugin({
    maxTokens: { n: options.maxTokens, onReject: refuse('tokens') },
    maxDepth: { n: options.maxDepth, ignoreIntrospection: true, onReject: refuse('depth') },
    costLimit: { maxCost: options.maxCost, ignoreIntrospection: true, onReject: refuse('cost') },
    maxAliases: { n: options.maxAliases, onReject: refuse('aliases') },
    maxDirectives: { n: options.maxDirectives, onReject: refuse('directives') },
    blockFieldSuggestion: { enabled: options.blockFieldSuggestions },
  });
}
