/**
 * Bolt has no update: a change is a new webhook plus the removal of the old one. The new one
 * is created first so that events never stop flowing. Bolt refuses a webhook that would send
 * the same listener duplicate notifications (422), which the old webhook itself may cause when
 * the URL stays; only then is the old one deleted first, and put back if the new one fails.
 */
import { HookgateError, NotFoundError, UpstreamError, ValidationError } from '../../errors.ts';
import type { BoltApi } from './bolt-api.ts';
import { type BoltTarget, createBody } from './bolt-input.ts';

export interface ReplaceRequest {
  oldId: string;
  old: BoltTarget;
  next: BoltTarget;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The same kind of error, with a note about what was done to the old webhook. */
function withNote(error: unknown, note: string): Error {
  if (error instanceof ValidationError) {
    return new ValidationError(error.fieldErrors.map((e) => ({ path: e.path, message: `${e.message}; ${note}` })));
  }
  if (error instanceof UpstreamError) return new UpstreamError('BOLT', `${error.message}; ${note}`, error.status, error.retryable);
  if (error instanceof HookgateError) return new UpstreamError('BOLT', `${error.message}; ${note}`, null, false);
  return new UpstreamError('BOLT', `Bolt update failed unexpectedly; ${note}`, null, false);
}

async function deleteIfPresent(api: BoltApi, id: string): Promise<void> {
  try {
    await api.delete(id);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
}

/** Replaces the webhook and answers the new webhook's id. */
export async function replaceWebhook(api: BoltApi, request: ReplaceRequest): Promise<string> {
  const { oldId, old, next } = request;
  let newId: string;
  try {
    newId = await api.create(createBody(next));
  } catch (error) {
    if (error instanceof ValidationError && next.url === old.url) return replaceWithGap(api, request);
    throw error;
  }
  try {
    await deleteIfPresent(api, oldId);
  } catch (error) {
    // The new webhook exists and must not be lost: report both ids rather than a plain failure.
    throw new UpstreamError(
      'BOLT',
      `Bolt created the updated webhook ${newId} but could not delete the old webhook ${oldId} (${describe(error)}); ` +
        `both exist now: delete ${oldId} to stop duplicate deliveries`,
      error instanceof UpstreamError ? error.status : null,
      false,
    );
  }
  return newId;
}

async function replaceWithGap(api: BoltApi, { oldId, old, next }: ReplaceRequest): Promise<string> {
  await deleteIfPresent(api, oldId);
  try {
    return await api.create(createBody(next));
  } catch (error) {
    let restoredId: string;
    try {
      restoredId = await api.create(createBody(old));
    } catch (restoreError) {
      throw withNote(
        error,
        `the old webhook ${oldId} was deleted and re-creating it failed (${describe(restoreError)}): ` +
          `create it again (url ${old.url}, events ${old.events.join(', ')})`,
      );
    }
    throw withNote(error, `the old webhook ${oldId} was re-created unchanged with the new id ${restoredId}`);
  }
}
