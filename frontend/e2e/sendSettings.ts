import type { Server } from './server';

/** Anything that calls the RPC bridge, like the `server` fixture. */
export type Rpc = Pick<Server, 'rpc'>;

/** Saves the settings a send needs (network name, tracking domain, unsubscribe URL, sender), keeping the rest. */
export async function configureSending(server: Rpc) {
  const s = await server.rpc('Settings.Get');
  await server.rpc('Settings.Save', {
    ...s,
    networkName: 'Northwind Affiliates',
    trackingDomain: 'trk.northwind.example',
    unsubscribeBaseUrl: 'https://trk.northwind.example/u',
    defaultFromEmail: 'news@northwind.example',
  });
}
