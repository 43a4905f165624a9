/**
 * bench/proxy's Hive Gateway peer: a supergraph composed by GraphQL Mesh from Shippo's OpenAPI
 * document, the way a team would put a GraphQL gateway in front of Shippo. The document, the
 * double's URL and its token come from the environment (see bench/support/hive-gateway.ts).
 */
import { defineConfig } from '@graphql-mesh/compose-cli';
import { loadOpenAPISubgraph } from '@omnigraph/openapi';

const source = process.env.SHIPPO_OPENAPI;
if (!source) throw new Error('SHIPPO_OPENAPI must name the Shippo OpenAPI document');

export const composeConfig = defineConfig({
  subgraphs: [
    {
      sourceHandler: loadOpenAPISubgraph('Shippo', {
        source,
        endpoint: '{env.SHIPPO_URL}',
        operationHeaders: { Authorization: 'ShippoToken {env.SHIPPO_TOKEN}' },
      }),
    },
  ],
});
