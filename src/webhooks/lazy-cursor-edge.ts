/**
 * An edge whose cursor is encoded only when read: most queries read the end cursor alone. A
 * class, so the getter lives on the prototype (an object literal with a getter allocates an
 * accessor pair per edge, which showed in bench/proxy).
 */
import type { Edge, Webhook } from '../providers/contract.ts';

export class LazyCursorEdge<Position> implements Edge<Webhook> {
  readonly node: Webhook;
  readonly #position: Position;
  readonly #encode: (position: Position) => string;

  constructor(node: Webhook, position: Position, encode: (position: Position) => string) {
    this.node = node;
    this.#position = position;
    this.#encode = encode;
  }

  get cursor(): string {
    return this.#encode(this.#position);
  }
}
