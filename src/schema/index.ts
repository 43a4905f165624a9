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

export const schema = builder.toSchema({ sortSchema: true });
