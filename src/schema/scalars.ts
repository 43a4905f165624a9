import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { builder } from './builder.ts';

// The resolvers hand out Date objects; turning them into ISO strings here skips the generic
// checks of graphql-scalars on every value of a listing (the output is the same).
const dateTime = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  serialize: (value) => (value instanceof Date ? value.toISOString() : DateTimeResolver.serialize(value)),
});

builder.addScalarType('DateTime', dateTime);
builder.addScalarType('JSON', JSONResolver);
