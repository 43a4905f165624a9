/** Opaque global ids of InboundSource and ProviderEvent (`Node.id`): the type name and the store id, base64url. */
import { ValidationError } from '../errors.ts';

export type InboundTypename = 'InboundSource' | 'ProviderEvent';

export function encodeInboundId(typename: InboundTypename, id: string): string {
  return Buffer.from(`${typename}:${id}`).toString('base64url');
}

/** The store id inside a global id of `typename`, or null when the id is of another type. */
export function inboundIdOf(typename: InboundTypename, globalId: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(globalId)) return null;
  const text = Buffer.from(globalId, 'base64url').toString('utf8');
  return text.startsWith(`${typename}:`) ? text.slice(typename.length + 1) : null;
}

/** Like inboundIdOf, but an id of another type is a ValidationError at `path`. */
export function decodeInboundId(typename: InboundTypename, globalId: string, path: (string | number)[]): string {
  const id = inboundIdOf(typename, globalId);
  if (id === null) throw ValidationError.field(path, `is not an ${typename} id issued by this gateway`);
  return id;
}
