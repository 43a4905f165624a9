/**
 * What is known of UP42's notification bodies: UP42's sample handlers read `event` and
 * `body.status`; every other field is undocumented, so schemas allow anything else.
 */

export interface EventSample {
  schema: unknown;
  example: unknown;
}

function sample(event: string, statuses: string[], example: string): EventSample {
  return {
    schema: {
      type: 'object',
      description: 'Partially documented: only `event` and `body.status` are known.',
      properties: {
        event: { const: event },
        body: {
          type: 'object',
          properties: { status: { type: 'string', examples: statuses } },
          additionalProperties: true,
        },
      },
      additionalProperties: true,
    },
    example: { event, body: { status: example } },
  };
}

const SAMPLES: Record<string, EventSample> = {
  // The sample code also spells FAILED_PERMANENTLY as "FAILED PERMANENTLY".
  'order.status': sample('order.status', ['FULFILLED', 'FAILED_PERMANENTLY'], 'FULFILLED'),
  'job.status': sample('job.status', ['SUCCEEDED', 'FAILED', 'ERROR', 'CANCELLED'], 'SUCCEEDED'),
};

export function eventSample(name: string): EventSample | null {
  return SAMPLES[name] ?? null;
}
