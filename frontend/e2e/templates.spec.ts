import type { Page } from '@playwright/test';
import { expect as baseExpect, shot, test } from './fixtures';

// The gallery renders every thumbnail through the composer; on a busy machine that takes a
// while, so this file waits longer than the default for what it expects to see.
const expect = baseExpect.configure({ timeout: 30_000 });
test.describe.configure({ timeout: 240_000 });

async function openTemplates(app: Page) {
  // A busy machine can take long to settle the hash navigation.
  await app.getByTestId('nav-templates').click({ timeout: 60_000 });
  await expect(app.getByRole('heading', { name: 'Templates', level: 2 })).toBeVisible();
  await expect(app.getByTestId('template-card').first()).toBeVisible();
}

function card(app: Page, name: string) {
  return app.getByTestId('template-card').filter({ has: app.getByTestId('template-name').getByText(name, { exact: true }) });
}

// 117 characters: just under the limit, on one unbroken line of the card.
const longName = 'Quarterly partner performance review with payout tiers, compliance notes and the holiday schedule for all our regions';

test('templates: the gallery shows the library, rendered for a real partner, at every window size', async ({ app, server }) => {
  await openTemplates(app);
  const cards = app.getByTestId('template-card');
  expect(await cards.count()).toBeGreaterThanOrEqual(16);
  await expect(app.getByTestId('templates-count')).toContainText('most used in the last 100 days first');
  // Thumbnails are the real composer output for a demo partner: no macro left unfilled.
  const news = card(app, 'Monthly partner newsletter');
  const thumb = news.locator('iframe');
  await expect(thumb).toBeAttached({ timeout: 20_000 });
  const html = await thumb.getAttribute('srcdoc');
  expect(html).toContain('This month at Northwind Affiliates');
  expect(html).not.toMatch(/\{[a-z][a-z0-9_]*(\|[^}]*)?\}/);
  await expect(card(app, 'Internal team brief')).toContainText('To the team');
  await expect(card(app, 'New offer launch')).toContainText('Offer Details');
  await expect(card(app, 'Advertiser budget or cap reminder')).toContainText('To advertisers');
  await expect(card(app, 'Partner re-engagement')).toContainText('Dormant 30 days');
  const all = await server.rpc('Templates.List');
  await expect(cards).toHaveCount(all.length);
  await shot(app, 'templates-gallery');
  for (const size of [
    { width: 1280, height: 800 },
    { width: 960, height: 600 },
  ]) {
    await app.setViewportSize(size);
    await expect(cards.first()).toBeVisible();
    await shot(app, `templates-gallery-${size.width}`);
  }
  await app.setViewportSize({ width: 1400, height: 900 });
  // Filters: kind and category.
  await app.getByTestId('templates-kind').getByText('To advertisers').click();
  await expect(cards).toHaveCount(2);
  await app.getByTestId('templates-kind').getByText('All').click();
  await expect(cards).toHaveCount(all.length);
  await app.getByTestId('templates-category').click();
  await app.getByRole('option', { name: 'Onboarding' }).click();
  await expect(cards).toHaveCount(2);
});

test('templates: a search that matches nothing says so and clears in one click', async ({ app }) => {
  await openTemplates(app);
  await app.getByTestId('templates-search').fill('reengagement');
  await expect(app.getByTestId('template-card')).toHaveCount(1);
  await app.getByTestId('templates-search').fill('zebra crossing');
  await expect(app.getByTestId('templates-empty')).toContainText('No template matches');
  await expect(app.getByTestId('templates-empty')).toContainText('“zebra crossing”');
  await shot(app, 'templates-empty-search');
  await app.getByTestId('templates-clear').click();
  await expect(app.getByTestId('templates-search')).toHaveValue('');
  expect(await app.getByTestId('template-card').count()).toBeGreaterThanOrEqual(16);
});

test('templates: preview the newsletter as a chosen partner, use it, land in Compose with the audience set', async ({ app, server }) => {
  await openTemplates(app);
  await card(app, 'Monthly partner newsletter').getByTestId('template-preview-open').click();
  const modal = app.getByRole('dialog');
  await expect(modal.getByTestId('template-preview-subject')).toContainText('Northwind Affiliates partner news for');
  const first = await modal.getByTestId('template-preview-recipient').inputValue();
  await modal.getByTestId('template-preview-recipient').click();
  await app.getByRole('option').nth(2).click();
  await expect(modal.getByTestId('template-preview-recipient')).not.toHaveValue(first);
  const chosen = (await modal.getByTestId('template-preview-recipient').inputValue()).split(' · ')[0];
  const frame = modal.frameLocator('iframe[title="Template preview"]');
  await expect(frame.getByText(`Here is what matters for ${chosen} this month.`)).toBeVisible();
  await modal.getByRole('tab', { name: 'Text part' }).click();
  await expect(modal.getByTestId('template-preview-text')).toContainText('One thing to do');
  await expect(modal.getByTestId('template-preview-text')).toContainText('Unsubscribe');
  await shot(app, 'templates-preview');

  await modal.getByTestId('template-preview-use').click();
  await expect(app).toHaveURL(/#\/compose\/\d+$/);
  const id = Number(new URL(app.url()).hash.split('/').pop());
  await expect(app.getByTestId('editor-title')).toHaveText('Monthly partner newsletter');
  await expect(app.getByLabel('Subject')).toHaveValue('{network_name} partner news for {current_date}');
  await expect(app.getByTestId('audience-select')).toHaveValue(/^Active partners \(newsletter\) \(\d+\)$/);
  await expect(app.getByTestId('body-editor')).toContainText('What converts');
  await expect(app.getByTestId('save-state')).toContainText('Saved', { timeout: 15_000 });
  // Scheduling is not part of the app yet: the draft stays, ready to send, in the list.
  const m = await server.rpc('Messages.Get', id);
  expect(m.status).toBe('draft');
  expect(m.recipients.audienceId).not.toBeNull();
  const problems = await server.rpc('Messages.Validate', m);
  expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  await shot(app, 'templates-used-in-compose');
  const list = await server.rpc('Templates.List');
  expect(list[0]).toMatchObject({ name: 'Monthly partner newsletter', uses: 1 });
});

test('templates: an Offer Details template leaves the offers to pick', async ({ app, server }) => {
  await openTemplates(app);
  await card(app, 'New offer launch').getByTestId('template-use').click();
  await expect(app).toHaveURL(/#\/compose\/\d+$/);
  await expect(app.getByText('Offers (0)')).toBeVisible();
  const id = Number(new URL(app.url()).hash.split('/').pop());
  const m = await server.rpc('Messages.Get', id);
  expect(m.kind).toBe('offer_details');
  expect(m.offers ?? []).toEqual([]);
});

test('templates: save a message as a template, use it, find it first', async ({ app, server }) => {
  await app.getByTestId('nav-compose').click();
  await app.getByTestId('new-general').click();
  await expect(app).toHaveURL(/#\/compose\/\d+$/);
  await app.getByLabel('Subject').fill('Summer payout boost for {partner_name}');
  await app.getByTestId('message-name').fill(longName);
  await expect(app.getByTestId('save-state')).toContainText('Saved', { timeout: 15_000 });
  await shot(app, 'templates-compose-save-button');
  await app.getByTestId('save-as-template').click();
  await expect(app.getByTestId('save-as-template-name')).toHaveValue(longName);
  await app.getByTestId('save-as-template-confirm').click();
  await expect(app.getByText('Saved as a template')).toBeVisible();
  // The same name twice is refused in the dialog, with the reason.
  await app.getByTestId('save-as-template').click();
  await app.getByTestId('save-as-template-confirm').click();
  await expect(app.getByRole('dialog')).toContainText('already exists');
  await app.keyboard.press('Escape');

  await openTemplates(app);
  const mine = card(app, longName);
  await expect(mine).toContainText('Mine');
  await expect(mine).toContainText('Not used recently');
  await shot(app, 'templates-long-name');
  await mine.getByTestId('template-use').click();
  await expect(app).toHaveURL(/#\/compose\/\d+$/);
  await expect(app.getByLabel('Subject')).toHaveValue('Summer payout boost for {partner_name}');
  await openTemplates(app);
  await expect(app.getByTestId('template-card').first().getByTestId('template-name')).toHaveText(longName);
  await expect(app.getByTestId('template-card').first()).toContainText('Used once in 100 days');
  const list = await server.rpc('Templates.List');
  expect(list[0]).toMatchObject({ name: longName, uses: 1, builtIn: false });
});

test('templates: duplicate a built-in, edit the copy, delete it after confirming', async ({ app }) => {
  await openTemplates(app);
  const builtin = card(app, 'Compliance reminder');
  await builtin.getByTestId('template-more').click();
  await expect(app.getByTestId('template-delete')).toHaveCount(0);
  await expect(app.getByTestId('template-edit')).toHaveCount(0);
  await app.getByTestId('template-duplicate').click();
  await expect(app).toHaveURL(/#\/templates\/\d+$/);
  await expect(app.getByTestId('template-editor-title')).toHaveText('Copy of Compliance reminder');
  await app.getByLabel('Subject').fill('Compliance check {partner_nme}');
  await expect(app.getByLabel('Subject')).toHaveAttribute('aria-invalid', 'true');
  await expect(app.getByText('unknown macro {partner_nme}: did you mean {partner_name}?')).toBeVisible();
  await app.getByLabel('Subject').fill('Compliance check for {partner_name}');
  await expect(app.getByTestId('template-preview-subject')).toContainText(/Compliance check for \S/);
  await app.getByTestId('template-name-input').fill('Our compliance reminder');
  await app.getByTestId('template-save').click();
  await expect(app.getByText('Template saved')).toBeVisible();
  await shot(app, 'templates-editor');
  await app.setViewportSize({ width: 960, height: 600 });
  await shot(app, 'templates-editor-960');
  await app.setViewportSize({ width: 1400, height: 900 });

  // The "Template saved" notice sits over the bottom-right card's menu until it closes.
  await expect(app.getByText('Template saved')).toBeHidden({ timeout: 15_000 });
  await openTemplates(app);
  const copy = card(app, 'Our compliance reminder');
  await copy.getByTestId('template-more').click();
  await app.getByTestId('template-delete').click();
  await expect(app.getByRole('dialog')).toContainText('Our compliance reminder');
  await shot(app, 'templates-delete-confirm');
  await app.getByTestId('template-delete-confirm').click();
  await expect(card(app, 'Our compliance reminder')).toHaveCount(0);
  await expect(card(app, 'Compliance reminder')).toHaveCount(1);
});

test('templates: export mine, a broken import is refused whole with reasons, a good one imports', async ({ app, server }) => {
  const mine = await server.rpc('Templates.List');
  if (!mine.some((t) => t.name === longName)) {
    const copy = await server.rpc('Templates.Duplicate', mine.find((t) => t.builtIn)!.id);
    const t = await server.rpc('Templates.Get', copy);
    await server.rpc('Templates.Save', { ...t, name: longName });
  }
  await openTemplates(app);
  await app.getByTestId('templates-export').click();
  const text = await app.getByTestId('export-text').inputValue();
  const doc = JSON.parse(text) as { format: string; templates: { name: string; subject: string; kind: string }[] };
  expect(doc.format).toBe('commhub.templates');
  expect(doc.templates.map((t) => t.name)).toContain(longName);
  await shot(app, 'templates-export');
  await app.keyboard.press('Escape');

  const good = { ...doc.templates[0], name: 'Imported check-in' };
  const broken = { ...doc.templates[0], name: 'Broken one', subject: 'Hi {partner_nme}', kind: 'newsletter' };
  const file = JSON.stringify({ format: 'commhub.templates', version: 1, templates: [good, broken] }, null, 2);
  await app.getByTestId('templates-import').click();
  await app.getByTestId('import-text').fill(file);
  await app.getByTestId('import-run').click();
  const errors = app.getByTestId('import-errors');
  await expect(errors).toContainText('Nothing was imported');
  await expect(errors).toContainText('Template 2 “Broken one”, kind: "newsletter" is not a message kind');
  await shot(app, 'templates-import-errors');
  let list = await server.rpc('Templates.List');
  expect(list.some((t) => t.name === 'Imported check-in')).toBe(false);

  await app.getByTestId('import-text').fill(JSON.stringify({ format: 'commhub.templates', version: 1, templates: [good] }));
  await app.getByTestId('import-run').click();
  await expect(app.getByText('Templates imported')).toBeVisible();
  await expect(card(app, 'Imported check-in')).toBeVisible();
  list = await server.rpc('Templates.List');
  expect(list.filter((t) => t.name === 'Imported check-in')).toHaveLength(1);
});
