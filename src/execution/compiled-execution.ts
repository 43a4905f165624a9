/**
 * Queries and mutations run as compiled JavaScript (graphql-jit through @envelop/graphql-jit):
 * each distinct document is compiled once, then executes without walking the AST per field.
 * It more than halves the gateway's CPU per listing (see bench/proxy). Subscriptions keep the
 * reference executor: they are long-lived, so there is nothing to gain per operation. So do
 * documents with a variable inside an object or list literal (`payload: { id: $id }`):
 * graphql-jit parses scalar literals without the variables, so the JSON scalar would lose them.
 *
 * graphql-jit raises errors of its own GraphQLError subclass whose `extensions` are read-only
 * and often absent. The gateway's error masking (app.ts) types errors by adding extensions in
 * place, so every such error is turned back into a graphql-js GraphQLError first.
 */
import { useGraphQlJit } from '@envelop/graphql-jit';
import { BREAK, type DocumentNode, GraphQLError, type ExecutionResult, Kind, getOperationAST, visit } from 'graphql';
import type { Plugin } from 'graphql-yoga';

function asGraphqlJsError(error: GraphQLError): GraphQLError {
  if (error.constructor === GraphQLError && Object.isExtensible(error.extensions)) return error;
  const copy = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions },
  });
  // graphql-jit keeps locations without the AST nodes graphql-js would compute them from.
  return error.locations ? Object.assign(copy, { locations: error.locations }) : copy;
}

function useGraphqlJsErrors(): Plugin {
  return {
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          const single = result as ExecutionResult;
          if (!single.errors || Symbol.asyncIterator in result) return;
          setResult({ ...single, errors: single.errors.map(asGraphqlJsError) });
        },
      };
    },
  };
}

function hasVariableInLiteral(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Variable(_node, _key, _parent, _path, ancestors) {
      const inLiteral = ancestors.some((ancestor) => 'kind' in ancestor && (ancestor.kind === Kind.OBJECT || ancestor.kind === Kind.LIST));
      if (!inLiteral) return undefined;
      found = true;
      return BREAK;
    },
  });
  return found;
}

const compilable = new WeakMap<DocumentNode, boolean>();

/** Decided once per document: yoga's parser cache hands out the same DocumentNode each time. */
function isCompilable(document: DocumentNode, operationName: string | null | undefined): boolean {
  if (getOperationAST(document, operationName)?.operation === 'subscription') return false;
  let ok = compilable.get(document);
  if (ok === undefined) {
    ok = !hasVariableInLiteral(document);
    compilable.set(document, ok);
  }
  return ok;
}

export function compiledExecution(): Plugin[] {
  return [
    useGraphQlJit(
      {},
      {
        enableIf: ({ document, operationName }) => isCompilable(document, operationName),
      },
    ) as Plugin,
    useGraphqlJsErrors(),
  ];
}
