/**
 * The UP42 webhook endpoints as typed calls over UpstreamClient: paths, bodies, the
 * `{ data, error }` envelope and UP42-specific not-found messages. No domain logic.
 */
import type { z } from 'zod';
import { NotFoundError, UpstreamError } from '../../errors.ts';
import { pathSegment } from '../upstream/path-segment.ts';
import type { UpstreamCall, UpstreamClient } from '../upstream/upstream-client.ts';
import {
  envelope,
  up42Event,
  up42TestRun,
  up42Webhook,
  type Up42Event,
  type Up42TestRun,
  type Up42Webhook,
  type Up42WebhookInput,
} from './wire.ts';

const webhookEnvelope = envelope(up42Webhook);
const webhookListEnvelope = envelope(up42Webhook.array());
const eventListEnvelope = envelope(up42Event.array());
const testRunEnvelope = envelope(up42TestRun);

export class Up42Api {
  readonly #client: UpstreamClient;

  constructor(client: UpstreamClient) {
    this.#client = client;
  }

  listWebhooks(workspaceId: string): Promise<Up42Webhook[]> {
    return this.#data(
      { method: 'GET', path: webhooksPath(workspaceId), schema: webhookListEnvelope, operation: 'list webhooks' },
      () => workspaceNotFound(workspaceId),
    );
  }

  getWebhook(workspaceId: string, id: string): Promise<Up42Webhook> {
    return this.#data(
      { method: 'GET', path: webhookPath(workspaceId, id), schema: webhookEnvelope, operation: 'get webhook' },
      () => webhookNotFound(id),
    );
  }

  createWebhook(workspaceId: string, body: Up42WebhookInput): Promise<Up42Webhook> {
    return this.#data(
      { method: 'POST', path: webhooksPath(workspaceId), body, schema: webhookEnvelope, operation: 'create webhook' },
      () => workspaceNotFound(workspaceId),
    );
  }

  /** PUT is a full replacement: `body` must carry every field, the secret included. */
  replaceWebhook(workspaceId: string, id: string, body: Up42WebhookInput): Promise<Up42Webhook> {
    return this.#data(
      { method: 'PUT', path: webhookPath(workspaceId, id), body, schema: webhookEnvelope, operation: 'update webhook' },
      () => webhookNotFound(id),
    );
  }

  async deleteWebhook(workspaceId: string, id: string): Promise<void> {
    // 200 or 204 is not documented, nor is the body; neither is read.
    await rethrowNotFound(
      this.#client.call({ method: 'DELETE', path: webhookPath(workspaceId, id), operation: 'delete webhook' }),
      () => webhookNotFound(id),
    );
  }

  /**
   * Asks UP42 to send test notifications. The field naming the one event to test is not
   * documented; `{ "event": <name> }` is an assumption. No body tests every subscribed event.
   */
  runTests(workspaceId: string, id: string, event: string | null): Promise<Up42TestRun> {
    return this.#data(
      {
        method: 'POST',
        path: `${webhookPath(workspaceId, id)}/tests`,
        body: event === null ? undefined : { event },
        schema: testRunEnvelope,
        operation: 'test webhook',
      },
      () => webhookNotFound(id),
    );
  }

  listEvents(): Promise<Up42Event[]> {
    return this.#data(
      { method: 'GET', path: '/webhooks/events', schema: eventListEnvelope, operation: 'list webhook events' },
      () => new NotFoundError('UP42 resource', 'webhooks/events'),
    );
  }

  close(): Promise<void> {
    return this.#client.close();
  }

  async #data<T>(
    call: Omit<UpstreamCall<undefined>, 'schema'> & { schema: z.ZodType<Envelope<T>> },
    notFound: () => NotFoundError,
  ): Promise<T> {
    const response = await rethrowNotFound(this.#client.call(call), notFound);
    const { data, error } = response.data;
    if (data === null) {
      // The SDK treats a null `data` with an `error` as a failure, whatever the status.
      const detail = error?.message ? `: ${this.#client.redact(error.message)}` : '';
      throw new UpstreamError('UP42', `UP42 ${call.operation} answered without data${detail}`, response.status, false);
    }
    return data;
  }
}

interface Envelope<T> {
  data: T | null;
  error?: { message?: string | null | undefined } | null | undefined;
}

function webhooksPath(workspaceId: string): string {
  return `/workspaces/${pathSegment(workspaceId)}/webhooks`;
}

function webhookPath(workspaceId: string, id: string): string {
  return `${webhooksPath(workspaceId)}/${pathSegment(id)}`;
}

function workspaceNotFound(workspaceId: string): NotFoundError {
  return new NotFoundError('UP42 workspace', workspaceId);
}

function webhookNotFound(id: string): NotFoundError {
  return new NotFoundError('UP42 webhook', id);
}

/** UpstreamClient names the last path segment in its NotFoundError; name what was missing instead. */
async function rethrowNotFound<T>(promise: Promise<T>, notFound: () => NotFoundError): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof NotFoundError) throw notFound();
    throw error;
  }
}
