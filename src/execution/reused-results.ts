/**
 * A query's result given again, without executing it, while everything it read is unchanged: the
 * gateway keeps upstream listings for UPSTREAM_GET_CACHE_MS, and a burst of the same listing
 * otherwise executes the same document over the same kept answer again and again, making the
 * same objects and the same JSON text each time (the bulk of the gateway's CPU per cached
 * listing, bench/proxy). Only results that are certainly the same are given again:
 *  - the operation is a query that selects only fields whose value comes from their parent and
 *    arguments alone, or that report what they read (schema/reusable-fields.ts);
 *  - same document, operation name and variables, and the same caller's tenant and scopes, on
 *    which authorization and tenant scoping depend: authentication, rate limits, the GraphQL
 *    limits and every other plugin still run for each request, only execution is skipped;
 *  - every read reported that what it read is still fresh (context.reads) at the time of reuse,
 *    and the result had neither errors nor extensions.
 * A write through the gateway forgets the upstream answers it kept, and with them the results
 * made from them. The text given is the text of the first execution, byte for byte.
 */
import { type DocumentNode, type ExecutionResult, type GraphQLSchema, TypeInfo, getOperationAST, visit, visitWithTypeInfo, BREAK } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { GraphQLContext } from '../context.ts';
import { OperationReads } from '../util/operation-reads.ts';

/** Results kept at most, the oldest dropped first: a listing page is tens of kB of text and data. */
const MAX_KEPT_RESULTS = 256;
const ALLOWED_DIRECTIVES = new Set(['include', 'skip']);

interface Kept {
  data: unknown;
  text: string;
  /** The text as UTF-8, encoded once: what json-post-route.ts writes. */
  bytes: Buffer;
  fresh: readonly (() => boolean)[];
}

type Stringified = ExecutionResult & { stringify?: (result: ExecutionResult) => string };

const BYTES = Symbol('kept bytes');

/** The result as given: its JSON is the kept text. */
function given(kept: Kept): Stringified {
  const result: Stringified & { [BYTES]?: Buffer } = { data: kept.data as ExecutionResult['data'] };
  result.stringify = (what) => (what === result ? kept.text : JSON.stringify(what));
  result[BYTES] = kept.bytes;
  return result;
}

/** The UTF-8 bytes of a result given again (its `stringify` output, encoded); undefined for any other result. */
export function keptBytes(result: ExecutionResult): Buffer | undefined {
  return (result as { [BYTES]?: Buffer })[BYTES];
}

function selectsOnly(schema: GraphQLSchema, document: DocumentNode, fields: ReadonlySet<string>): boolean {
  const typeInfo = new TypeInfo(schema);
  let only = true;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        if (node.name.value === '__typename') return undefined;
        const parent = typeInfo.getParentType();
        if (parent && fields.has(`${parent.name}.${node.name.value}`)) return undefined;
        only = false;
        return BREAK;
      },
      Directive(node) {
        if (ALLOWED_DIRECTIVES.has(node.name.value)) return undefined;
        only = false;
        return BREAK;
      },
    }),
  );
  return only;
}

export function useReusedResults(fields: ReadonlySet<string>): Plugin {
  const candidates = new WeakMap<DocumentNode, boolean>();
  /** A number per document, for the keys below (yoga's parser cache gives the same DocumentNode for the same text). */
  const documentIds = new WeakMap<DocumentNode, number>();
  let lastDocumentId = 0;
  /** By document, operation name, the caller's tenant and scopes, and variables. */
  const kept = new Map<string, Kept>();

  function documentId(document: DocumentNode): number {
    let id = documentIds.get(document);
    if (id === undefined) {
      id = ++lastDocumentId;
      documentIds.set(document, id);
    }
    return id;
  }

  function isCandidate(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): boolean {
    if (getOperationAST(document, operationName)?.operation !== 'query') return false;
    let candidate = candidates.get(document);
    if (candidate === undefined) {
      candidate = selectsOnly(schema, document, fields);
      candidates.set(document, candidate);
    }
    return candidate;
  }

  return {
    onExecute({ args, setResultAndStopExecution }) {
      const { schema, document, operationName, variableValues } = args;
      const context = args.contextValue as unknown as GraphQLContext;
      if (context.principal === undefined || !isCandidate(schema, document, operationName)) return undefined;
      const { tenant, scopes } = context.principal;
      const key = `${documentId(document)}\n${operationName ?? ''}\n${tenant}\n${scopes.join(' ')}\n${JSON.stringify(variableValues ?? null)}`;
      const found = kept.get(key);
      if (found !== undefined) {
        if (found.fresh.every((fresh) => fresh())) {
          setResultAndStopExecution(given(found));
          return undefined;
        }
        kept.delete(key);
      }
      const reads = new OperationReads();
      context.reads = reads;
      return {
        onExecuteDone({ result, setResult }) {
          context.reads = undefined;
          if (isAsyncIterable(result)) return;
          const executed = result as Stringified;
          if (executed.errors !== undefined || executed.extensions !== undefined) return;
          const fresh = reads.vouchers();
          if (fresh === null || !fresh.every((check) => check())) return;
          const text = (executed.stringify ?? JSON.stringify)(executed);
          const entry: Kept = { data: executed.data, text, bytes: Buffer.from(text), fresh };
          kept.delete(key);
          if (kept.size >= MAX_KEPT_RESULTS) kept.delete(kept.keys().next().value!);
          kept.set(key, entry);
          setResult(given(entry));
        },
      };
    },
  };
}
