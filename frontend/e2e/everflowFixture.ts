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

const affiliates = Array.from({ length: 7 }, (_, i) => ({
  network_affiliate_id: 800001 + i,
  network_employee_id: 830001,
  name: `Synced Affiliate ${i + 1}`,
  account_status: 'active',
  labels: ['synced'],
  time_saved: 1_750_000_000,
  relationship: { users: { entries: [{ first_name: 'Sam', last_name: `No${i + 1}`, email: `sam${i + 1}@synced.example` }] } },
}));
const offers = [
  { network_offer_id: 810001, network_advertiser_id: 820001, name: 'Synced Offer', offer_status: 'active', visibility: 'public', currency_id: 'USD', payout_amount: 3, revenue_amount: 5, time_saved: 1_750_000_000 },
];

export async function startFixture(delayMs = 250): Promise<Fixture> {
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const path = (req.url ?? '').replace(/^\/v1/, '').replace(/\?.*$/, '');
      calls.push(path);
      const send = (status: number, data: unknown) =>
        setTimeout(() => {
          res.writeHead(status, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(data));
        }, delayMs);
      if (req.headers['x-eflow-api-key'] !== FIXTURE_KEY) return send(401, { Error: 'invalid api key' });
      const page = (key: string, rows: unknown[]) => send(200, { [key]: rows, paging: { page: 1, page_size: 500, total_count: rows.length } });
      const req_ = body ? (JSON.parse(body) as Record<string, unknown>) : {};
      switch (path) {
        case '/networks/employees':
          return send(200, [{ network_employee_id: 830001, first_name: 'Mia', last_name: 'Manager', email: 'mia@network.example', is_affiliate_manager: true }]);
        case '/networks/advertiserstable':
          return page('advertisers', [{ network_advertiser_id: 820001, name: 'Synced Brand', account_status: 'active', time_saved: 1_750_000_000 }]);
        case '/networks/affiliatestable':
          return page('affiliates', affiliates);
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
        default:
          return send(404, { Error: 'not found' });
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
