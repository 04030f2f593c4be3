import { expect, shot, test } from './fixtures';

// A store started with --no-demo: what someone bringing their own data sees first.
test.use({ serverOptions: { demo: false } });

test('an empty store shows no demo notice and explains every empty table', async ({ app, server }) => {
  expect(await server.rpc('Network.Summary')).toMatchObject({ demo: false, partners: 0 });
  await expect(app.getByText('No partners yet')).toBeVisible();
  await expect(app.getByTestId('demo-notice')).toHaveCount(0);
  await expect(app.getByTestId('total')).toHaveCount(0);
  await shot(app, 'empty-store-partners');

  // A search on an empty store is still "nothing matches", with the way back.
  await app.getByRole('textbox', { name: 'Search' }).fill('anyone');
  await expect(app.getByText('No partners match')).toBeVisible();

  await app.getByRole('tab', { name: 'Advertisers' }).click();
  await expect(app.getByText('No advertisers yet')).toBeVisible();
  await app.getByRole('tab', { name: 'Offers' }).click();
  await expect(app.getByText('No offers yet')).toBeVisible();
  await shot(app, 'empty-store-offers');
});

test('the navbar shows only working areas and Alt+1 returns to the Network', async ({ app }) => {
  const links = app.getByRole('navigation', { name: 'Areas' }).getByRole('link');
  expect(await links.count()).toBeGreaterThanOrEqual(1);
  await expect(app.getByTestId('nav-network')).toBeVisible();
  await app.goto(app.url().replace(/#.*$/, '') + '#/network/offers');
  await expect(app.getByRole('tab', { name: 'Offers' })).toHaveAttribute('aria-selected', 'true');
  await app.keyboard.press('Alt+1');
  await expect(app).toHaveURL(/#\/network$/);
  await expect(app.getByRole('tab', { name: 'Partners' })).toHaveAttribute('aria-selected', 'true');
});
