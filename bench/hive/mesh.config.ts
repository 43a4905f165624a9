/**
 * bench/proxy's Hive Gateway peer: a supergraph composed by GraphQL Mesh from the Shippo
 * OpenAPI document, the way a team would put a GraphQL gateway in front of Shippo. The
 * document and the double's URL and token come from the environment (see support/hive-gateway.ts).
 */
import { defineConfig } from '@graphql-mesh/compose-cli';
import { loadOpenAPISubgraph } from '@omnigraph/openapi';

export const composeConfig = defineConfig({
  subgraphs: [
    {
      sourceHandler: loadOpenAPISubgraph('Shippo', {
        source: process.env.SHIPPO_OPENAPI ?? '',
        endpoint: '{env.SHIPPO_URL}',
        operationHeaders: { Authorization: 'ShippoToken {env.SHIPPO_TOKEN}' },
      }),
    },
  ],
});
