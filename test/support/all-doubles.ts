/** The four provider doubles on ephemeral loopback ports, and the env that points a gateway at all of them. */
import { blazeGatewayEnv, startBlazeDouble } from '../doubles/blaze-double.ts';
import { boltGatewayEnv, startBoltDouble } from '../doubles/bolt-double.ts';
import type { DoubleServer } from '../doubles/double-server.ts';
import { shippoGatewayEnv, startShippoDouble } from '../doubles/shippo-double.ts';
import { startUp42Double, up42GatewayEnv } from '../doubles/up42-double.ts';

export type UpstreamName = 'BOLT' | 'SHIPPO' | 'BLAZE' | 'UP42';

export interface AllDoubles {
  servers: Record<UpstreamName, DoubleServer>;
  /** UP42 with its static token, so no token call is mixed into its request log. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startAllDoubles(): Promise<AllDoubles> {
  const [bolt, shippo, blaze, up42] = await Promise.all([startBoltDouble(), startShippoDouble(), startBlazeDouble(), startUp42Double()]);
  return {
    servers: { BOLT: bolt.server, SHIPPO: shippo.server, BLAZE: blaze.server, UP42: up42.server },
    env: { ...boltGatewayEnv(bolt), ...shippoGatewayEnv(shippo), ...blazeGatewayEnv(blaze), ...up42GatewayEnv(up42, { auth: 'token' }) },
    close: async () => {
      await Promise.all([bolt.close(), shippo.close(), blaze.close(), up42.close()]);
    },
  };
}
