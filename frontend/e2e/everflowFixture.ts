// A small stand-in for the Everflow network API on loopback, speaking the documented request
// and answer shapes (the Go tests use backend/network/everflow/everflowtest the same way).
// Every answer is delayed a little so the progress bar can be seen.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const FIXTURE_KEY = 'fixture-key';

export interface Fixture {
  base: string;
  calls: string[];
  close: () => Promise<void>;
}

// As the API documents it: users only when relationship=users is asked for (or through the
// affiliate users endpoint), the account manager as account_manager_id, the country as
// network_country_code, labels in the relationship block, encoded IDs from /networks/encode.
// Affiliate 7 has no user anywhere; affiliate 6's user is only on the users endpoint.
const affiliates = Array.from({ length: 7 }, (_, i) => ({
  network_affiliate_id: 800001 + i,
  account_manager_id: 830001,
  account_manager_name: 'Mia Manager',
  network_country_code: 'de',
  name: `Synced Affiliate ${i + 1}`,
  account_status: 'active',
  time_saved: 1_750_000_000,
}));
const tableUsers = (i: number) =>
  i < 5 ? [{ first_name: 'Sam', last_name: `No${i + 1}`, email: `sam${i + 1}@synced.example` }] : [];
const endpointUsers: Record<number, unknown[]> = {
  800006: [{ first_name: 'Sam', last_name: 'No6', email: 'sam6@synced.example', account_status: 'active', is_primary: true }],
};
const offers = [
  { network_offer_id: 810001, network_advertiser_id: 820001, name: 'Synced Offer', offer_status: 'active', visibility: 'public', currency_id: 'USD', payout_type: 'cpa', payout_amount: 3, revenue_amount: 5, time_saved: 1_750_000_000 },
  { network_offer_id: 810002, network_advertiser_id: 820001, name: 'Synced Shop Offer', offer_status: 'active', visibility: 'public', currency_id: 'USD', payout_type: 'cps', payout_amount: 0, payout_percentage: 12, revenue_amount: 0, encoded_value: 'SHOP2', time_saved: 1_750_000_000 },
];
const encode = (id: number) => `E${id.toString(36).toUpperCase()}`;

export async function startFixture(delayMs = 250): Promise<Fixture> {
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fixture');
      const path = url.pathname.replace(/^\/v1/, '');
      calls.push(path);
      const send = (status: number, data: unknown) =>
        setTimeout(() => {
          res.writeHead(status, { 'Content-Type': 'application/json', 'X-RateLimit-Limit': '30', 'X-RateLimit-Remaining': '29' });
          res.end(JSON.stringify(data));
        }, delayMs);
      if (req.headers['x-eflow-api-key'] !== FIXTURE_KEY) return send(401, { Error: 'invalid api key' });
      const page = (key: string, rows: unknown[]) => send(200, { [key]: rows, paging: { page: 1, page_size: 500, total_count: rows.length } });
      const req_ = body ? (JSON.parse(body) as Record<string, unknown>) : {};
      switch (path) {
        case '/networks/employees':
          return send(200, [{ network_employee_id: 830001, first_name: 'Mia', last_name: 'Manager', email: 'mia@network.example', is_affiliate_manager: true }]);
        case '/networks/encode': {
          const ids = (req_.ids as number[]) ?? [];
          return send(200, { values: ids.map((id) => ({ decoded: id, encoded: encode(id) })) });
        }
        case '/networks/advertiserstable':
          return page('advertisers', [{ network_advertiser_id: 820001, name: 'Synced Brand', account_status: 'active', time_saved: 1_750_000_000 }]);
        case '/networks/affiliatestable': {
          const withUsers = url.searchParams.getAll('relationship').includes('users');
          return page(
            'affiliates',
            affiliates.map((a, i) => ({
              ...a,
              relationship: {
                labels: { total: 1, entries: ['synced'] },
                ...(withUsers ? { users: { total: tableUsers(i).length, entries: tableUsers(i) } } : {}),
              },
            })),
          );
        }
        case '/networks/offerstable':
          return page('offers', offers);
        case '/networks/applicationstable':
          return page('applications', []);
        case '/networks/reporting/entity/table':
          return send(200, {
            table: affiliates.slice(0, 3).map((a) => ({
              columns: [
                { column_type: 'affiliate', id: String(a.network_affiliate_id), label: a.name },
                { column_type: 'offer', id: '810001', label: 'Synced Offer' },
              ],
              reporting: { total_click: 100, cv: 4, revenue: 20, payout: 12 },
            })),
            incomplete_results: false,
          });
        case '/networks/tracking/offers/clicks':
          return send(200, { url: `https://trk.example.com/P${req_.network_affiliate_id}/O${req_.network_offer_id}/` });
        default: {
          const users = /^\/networks\/affiliates\/(\d+)\/users$/.exec(path);
          if (users && req.method === 'GET') return send(200, { users: endpointUsers[Number(users[1])] ?? [] });
          return send(404, { Error: 'not found' });
        }
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}/v1`,
    calls,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
