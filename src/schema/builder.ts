import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import SimpleObjectsPlugin from '@pothos/plugin-simple-objects';
import type { GraphQLContext } from '../context.ts';
import {
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
}>({
  plugins: [ErrorsPlugin, SimpleObjectsPlugin],
  defaultFieldNullability: false,
  errors: {
    // Every mutation result can be any of these; clients match `... on Error` for the rest.
    defaultTypes: [ValidationError, NotFoundError, UnsupportedOperationError, ProviderNotConfiguredError, UpstreamError],
    directResult: true,
  },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
