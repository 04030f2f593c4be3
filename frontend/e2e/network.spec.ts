import type { Page } from '@playwright/test';
import type { PartnerDetail, PartnerPage } from '../src/api/generated';
import { expect, shot, test } from './fixtures';

const rows = (page: Page) => page.getByTestId('partner-row');
const total = (page: Page) => page.getByTestId('total');
const fmt = (n: number) => n.toLocaleString('en-US');

async function pick(page: Page, filter: string, option: string | RegExp) {
  await page.getByTestId(`filter-${filter}`).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('partners: server-side paging and total', async ({ app, server }) => {
  const s = await server.rpc('Network.Summary');
  await expect(total(app)).toHaveText(`1–25 of ${fmt(s.partners)} partners`);
  await expect(rows(app)).toHaveCount(25);
  await shot(app, 'partners-light');

  const page2 = await server.rpc('Network.ListPartners', { sort: 'name', page: 2, pageSize: 25 });
  await app.getByRole('button', { name: '2', exact: true }).click();
  await expect(total(app)).toHaveText(`26–50 of ${fmt(s.partners)} partners`);
  await expect(rows(app).first()).toContainText(page2.items[0].name);

  await app.getByRole('combobox', { name: 'Rows per page' }).click();
  await app.getByRole('option', { name: '100', exact: true }).click();
  await expect(total(app)).toHaveText(`1–100 of ${fmt(s.partners)} partners`);
  await expect(rows(app)).toHaveCount(100);
});

test('partners: sorting by column', async ({ app, server }) => {
  const byNameDesc = await server.rpc('Network.ListPartners', { sort: '-name', page: 1, pageSize: 1 });
  const byIdAsc = await server.rpc('Network.ListPartners', { sort: 'id', page: 1, pageSize: 1 });
  const nameTh = app.getByRole('columnheader', { name: 'Name and email' });
  await expect(nameTh).toHaveAttribute('aria-sort', 'ascending');

  await app.getByTestId('sort-name').click();
  await expect(nameTh).toHaveAttribute('aria-sort', 'descending');
  await expect(rows(app).first()).toContainText(byNameDesc.items[0].name);

  await app.getByTestId('sort-id').click();
  await expect(app.getByRole('columnheader', { name: 'ID' })).toHaveAttribute('aria-sort', 'ascending');
  await expect(nameTh).toHaveAttribute('aria-sort', 'none');
  await expect(rows(app).first()).toContainText(String(byIdAsc.items[0].id));
});

test('partners: search shows tricky names as text, and an empty result offers to clear', async ({ app }) => {
  const search = app.getByRole('textbox', { name: 'Search' });
  await search.fill('<b>Bold');
  await expect(total(app)).toHaveText(/of 1 partners/);
  await expect(rows(app).first()).toContainText('<b>Bold</b> Traffic Ltd');
  await expect(app.locator('[data-testid=partner-row] b')).toHaveCount(0);

  await search.fill("O'");
  await expect(rows(app).first()).toBeVisible();
  await expect(total(app)).not.toHaveText(/of 1 partners/);
  await shot(app, 'partners-search-apostrophe');

  await search.fill('Zürich');
  await expect(rows(app).first()).toContainText('Zürich Δ Performance GmbH');

  await search.fill('no such partner anywhere');
  await expect(app.getByText('No partners match')).toBeVisible();
  await shot(app, 'partners-empty-filtered');
  await app.getByRole('button', { name: 'Clear filters' }).click();
  await expect(search).toHaveValue('');
  await expect(rows(app)).toHaveCount(25);
});

test('partners: filters by status, tag, manager and country agree with the backend', async ({ app, server }) => {
  const facets = await server.rpc('Network.Facets');
  const expected = await server.rpc('Network.ListPartners', { status: 'suspended', page: 1, pageSize: 1 });
  expect(expected.total).toBeGreaterThan(0);

  await pick(app, 'status', 'Suspended');
  await expect(total(app)).toHaveText(new RegExp(`of ${fmt(expected.total)} partners`));
  for (const badge of await app.getByTestId('partner-row').locator('td:nth-child(3)').allTextContents()) {
    expect(badge).toBe('Suspended');
  }

  const tag = facets.tags[0];
  const manager = facets.managers[0];
  const country = facets.countries[0];
  const combined = await server.rpc('Network.ListPartners', {
    status: 'suspended',
    tag,
    manager: manager.id,
    country,
    page: 1,
    pageSize: 500,
  });
  await pick(app, 'tag', tag);
  await pick(app, 'manager', manager.name);
  await pick(app, 'country', new RegExp(`^${country} — `));
  if (combined.total === 0) {
    await expect(app.getByText('No partners match')).toBeVisible();
  } else {
    await expect(total(app)).toHaveText(new RegExp(`of ${fmt(combined.total)} partners`));
  }
  await shot(app, 'partners-filtered');
});

test('partner drawer: profile, approvals, totals and the 90-day revenue chart', async ({ app, server }) => {
  // The demo's revenue is concentrated: find an earning partner and a dormant one.
  const list = await server.rpc('Network.ListPartners', { sort: 'id', page: 1, pageSize: 60 });
  let earner: PartnerDetail | undefined;
  let dormant: PartnerDetail | undefined;
  for (const p of list.items) {
    const d = await server.rpc('Network.GetPartner', p.id);
    if (d.totals.revenueCents > 0 && !earner) earner = d;
    if (d.totals.revenueCents === 0 && !dormant) dormant = d;
    if (earner && dormant) break;
  }
  expect(earner, 'a demo partner with revenue').toBeTruthy();

  await app.getByRole('textbox', { name: 'Search' }).fill(String(earner!.partner.id));
  await expect(total(app)).toHaveText(/of 1 partners/);
  await rows(app).first().click();
  const drawer = app.getByRole('dialog');
  await expect(drawer).toContainText(earner!.partner.email);
  await expect(drawer.getByTestId('revenue-chart').locator('svg.recharts-surface').first()).toBeVisible();
  await expect(drawer.getByTestId('partner-totals')).toContainText('$');
  if ((earner!.approvals ?? []).length > 0) {
    await expect(drawer.getByTestId('approvals-table').locator('tbody tr')).toHaveCount(earner!.approvals!.length);
  }
  await expect(app).toHaveURL(new RegExp(`#/network/partners/${earner!.partner.id}$`));
  await shot(app, 'partner-drawer');

  await app.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(app).toHaveURL(/#\/network\/partners$/);

  if (dormant) {
    await app.goto(`${server.base}/#/network/partners/${dormant.partner.id}`);
    await expect(app.getByTestId('revenue-chart-empty')).toBeVisible();
    await shot(app, 'partner-drawer-dormant');
  }

  await app.goto(`${server.base}/#/network/partners/999999999`);
  await expect(app.getByRole('dialog')).toContainText('Could not load this partner');
  await shot(app, 'partner-drawer-not-found');
});

test('partners: a very long name is cut with an ellipsis and kept whole in its tooltip', async ({ app }) => {
  const long = `Überlange Partnerschaft O'Reilly & <i>Söhne</i> ${'Performance Marketing '.repeat(10)}GmbH`;
  await app.route('**/rpc/Network.ListPartners', async (route) => {
    const res = await route.fetch();
    const body = (await res.json()) as PartnerPage;
    body.items[0].name = long;
    body.items[0].company = long;
    body.items[0].email = `${'very.long.address.'.repeat(6)}@example.com`;
    await route.fulfill({ response: res, json: body });
  });
  await app.reload();
  const cell = app.getByTitle(long).first();
  await expect(cell).toBeVisible();
  const box = await cell.boundingBox();
  expect(box!.width).toBeLessThan(300);
  await shot(app, 'partners-long-name');
});

test('advertisers and offers: tables, filters and sorting', async ({ app, server }) => {
  await app.getByRole('tab', { name: 'Advertisers' }).click();
  const s = await server.rpc('Network.Summary');
  await expect(total(app)).toHaveText(new RegExp(`of ${fmt(s.advertisers)} advertisers`));
  await app.getByTestId('sort-offers').click();
  await expect(app.getByRole('columnheader', { name: 'Offers' })).toHaveAttribute('aria-sort', 'ascending');
  await shot(app, 'advertisers');

  await app.getByRole('tab', { name: 'Offers' }).click();
  await expect(app).toHaveURL(/#\/network\/offers$/);
  await expect(total(app)).toHaveText(new RegExp(`of ${fmt(s.offers)} offers`));
  const priv = await server.rpc('Network.ListOffers', { visibility: 'private', page: 1, pageSize: 1 });
  await pick(app, 'visibility', 'Private');
  await expect(total(app)).toHaveText(new RegExp(`of ${fmt(priv.total)} offers`));
  await app.getByTestId('sort-payout').click();
  await app.getByTestId('sort-payout').click();
  await expect(app.getByRole('columnheader', { name: 'Payout' })).toHaveAttribute('aria-sort', 'descending');
  const top = await server.rpc('Network.ListOffers', {
    visibility: 'private',
    sort: '-payout',
    page: 1,
    pageSize: 1,
  });
  await expect(app.getByTestId('offer-row').first()).toContainText(top.items[0].name);
  await expect(app.getByTestId('offer-row').first()).toContainText('$');
  await shot(app, 'offers');

  const advs = await server.rpc('Network.ListAdvertisers', {
    sort: '-offers',
    page: 1,
    pageSize: 1,
  });
  await app.getByRole('button', { name: 'Reset filters' }).click();
  await expect(total(app)).toHaveText(new RegExp(`of ${fmt(s.offers)} offers`));
  await pick(app, 'advertiser', advs.items[0].name);
  await expect(app.getByTestId('offer-row').first()).toContainText(advs.items[0].name);
});

test('a slow answer shows a loading overlay, then the rows', async ({ app }) => {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await app.route('**/rpc/Network.ListPartners', async (route) => {
    await held;
    await route.continue();
  });
  await app.reload();
  await expect(app.getByLabel('Loading partners')).toBeVisible();
  await shot(app, 'partners-loading');
  release();
  await expect(rows(app)).toHaveCount(25);
  await expect(app.getByLabel('Loading partners')).toBeHidden();
});

test('an RPC failure shows a clear error with a working retry', async ({ app }) => {
  await app.route('**/rpc/Network.ListPartners', (route) =>
    route.fulfill({
      status: 500,
      json: { error: { code: 'internal', message: 'database is locked: another program holds commhub.db' } },
    }),
  );
  await app.reload();
  const alert = app.getByTestId('list-error');
  await expect(alert).toContainText('Could not load partners');
  await expect(alert).toContainText('database is locked: another program holds commhub.db');
  await shot(app, 'partners-error');

  await app.unroute('**/rpc/Network.ListPartners');
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(rows(app)).toHaveCount(25);
  await expect(alert).toBeHidden();
});

test('a wrong token is explained instead of showing an empty app', async ({ page, server }) => {
  await page.goto(`${server.base}/?token=not-the-token`);
  await expect(page).toHaveURL(`${server.base}/`);
  const notice = page.getByTestId('connection-notice');
  await expect(notice).toContainText('CommHub refused this browser');
  await expect(notice).toContainText(/token/i);
  await expect(page.getByTestId('list-error')).toContainText('Could not load partners');
  await shot(page, 'wrong-token');
});

test('light/dark theme toggles and is remembered', async ({ app }) => {
  const html = app.locator('html');
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');
  await app.getByTestId('color-scheme-toggle').click();
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await app.reload();
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await expect(rows(app)).toHaveCount(25);
  await shot(app, 'partners-dark');
  await rows(app).first().click();
  await expect(app.getByTestId('partner-totals')).toBeVisible();
  await shot(app, 'partner-drawer-dark');
  await app.keyboard.press('Escape');
  await app.keyboard.press('Control+Shift+L');
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');
});

test('keyboard: skip link, navbar and opening a partner with Enter', async ({ app }) => {
  await app.keyboard.press('Tab');
  await expect(app.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await app.getByTestId('nav-network').focus();
  await expect(app.getByTestId('nav-network')).toHaveAttribute('aria-current', 'page');
  await rows(app).first().focus();
  await app.keyboard.press('Enter');
  await expect(app.getByTestId('partner-totals')).toBeVisible();
});

test('the smallest window (960x600) keeps the table usable and the drawer readable', async ({ app }) => {
  await app.setViewportSize({ width: 960, height: 600 });
  await expect(rows(app)).toHaveCount(25);
  // The table scrolls sideways inside its container; the page itself never does.
  const overflow = await app.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await shot(app, 'partners-small-window');
  await rows(app).nth(1).click();
  await expect(app.getByTestId('partner-totals')).toBeVisible();
  await shot(app, 'partner-drawer-small-window');
});

// Last: it removes the demo network from this file's server.
test('the demo notice clears the demo network after confirmation, leaving empty states', async ({ app, server }) => {
  const notice = app.getByTestId('demo-notice');
  await expect(notice).toContainText('You are looking at demo data');
  await notice.getByRole('button', { name: 'Clear demo data' }).click();
  const dialog = app.getByRole('dialog', { name: 'Clear the demo network?' });
  await expect(dialog).toBeVisible();
  await shot(app, 'demo-clear-confirm');

  await dialog.getByRole('button', { name: 'Keep demo data' }).click();
  await expect(dialog).toBeHidden();
  expect((await server.rpc('Network.Summary')).demo).toBe(true);

  await notice.getByRole('button', { name: 'Clear demo data' }).click();
  await app.getByTestId('confirm-clear-demo').click();
  await expect(notice).toBeHidden();
  await expect(app.getByText('No partners yet')).toBeVisible();
  const s = await server.rpc('Network.Summary');
  expect(s).toMatchObject({ demo: false, partners: 0, offers: 0 });
  await shot(app, 'partners-empty');

  await app.getByRole('tab', { name: 'Advertisers' }).click();
  await expect(app.getByText('No advertisers yet')).toBeVisible();
  await app.getByRole('tab', { name: 'Offers' }).click();
  await expect(app.getByText('No offers yet')).toBeVisible();
  await shot(app, 'offers-empty');

  await app.reload();
  await expect(app.getByText('No offers yet')).toBeVisible();
  await expect(notice).toBeHidden();
});
