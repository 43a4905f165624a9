import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { cachedOnObject } from '../util/cached-on-object.ts';
import { builder } from './builder.ts';

// The resolvers hand out Date objects; turning them into ISO strings here skips the generic
// checks of graphql-scalars on every value of a listing (the output is the same), once per Date.
const isoString = cachedOnObject((date: Date) => date.toISOString());
const dateTime = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  serialize: (value) => (value instanceof Date ? isoString(value) : DateTimeResolver.serialize(value)),
});

builder.addScalarType('DateTime', dateTime);
builder.addScalarType('JSON', JSONResolver);
