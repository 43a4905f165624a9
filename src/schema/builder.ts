import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import ScopeAuthPlugin, { type AuthFailure } from '@pothos/plugin-scope-auth';
import SimpleObjectsPlugin from '@pothos/plugin-simple-objects';
import { hasScope } from '../auth/principal.ts';
import type { Scope } from '../auth/principal.ts';
import type { GraphQLContext } from '../context.ts';
import {
  ForbiddenError,
  NotFoundError,
  ProviderNotConfiguredError,
  StorageFullError,
  StoreUnavailableError,
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
    unauthorizedError: (_parent, _context, _info, result) => new ForbiddenError(missingScope(result.failure) ?? 'required by this field'),
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
      StoreUnavailableError,
      StorageFullError,
    ],
    directResult: true,
    defaultUnionOptions: {
      description: "The mutation's success type, or an error that implements `Error` saying why nothing (or not all) was done.",
    },
  },
});

/** The scope a refusal asked for; scope-auth nests a field's `{ scope }` inside an "any of" failure. */
function missingScope(failure: AuthFailure): string | null {
  if (failure.kind === 'AuthScope') return typeof failure.parameter === 'string' ? failure.parameter : null;
  if (failure.kind === 'AnyAuthScopes' || failure.kind === 'AllAuthScopes') {
    for (const inner of failure.failures) {
      const scope = missingScope(inner);
      if (scope !== null) return scope;
    }
  }
  return null;
}

builder.queryType({ description: 'Reads: providers, webhooks, event catalogues and deliveries.' });
builder.mutationType({
  description: 'Changes. Each answers a union of its success type and the errors that implement `Error`.',
});
builder.subscriptionType({ description: 'Live streams, over WebSocket (graphql-ws) or Server-Sent Events.' });
