import { GraphQLSchema } from 'graphql';
import { builder } from './builder.ts';
import './scalars.ts';
import './provider.ts';
import './errors.ts';
import './node.ts';
import './page-info.ts';
import './webhook-event.ts';
import './webhook.ts';
import './test-result.ts';
import './delivery.ts';
import './inbound-source.ts';
import './provider-event.ts';

export const schema = new GraphQLSchema({
  ...builder.toSchema({ sortSchema: true }).toConfig(),
  description:
    'Hookgate: one GraphQL API for webhooks. Send signed webhooks of your own (provider LOCAL) and manage webhook subscriptions at Bolt, Shippo, BLAZE and UP42.',
});
