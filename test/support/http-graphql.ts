/** A GraphQL POST to a real gateway over HTTP; returns `data`, throws on GraphQL errors. */
import { request } from 'undici';

export async function postGraphql(
  origin: string,
  query: string,
  variables?: Record<string, unknown>,
  apiKey?: string,
): Promise<Record<string, any>> {
  const response = await request(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.body.json()) as { data?: Record<string, any>; errors?: unknown };
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data;
}
