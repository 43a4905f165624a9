/**
 * What one GraphQL operation's resolvers read, for deciding whether its result may be given again
 * (execution/reused-results.ts). A resolver that reads data reports it here: with the `fresh` of
 * what it read when that is an upstream answer the gateway keeps, or without, when it cannot vouch
 * that reading again would give the same. The result is reusable only while everything read is
 * still fresh, and never when anything read could not say.
 */
export class OperationReads {
  readonly #fresh: (() => boolean)[] = [];
  #unvouched = false;

  /** A read; `fresh` absent: the next read may differ. */
  report(fresh: (() => boolean) | undefined): void {
    if (fresh === undefined) this.#unvouched = true;
    else this.#fresh.push(fresh);
  }

  /** The checks that must all hold for the result to be given again; null when it must not be. */
  vouchers(): readonly (() => boolean)[] | null {
    return this.#unvouched || this.#fresh.length === 0 ? null : this.#fresh;
  }
}
