/** A GraphQL POST over HTTP that returns the whole answer (status, data and errors) instead of throwing. */
import { request } from 'undici';

export interface RawGraphqlAnswer {
  status: number;
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export async function rawGraphql(
  origin: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<RawGraphqlAnswer> {
  const response = await request(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.statusCode, ...((await response.body.json()) as Omit<RawGraphqlAnswer, 'status'>) };
}

/** The status of GET `path` (readiness, health). */
export async function httpStatus(origin: string, path: string): Promise<number> {
  const response = await request(`${origin}${path}`);
  await response.body.dump();
  return response.statusCode;
}

/** GET /metrics, one sample by name (without labels); null when absent. */
export async function metricValue(origin: string, name: string): Promise<number | null> {
  const response = await request(`${origin}/metrics`);
  const text = await response.body.text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? null : Number(line.slice(name.length + 1));
}
