import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import SimpleObjectsPlugin from '@pothos/plugin-simple-objects';
import { hasScope } from '../auth/principal.ts';
import type { Scope } from '../auth/principal.ts';
import type { GraphQLContext } from '../context.ts';
import {
  ForbiddenError,
  NotFoundError,
  ProviderNotConfiguredError,
  UnsupportedOperationError,
  UpstreamError,
  ValidationError,
} from '../errors.ts';

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
    ID: { Input: string; Output: string };
  };
  DefaultFieldNullability: false;
  AuthScopes: { scope: Scope };
}>({
  // Errors before scope-auth, so a missing scope becomes a typed ForbiddenError in result unions.
  plugins: [ErrorsPlugin, ScopeAuthPlugin, SimpleObjectsPlugin],
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: (context) => ({ scope: (required: Scope) => hasScope(context.principal ?? null, required) }),
    unauthorizedError: (_parent, _context, _info, result) => {
      const failure = result.failure as { kind: string; scope?: string; parameter?: unknown };
      return new ForbiddenError(typeof failure.parameter === 'string' ? failure.parameter : 'required by this field');
    },
  },
  defaultFieldNullability: false,
  errors: {
    // Every mutation result can be any of these; clients match `... on Error` for the rest.
    defaultTypes: [
      ValidationError,
      NotFoundError,
      UnsupportedOperationError,
      ProviderNotConfiguredError,
      UpstreamError,
      ForbiddenError,
    ],
    directResult: true,
    defaultUnionOptions: {
      description: "The mutation's success type, or an error that implements `Error` saying why nothing (or not all) was done.",
    },
  },
});

builder.queryType({ description: 'Reads: providers, webhooks, event catalogues and deliveries.' });
builder.mutationType({
  description: 'Changes. Each answers a union of its success type and the errors that implement `Error`.',
});
builder.subscriptionType({ description: 'Live streams, over WebSocket (graphql-ws) or Server-Sent Events.' });
