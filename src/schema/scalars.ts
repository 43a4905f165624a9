import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { isoText } from '../util/iso-date.ts';
import { builder } from './builder.ts';

// The resolvers hand out Date objects; turning them into ISO strings here skips the generic
// checks of graphql-scalars on every value of a listing (the output is the same), once per Date.
const dateTime = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  serialize: (value) => (value instanceof Date ? isoText(value) : DateTimeResolver.serialize(value)),
});

builder.addScalarType('DateTime', dateTime);
// graphql-jit prints "Scalar with variable inputs detected…" on stderr for every literal of a
// scalar whose parseLiteral declares a second parameter, as JSONResolver's does. A default value
// keeps that parameter out of `parseLiteral.length`; graphql-js still passes the variables, and
// documents with a variable inside a literal do not go through graphql-jit (compiled-execution.ts).
const json = new GraphQLScalarType({
  ...JSONResolver.toConfig(),
  parseLiteral: (ast, variables = undefined) => JSONResolver.parseLiteral(ast, variables),
});

builder.addScalarType('JSON', json);
