import type { Page } from '@playwright/test';
import { expect, shot, test } from './fixtures';
import { SmtpSink } from './smtpSink';
import { configureSending } from './sendSettings';

// The desktop app opens at 1280x800 and can be made as small as 960x600. At both sizes every
// area must fit: the page never scrolls sideways, and each table's last column is on screen
// or inside a frame that scrolls with a visible scrollbar.

const SIZES = [
  { width: 1280, height: 800 },
  { width: 960, height: 600 },
];

const LONG = 'Northwind holiday payout tiers for every partner in the network, explained at great length';

interface Ids {
  audience: number;
  message: number;
  run: number;
}
const ids: Ids = { audience: 0, message: 0, run: 0 };

interface Fit {
  problems: string[];
  tables: number;
}

/** Measures the page as it is now: sideways overflow and where each table's last header is. */
async function measure(page: Page): Promise<Fit> {
  return page.evaluate(() => {
    const doc = document.documentElement;
    const width = doc.clientWidth;
    const problems: string[] = [];
    if (doc.scrollWidth > width) problems.push(`the page scrolls sideways: ${doc.scrollWidth} > ${width}`);
    const shown = (el: Element) => el.getClientRects().length > 0;
    const tables = [...document.querySelectorAll('table')].filter(shown);
    tables.forEach((table, n) => {
      const name = table.getAttribute('data-testid') ?? `table ${n + 1}`;
      const heads = [...table.querySelectorAll('thead tr:first-child > th')].filter(shown);
      const last = heads[heads.length - 1];
      if (!last) return;
      const r = last.getBoundingClientRect();
      if (r.left >= 0 && r.right <= width + 0.5) return;
      // Off screen: acceptable only inside a frame that scrolls sideways and shows it.
      let el = table.parentElement;
      while (el && el !== document.body) {
        const ox = getComputedStyle(el).overflowX;
        if ((ox === 'auto' || ox === 'scroll') && el.scrollWidth > el.clientWidth) break;
        el = el.parentElement;
      }
      const label = `${name}: last header "${last.textContent?.trim() || '(actions)'}" spans ${Math.round(r.left)}-${Math.round(r.right)} of ${width}`;
      if (!el || el === document.body) {
        problems.push(`${label}, and no scroll frame holds it`);
        return;
      }
      const frame = el.getBoundingClientRect();
      if (frame.right > width + 0.5) problems.push(`${label}, and its scroll frame ends at ${Math.round(frame.right)}`);
      // Mantine's ScrollArea draws its own bar; a native frame shows one in its box.
      const area = el.closest('.mantine-ScrollArea-root');
      const bar = area?.querySelector(':scope > .mantine-ScrollArea-scrollbar[data-orientation="horizontal"]');
      const visible = area ? !!bar && shown(bar) && bar.getAttribute('data-state') !== 'hidden' : el.offsetHeight > el.clientHeight;
      if (!visible) problems.push(`${label}, in a scroll frame whose scrollbar is hidden`);
    });
    return { problems, tables: tables.length };
  });
}

/** Scrolls to the top, checks the fit, saves e2e/screenshots/size-<w>-<name>.png. */
async function check(page: Page, name: string, minTables = 0) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300); // column hiding and the scrollbars follow the resize
  const fit = await measure(page);
  const width = page.viewportSize()!.width;
  expect(fit.problems, `${name} at ${width}px`).toEqual([]);
  expect(fit.tables, `${name}: tables on screen`).toBeGreaterThanOrEqual(minTables);
  await shot(page, `size-${width}-${name}`);
}

async function go(page: Page, hash: string) {
  await page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
}

test('setup: an audience, a long message, a finished send and a suppression', async ({ server }) => {
  await configureSending(server);
  const partners = await server.rpc('Network.ListPartners', {
    status: 'active',
    page: 1,
    pageSize: 20,
    sort: 'id',
  });
  const to = partners.items.filter((p) => p.email && !p.unsubscribed).slice(0, 4);
  ids.audience = await server.rpc('Audiences.Save', {
    id: 0,
    name: LONG,
    description: 'Active partners with a very long description that has to stay on one line in the list',
    rules: { kind: 'partners', groups: [{ rules: [{ field: 'status', values: ['active'] }] }] },
  });
  const sink = await new SmtpSink((rcpt) => (rcpt === to[1].email.toLowerCase() ? '550 5.1.1 no such user at this address here' : undefined)).start();
  try {
    await server.rpc('SMTP.Save', {
      id: 0, name: 'Local relay with a long profile name', host: '127.0.0.1', port: sink.port, tls: 'none', username: '',
      concurrency: 1, perSecond: 0, perHour: 0, fromName: 'Northwind', fromEmail: 'news@northwind.example', isDefault: true,
    }, null);
    ids.message = await server.rpc('Messages.Save', {
      id: 0, kind: 'general', recipientKind: 'partners', theme: 'blank', name: 'Holiday payouts', subject: LONG,
      fromName: 'Northwind', fromEmail: 'news@northwind.example', body: '<p>Hi {partner_name},</p><p>New tiers.</p>',
      recipients: { ids: to.map((p) => p.id), emails: [], excludeIds: [], excludeEmails: [] }, offers: [],
    });
    ids.run = await server.rpc('Deliveries.Send', ids.message);
    await expect
      .poll(async () => (await server.rpc('Deliveries.Progress', ids.run)).status, { timeout: 20_000 })
      .toBe('done');
  } finally {
    await sink.stop();
  }
  await server.rpc('Suppressions.Add', 'someone.with.a.rather.long.address@subdomain.northwind.example', 'manual', 'Asked by phone to stop every message');
});

for (const size of SIZES) {
  test(`every area fits at ${size.width}x${size.height}`, async ({ app }) => {
    await app.setViewportSize(size);

    await expect(app.getByTestId('partner-row')).toHaveCount(25);
    await check(app, 'partners', 1);
    await app.getByTestId('partner-row').first().click();
    await expect(app.getByTestId('partner-totals')).toBeVisible();
    await check(app, 'partner-drawer');
    await app.keyboard.press('Escape');
    await expect(app.getByTestId('partner-totals')).toBeHidden();
    await app.getByRole('tab', { name: 'Advertisers' }).click();
    await expect(app.getByTestId('advertiser-row').first()).toBeVisible();
    await check(app, 'advertisers', 1);
    await app.getByRole('tab', { name: 'Offers' }).click();
    await expect(app.getByTestId('offer-row').first()).toBeVisible();
    await check(app, 'offers', 1);

    await app.getByTestId('nav-audiences').click();
    await expect(app.getByTestId('audiences-table')).toContainText('Northwind holiday');
    await check(app, 'audiences', 1);
    await go(app, `#/audiences/${ids.audience}`);
    await expect(app.getByTestId('live-count')).toBeVisible();
    await expect(app.getByTestId('sample').locator('tbody tr').first()).toBeVisible();
    await check(app, 'audience-editor', 1);

    await app.getByTestId('nav-compose').click();
    await expect(app.getByTestId('message-row').first()).toBeVisible();
    await check(app, 'compose', 1);
    await go(app, `#/compose/${ids.message}`);
    await expect(app.getByTestId('save-state')).toBeVisible();
    await check(app, 'compose-editor');

    await app.getByTestId('nav-communications').click();
    await expect(app.getByTestId(`run-row-${ids.run}`)).toContainText('done');
    await check(app, 'sends', 1);
    await go(app, `#/communications/run/${ids.run}`);
    await expect(app.getByTestId('log-row').first()).toBeVisible();
    await check(app, 'sent-log', 1);
    await go(app, '#/communications/suppressions');
    await expect(app.getByTestId('sup-row').first()).toBeVisible();
    await check(app, 'suppressions', 1);

    await app.getByTestId('nav-settings').click();
    await expect(app.getByTestId('smtp-row')).toBeVisible();
    await check(app, 'settings', 1);

    await app.getByTestId('nav-import').click();
    await expect(app.getByRole('heading', { name: 'Import & sync' })).toBeVisible();
    await check(app, 'import');
    // A wide file: the preview has a column per file column and scrolls in its frame.
    const header = Array.from({ length: 14 }, (_, i) => `Column number ${i + 1}`).join(',');
    const row = Array.from({ length: 14 }, (_, i) => `value ${i + 1} of a fairly wide row`).join(',');
    await app.locator('input[type=file]').first().setInputFiles({ name: 'wide.csv', mimeType: 'text/csv', buffer: Buffer.from(`Partner ID,Name,Email,${header}\n1,A,a@a.example,${row}\n`) });
    await expect(app.getByTestId('preview')).toBeVisible();
    await check(app, 'import-preview', 2);
  });
}
