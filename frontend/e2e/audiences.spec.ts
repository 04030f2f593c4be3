import type { Page } from '@playwright/test';
import { expect, shot, test } from './fixtures';

const fmt = (n: number) => n.toLocaleString('en-US');

async function openAudiences(app: Page) {
  await app.getByTestId('nav-audiences').click();
  await expect(app.getByRole('heading', { name: 'Audiences', level: 2 })).toBeVisible();
}

async function chooseOption(page: Page, box: ReturnType<Page['getByRole']>, option: string) {
  await box.click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('audiences: empty list invites to create one', async ({ app }) => {
  await openAudiences(app);
  await expect(app.getByTestId('audiences-empty')).toContainText('No saved audiences yet');
  await shot(app, 'audiences-empty');
});

test('audiences: starter, live count, searchable sample, save', async ({ app, server }) => {
  const starters = await server.rpc('Audiences.Starters');
  const revenue = starters.find((s) => s.key === 'revenue_last_month')!;
  const { count } = await server.rpc('Audiences.Count', revenue.rules);
  expect(count).toBeGreaterThan(0);

  await openAudiences(app);
  await app.getByRole('button', { name: 'Create an audience' }).click();
  await expect(app.getByRole('heading', { name: 'New audience' })).toBeVisible();
  await app.getByRole('button', { name: 'Starters' }).click();
  await app.getByRole('menuitem', { name: /Drove revenue last month/ }).click();
  await expect(app.getByTestId('live-count')).toHaveText(`${fmt(count)} partners`);
  await expect(app.getByTestId('sample').getByRole('columnheader', { name: 'Revenue' })).toBeVisible();

  // Searching the sample narrows it to what the backend finds for the same rules.
  const sample = await server.rpc('Audiences.Sample', revenue.rules, '', 5);
  const word = sample.items[0].name.split(' ')[0];
  const found = await server.rpc('Audiences.Sample', revenue.rules, word, 25);
  await app.getByRole('textbox', { name: 'Search the sample' }).fill(word);
  await expect(app.getByText(`Showing ${found.items.length} of ${fmt(found.total)}`)).toBeVisible();
  await shot(app, 'audiences-editor');
  await app.getByRole('button', { name: 'Switch to dark theme' }).click();
  await shot(app, 'audiences-editor-dark');
  await app.getByRole('button', { name: 'Switch to light theme' }).click();

  await app.getByRole('button', { name: 'Save' }).click();
  await expect(app.getByRole('heading', { name: 'Drove revenue last month' })).toBeVisible();
  await app.getByRole('button', { name: 'Audiences' }).first().click();
  const row = app.getByTestId('audiences-table').getByRole('row', { name: /Drove revenue last month/ });
  await expect(row).toContainText(fmt(count));
  await expect(row).toContainText('never');
});

test('audiences: an invalid rule is named and highlighted', async ({ app }) => {
  await openAudiences(app);
  await app.getByRole('button', { name: 'New audience' }).click();
  await app.getByRole('button', { name: 'Add rule' }).click();
  const rule = app.getByTestId('group-1-rule-2');
  await chooseOption(app, rule.getByRole('combobox', { name: 'Rule' }), 'Performance');
  await chooseOption(app, rule.getByRole('combobox', { name: 'Operator' }), 'between');
  await rule.getByRole('textbox', { name: 'Value', exact: true }).fill('500');
  await rule.getByRole('textbox', { name: 'Upper value' }).fill('100');
  await expect(app.getByTestId('rules-error')).toContainText('group 1 rule 2 (performance): reversed range: 500.00 is above 100.00');
  // The rule the message names is marked; its neighbour is not.
  const red = 'rgb(250, 82, 82)';
  await expect(rule).toHaveCSS('border-left-color', red);
  await expect(app.getByTestId('group-1-rule-1')).not.toHaveCSS('border-left-color', red);
  await shot(app, 'audiences-invalid-rule');

  await rule.getByRole('textbox', { name: 'Upper value' }).fill('900');
  await expect(app.getByTestId('rules-error')).toHaveCount(0);
  await expect(rule).not.toHaveCSS('border-left-color', red);
  await expect(app.getByTestId('live-count')).toHaveText(/^\d[\d,]* partners$/);
});

test('audiences: long names stay on one line', async ({ app, server }) => {
  const long = 'Partners in the loyalty programme with very high revenue and an unusually long audience name '.repeat(2).slice(0, 120);
  await server.rpc('Audiences.Save', {
    id: 0,
    name: long,
    description: 'A description that goes on and on about who is in this audience and why we send to them every month. '.repeat(3),
    rules: { kind: 'partners', groups: [{ rules: [{ field: 'status', values: ['active'] }] }] },
  });
  await server.rpc('Audiences.Save', {
    id: 0,
    name: 'Advertisers, active',
    description: '',
    rules: { kind: 'advertisers', groups: [{ rules: [{ field: 'status', values: ['active'] }] }] },
  });
  await openAudiences(app);
  const list = await server.rpc('Audiences.List');
  expect(list.map((a) => a.name)).toContain(long);
  const table = app.getByTestId('audiences-table');
  await expect(table.getByRole('row')).toHaveCount(list.length + 1);
  const cell = table.getByRole('row', { name: new RegExp(long.slice(0, 30)) }).getByRole('cell').first();
  const box = (await cell.boundingBox())!;
  expect(box.height).toBeLessThan(70); // name and description each on one line
  await shot(app, 'audiences-long-names');

  await table.getByText(long).click();
  await expect(app.getByRole('textbox', { name: 'Name' })).toHaveValue(long);
  await shot(app, 'audiences-editor-long-name');
});

test('audiences: explicit list by pasting and by picking', async ({ app, server }) => {
  const page = await server.rpc('Network.ListPartners', { sort: 'id', page: 1, pageSize: 3 });
  const [a, b, c] = page.items;
  await openAudiences(app);
  await app.getByRole('button', { name: 'New audience' }).click();
  const rule = app.getByTestId('group-1-rule-1');
  await chooseOption(app, rule.getByRole('combobox', { name: 'Rule' }), 'Explicit list');
  await rule.getByRole('textbox', { name: 'IDs or e-mails' }).fill(`${b.email.toUpperCase()}\n${c.id}, nobody@nowhere.example`);
  await expect(app.getByTestId('live-count')).toHaveText('2 partners');

  await rule.getByRole('combobox', { name: 'Pick a recipient' }).fill(a.email);
  await app.getByRole('option', { name: new RegExp(`\\(#${a.id}\\)$`) }).click();
  await expect(rule.getByRole('textbox', { name: 'IDs or e-mails' })).toHaveValue(new RegExp(`\\n${a.id}$`));
  await expect(app.getByTestId('live-count')).toHaveText('3 partners');
  await expect(app.getByTestId('sample').getByRole('row')).toHaveCount(4);
});

test('audiences: export, delete, import back; bad audiences are reported', async ({ app, server }) => {
  await server.rpc('Audiences.Save', {
    id: 0,
    name: 'Round trip',
    description: 'exported and imported',
    rules: { kind: 'partners', groups: [{ rules: [{ field: 'tags', match: 'all', values: ['vip'] }] }] },
  });
  await openAudiences(app);
  await app.getByRole('button', { name: 'Export all' }).click();
  const text = await app.getByRole('textbox', { name: 'Exported audiences' }).inputValue();
  expect(JSON.parse(text).format).toBe('commhub.audiences');
  await app.keyboard.press('Escape');

  app.once('dialog', (d) => void d.accept());
  await app.getByRole('button', { name: 'Delete Round trip' }).click();
  await expect(app.getByText('Round trip')).toHaveCount(0);

  const doc = JSON.parse(text) as { audiences: { name: string; rules: unknown }[] };
  doc.audiences.push({
    name: 'Ghost offer',
    rules: { kind: 'partners', groups: [{ rules: [{ field: 'approved_offer', ids: [987654] }] }] },
  } as { name: string; rules: unknown });
  await app.getByRole('button', { name: 'Import' }).click();
  await app.getByRole('textbox', { name: 'Export file' }).fill(JSON.stringify(doc));
  await app.getByRole('dialog').getByRole('button', { name: 'Import', exact: true }).click();
  const alert = app.getByRole('dialog').getByRole('alert');
  await expect(alert).toContainText('not imported');
  await expect(alert).toContainText('("Ghost offer"): group 1 rule 1 (approved_offer): unknown offer 987654');
  await shot(app, 'audiences-import-errors');
  await app.keyboard.press('Escape');
  await expect(app.getByTestId('audiences-table').getByText('Round trip')).toBeVisible();
});
