/**
 * Queries and mutations run compiled (graphql-jit), except where compiled code would differ from
 * graphql-js: a variable inside an object literal must reach the JSON payload, and errors keep
 * their types.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CreateEventType } from './support/documents.ts';
import { createTestGateway, run, type TestGateway } from './support/gateway.ts';

let gateway: TestGateway;
beforeEach(async () => {
  gateway = await createTestGateway();
  await run(gateway.app, CreateEventType, { input: { name: 'order.created' } });
});
afterEach(() => gateway.close());

async function post(query: string, variables?: Record<string, unknown>) {
  const response = await gateway.app.yoga.fetch('http://hookgate.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, any>; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

describe('compiled execution', () => {
  it('keeps variables nested in a JSON literal, as graphql-js does', async () => {
    const result = await post(
      `mutation ($id: String!, $tags: [String!]!) {
        publishEvent(input: { event: "order.created", payload: { orderId: $id, tags: $tags, lines: [{ sku: $id }] } }) {
          ... on PublishEventSuccess { event { payload } }
        }
      }`,
      { id: 'ord_1', tags: ['a', 'b'] },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.publishEvent.event.payload).toEqual({ orderId: 'ord_1', tags: ['a', 'b'], lines: [{ sku: 'ord_1' }] });
  });

  it('types a variable of the wrong type as BAD_USER_INPUT, the same query compiled or not', async () => {
    const query = 'query ($n: Int) { webhooks(first: $n) { edges { cursor } } }';
    for (let i = 0; i < 2; i++) {
      const result = await post(query, { n: 'many' });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(result.errors?.[0]?.message).toMatch(/\$n/);
    }
  });
});
