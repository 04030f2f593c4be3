import type { Page } from '@playwright/test';
import { expect, shot, test } from './fixtures';

// A real Everflow partner export: the account manager is a person's name, and nobody on
// the team has it yet. One cell is a spreadsheet error, not a name.
const exportCsv = [
  'Partner ID,Partner,Account Status,Email,Account Manager',
  '910001,Harbor Lane Media,Active,ops@harborlane.co,Jordan Reyes',
  '910002,Quill & Pine Reviews,Active,hello@quillpine.co,jordan reyes',
  '910003,Northgate Deals,Pending,team@northgate.co,#N/A',
  '910004,Saltmarsh Digital,Active,info@saltmarsh.co,Priya Shah',
].join('\n');

async function snap(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, name);
}


// The two tests share the spec's server, in order: the second clears what the first left.

test('the first import into the demo asks about it and adds the named account managers', async ({ app, server }) => {
  test.slow();
  expect(await server.rpc('Network.Summary')).toMatchObject({ demo: true, ownData: false, demoChoicePending: true });
  await expect(app.getByTestId('demo-notice')).toContainText('You are looking at demo data');

  await app.goto(app.url().split('#')[0] + '#/import');
  await app.locator('input[type=file]').setInputFiles({ name: 'everflow-partners.csv', mimeType: 'text/csv', buffer: Buffer.from(exportCsv) });
  await expect(app.getByRole('combobox', { name: 'Column for Account manager' })).toHaveValue('Account Manager');

  // Cancelling the question imports nothing.
  await app.getByTestId('import-run').click();
  const dialog = app.getByRole('dialog');
  await expect(dialog).toContainText('Your network still holds the demo data');
  await expect(dialog).toContainText('420 partners, 24 advertisers and 36 offers');
  await shot(app, 'demo-choice-import');
  await app.getByTestId('demo-choice-cancel').click();
  await expect(dialog).toBeHidden();
  await expect(app.getByTestId('import-result')).toHaveCount(0);
  expect((await server.rpc('Network.Summary')).ownData).toBe(false);

  await app.getByTestId('import-run').click();
  await app.getByTestId('demo-choice-keep').click();
  const result = app.getByTestId('import-result');
  await expect(result).toContainText('Import finished');
  await expect(app.getByTestId('result-inserted')).toHaveText('3');
  // A demo team member's name is not the user's account manager: both people are new.
  const created = app.getByTestId('result-created-employee');
  await expect(created).toHaveCount(2);
  await expect(created.nth(0)).toHaveText('Created employee Jordan Reyes (ID 900000001), first named on line 2');
  await expect(created.nth(1)).toHaveText('Created employee Priya Shah (ID 900000002), first named on line 5');
  await expect(app.getByTestId('result-error')).toHaveCount(1);
  await expect(app.getByTestId('result-error')).toContainText('"#N/A" is not a person\'s name');
  await expect(app.getByTestId('result-error').locator('td').first()).toHaveText('4');
  await snap(app, 'import-created-employees');
});

test('the notice counts the demo rows left next to the user\'s own, and clearing keeps the user\'s', async ({ app, server }) => {
  test.slow();
  // The notice now says how much of the demo is left next to the user's partners.
  const notice = app.getByTestId('demo-notice');
  await expect(notice).toContainText('Demo data remains next to your own');
  await expect(notice).toContainText('420 partners, 24 advertisers and 36 offers of the demo network are still here');
  await snap(app, 'demo-notice-mixed');

  await notice.getByRole('button', { name: 'Clear demo data' }).click();
  await expect(app.getByRole('dialog')).toContainText('Your imported and synced data stays.');
  await app.getByTestId('confirm-clear-demo').click();
  await expect(notice).toHaveCount(0);
  const after = await server.rpc('Network.Summary');
  expect(after).toMatchObject({ demo: false, ownData: true, partners: 3 });

  await app.goto(app.url().split('#')[0] + '#/network/partners');
  await expect(app.getByTestId('total')).toContainText('3 partners');
  await expect(app.getByRole('row', { name: /Harbor Lane Media/ })).toContainText('Jordan Reyes');
  await expect(app.getByRole('row', { name: /Saltmarsh Digital/ })).toContainText('Priya Shah');
  await snap(app, 'demo-cleared-own-partners');
});
