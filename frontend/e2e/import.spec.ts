import type { Page } from '@playwright/test';
import { expect, shot, test } from './fixtures';
import { FIXTURE_KEY, startFixture } from './everflowFixture';

// A partners file as a manager might export it: Everflow headers, one column ("Mail address")
// that needs mapping by hand, and rows with every kind of mistake.
const longName = 'A partner with a really long company name that goes on and on, Incorporated and Associates';
const csv = [
  'Partner ID,Partner,Account Status,Mail address,Labels,Country',
  `900001,"Acme, Inc.",Active,ops@acme.example,"vip, email",US`,
  `900002,Blue Media,pending,hello@blue.example,,DE`,
  `900003,"${longName}",active,this-is-not-an-email-address-at-all-and-it-is-very-long-indeed,,FR`,
  `900004,Sleepy,Sleeping,s@sleepy.example,,GB`,
  `900001,Duplicate of Acme,active,dup@acme.example,,US`,
  `900006,Bad Country,active,c@c.example,,Germany`,
].join('\n');

// Full-page pictures of a scrolled page show the fixed header mid-page: scroll up first.
async function snap(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, name);
}

async function upload(page: Page, name: string, content: string | Buffer, mimeType = 'text/csv') {
  await page.locator('input[type=file]').setInputFiles({ name, mimeType, buffer: Buffer.isBuffer(content) ? content : Buffer.from(content) });
}

test('guided import: detect, map, dry run, import, re-import, errors', async ({ app }) => {
  await app.getByTestId('nav-import').click();
  await expect(app.getByRole('heading', { name: 'Import & sync' })).toBeVisible();
  await snap(app, 'import-empty');

  await upload(app, 'partners.csv', csv);
  const mapping = app.getByTestId('mapping');
  await expect(mapping).toBeVisible();
  await expect(app.getByRole('combobox', { name: 'Column for Partner ID' })).toHaveValue('Partner ID');
  await expect(app.getByRole('combobox', { name: 'Column for Status' })).toHaveValue('Account Status');
  await expect(app.getByRole('combobox', { name: 'Column for Tags' })).toHaveValue('Labels');
  await expect(app.getByRole('combobox', { name: 'Column for Email' })).toHaveValue('— not imported —');
  await expect(app.getByTestId('preview').locator('tbody tr')).toHaveCount(6);

  // Map the e-mail column by hand.
  await app.getByRole('combobox', { name: 'Column for Email' }).click();
  await app.getByRole('option', { name: 'Mail address', exact: true }).click();
  await expect(app.getByTestId('mapping-email')).toContainText('ops@acme.example');
  await snap(app, 'import-mapping');

  await app.getByTestId('import-dry-run').click();
  const result = app.getByTestId('import-result');
  await expect(result).toContainText('Dry run: nothing was written');
  await expect(app.getByTestId('result-inserted')).toHaveText('2');
  await expect(app.getByTestId('result-rejected')).toHaveText('4');

  // The first import into the demo network asks what to do with it; this one keeps it.
  await app.getByTestId('import-run').click();
  await app.getByTestId('demo-choice-keep').click();
  await expect(result).toContainText('Import finished');
  await expect(app.getByTestId('result-inserted')).toHaveText('2');
  const errors = app.getByTestId('result-error');
  await expect(errors).toHaveCount(4);
  await expect(errors.nth(0)).toContainText('4');
  await expect(errors.nth(0)).toContainText('Mail address');
  await expect(errors.nth(0)).toContainText('is not a valid e-mail address');
  await expect(errors.nth(1)).toContainText('"Sleeping" is not a partner status (active, pending, inactive, suspended)');
  await expect(errors.nth(2)).toContainText('duplicate partner 900001: already on line 2');
  await expect(errors.nth(3)).toContainText('two-letter country code');
  await snap(app, 'import-result-errors');

  // The same file again changes nothing.
  await app.getByTestId('import-run').click();
  await expect(app.getByTestId('result-unchanged')).toHaveText('2');
  await expect(app.getByTestId('result-inserted')).toHaveText('0');
});

test('unreadable files and missing required columns are explained', async ({ app }) => {
  await app.goto(app.url().split('#')[0] + '#/import');
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000010000000100806000000', 'hex');
  await upload(app, 'partners.csv', png);
  await expect(app.getByTestId('import-error')).toContainText('partners.csv is not a text file');
  await expect(app.getByTestId('import-error')).toContainText('renamed .csv');
  await snap(app, 'import-error-binary');

  await upload(app, 'people.csv', 'Ref,Full name\n1,One\n');
  await expect(app.getByTestId('import-missing')).toContainText('Partner ID');
  await expect(app.getByTestId('import-run')).toBeDisabled();
  await snap(app, 'import-missing-column');

  await upload(app, 'header-only.csv', 'Partner ID,Partner\n');
  await expect(app.getByTestId('preview-empty')).toBeVisible();
  await app.getByTestId('import-run').click();
  await expect(app.getByTestId('result-error')).toContainText('no records');
});

test('export buttons save the filtered table as CSV', async ({ app, server }) => {
  await app.goto(app.url().split('#')[0] + '#/network/offers');
  const download = app.waitForEvent('download');
  await app.getByTestId('export-offers').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^offers-\d{4}-\d{2}-\d{2}\.csv$/);
  const path = await file.path();
  const { readFileSync } = await import('node:fs');
  const text = readFileSync(path, 'utf8');
  expect(text.split('\n')[0]).toBe('Offer ID,Name,Status,Visibility,Payout,Revenue,Currency,Preview URL,Category,Description,Advertiser,Encoded ID,Created');
  const summary = await server.rpc('Network.Summary');
  expect(text.trim().split('\n').length - 1).toBe(summary.offers);

  // The partners table exports what its filters show.
  await app.goto(app.url().split('#')[0] + '#/network/partners');
  await app.getByTestId('filter-status').click();
  await app.getByRole('option', { name: /pending/i }).click();
  const pending = await server.rpc('Network.ListPartners', { status: 'pending', page: 1, pageSize: 1 });
  await expect(app.getByTestId('total')).toContainText(`of ${pending.total.toLocaleString('en-US')} partners`);
  await snap(app, 'export-partners-filtered');
  const download2 = app.waitForEvent('download');
  await app.getByTestId('export-partners').click();
  const rows = readFileSync(await (await download2).path(), 'utf8').trim().split('\n');
  expect(rows[0]).toContain('Partner ID,Name,First name,Last name,Email');
  expect(rows.length - 1).toBe(pending.total);
  expect(rows.slice(1).every((r) => r.includes(',pending,'))).toBe(true);
});

test('Everflow sync: settings, not configured, and an unreachable API', async ({ app }) => {
  await app.goto(app.url().split('#')[0] + '#/import/sync');
  await expect(app.getByTestId('sync-not-configured')).toBeVisible();
  await expect(app.getByTestId('sync-run')).toBeDisabled();
  await snap(app, 'sync-empty');

  await app.getByTestId('sync-key').fill('a-test-key');
  await app.getByTestId('sync-domain').fill('trk.example.com');
  // Port 9 (discard) on loopback: nothing listens, so the sync fails fast and locally.
  await app.getByTestId('sync-base').fill('http://127.0.0.1:9/v1');
  await app.getByTestId('sync-save').click();
  await expect(app.getByTestId('sync-not-configured')).toBeHidden();
  await app.getByTestId('sync-from').fill('2026-11-01');
  await app.getByTestId('sync-to').fill('2026-11-02');
  await app.getByTestId('sync-run').click();
  await expect(app.getByTestId('sync-error')).toContainText('cannot reach Everflow', { timeout: 45_000 });
  await snap(app, 'sync-error');
});

test('Everflow sync against a local fixture: progress and report', async ({ app, server }) => {
  const fx = await startFixture();
  try {
    await app.goto(app.url().split('#')[0] + '#/import/sync');
    await app.getByTestId('sync-key').fill(FIXTURE_KEY);
    await app.getByTestId('sync-domain').fill('trk.example.com');
    await app.getByTestId('sync-base').fill(fx.base);
    await app.getByTestId('sync-save').click();
    await expect(app.getByTestId('sync-run')).toBeEnabled();
    await app.getByTestId('sync-from').fill('2026-11-26');
    await app.getByTestId('sync-to').fill('2026-11-27');
    // A store holding only the demo network asks what to do with it on the first sync; the
    // guided import earlier in this file has already answered, unless this test runs alone.
    const { demoChoicePending } = await server.rpc('Network.Summary');
    await app.getByTestId('sync-run').click();
    if (demoChoicePending) await app.getByTestId('demo-choice-clear').click();
    await expect(app.getByTestId('sync-progress')).toBeVisible();
    await expect(app.getByTestId('sync-progress')).toContainText(/Employees|Partners|Offers|Approvals|Daily stats|Tracking links|Advertisers/);
    await snap(app, 'sync-progress');
    const report = app.getByTestId('sync-report');
    await expect(report).toContainText('stats 2026-11-26 to 2026-11-27', { timeout: 30_000 });
    await expect(report).toContainText('Partners7');
    await expect(report).toContainText('Stat rows6');
    // 8 for the fixture network alone; partners an earlier test of this file imported from an
    // Everflow export are encoded too when this test runs after it.
    const encoded = Number((await report.textContent())?.match(/Encoded IDs(\d+)/)?.[1]);
    expect(encoded).toBeGreaterThanOrEqual(8);
    await expect(app.getByTestId('sync-missing')).toContainText('1 partner has no user with an e-mail');
    await snap(app, 'sync-report');
    const found = await server.rpc('Network.ListPartners', {
      search: 'Synced Affiliate',
      page: 1,
      pageSize: 10,
    });
    expect(found.total).toBe(7);
    expect(found.items[0].accountManagerName).toBe('Mia Manager');
    expect(found.items.filter((p) => p.email.endsWith('@synced.example'))).toHaveLength(6);
    expect(fx.calls).toContain('/networks/reporting/entity/table');
  } finally {
    await fx.close();
  }
});
