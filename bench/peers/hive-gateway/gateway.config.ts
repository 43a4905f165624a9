/**
 * bench/proxy's Hive Gateway peer, on its best setting for a burst of identical listings: identical
 * queries in flight at the same moment are executed once and their result shared (off by default).
 * Its REST transport has no outbound deduplication of its own (that is for GraphQL subgraphs).
 */
import { defineConfig } from '@graphql-hive/gateway';

export const gatewayConfig = defineConfig({
  inboundInflightRequestDeduplication: true,
});
