import type { TestSender } from '../../webhooks/test-sender.ts';
import type { UpstreamTransportOptions } from './upstream-client.ts';

/** What every upstream adapter gets besides its own configuration. */
export interface UpstreamDeps {
  transport: UpstreamTransportOptions;
  /**
   * Sends test deliveries through the guarded outbound client (private addresses refused),
   * for providers whose API has no test endpoint of its own.
   */
  testSender: TestSender;
}
