import type { Page } from '@playwright/test';
import { expect, shot, test } from './fixtures';
import { SmtpSink } from './smtpSink';
import { configureSending } from './sendSettings';

async function openCompose(app: Page) {
  await app.getByTestId('nav-compose').click();
  await expect(app.getByRole('heading', { name: 'Compose', level: 2 })).toBeVisible();
}

async function waitSaved(app: Page) {
  await expect(app.getByTestId('save-state')).toContainText('Saved', { timeout: 15_000 });
}

test('compose: the empty list invites to write a message', async ({ app }) => {
  await openCompose(app);
  await expect(app.getByTestId('compose-empty')).toContainText('No messages yet');
  await shot(app, 'compose-empty');
});

test('settings: every bad field is named, good ones save', async ({ app, server }) => {
  await app.getByTestId('nav-settings').click();
  await expect(app.getByRole('heading', { name: 'Settings', level: 2 })).toBeVisible();
  await app.getByTestId('settings-trackingDomain').fill('https://trk.example.com/x');
  await app.getByTestId('settings-unsubscribeBaseUrl').fill('javascript:alert(1)');
  await app.getByTestId('settings-save').click();
  const err = app.getByTestId('settings-error');
  await expect(err).toContainText('no https://');
  await expect(err).toContainText('unsubscribe base URL');
  await shot(app, 'settings-error');
  // Not the demo's own domain, so the check below proves the save.
  await app.getByTestId('settings-trackingDomain').fill('go.northwind.example');
  await app.getByTestId('settings-unsubscribeBaseUrl').fill('https://go.northwind.example/u');
  await app.getByTestId('settings-save').click();
  await expect(app.getByText('Settings saved')).toBeVisible();
  await expect(err).toBeHidden();
  const saved = await server.rpc('Settings.Get');
  expect(saved.trackingDomain).toBe('go.northwind.example');
});

test('compose: offer details with live validation, macro completion, blocked recipients and preview', async ({ app, server }) => {
  await configureSending(server);
  const offers = await server.rpc('Network.ListOffers', { visibility: 'require_approval', status: 'active', page: 1, pageSize: 50 });
  const offer = offers.items.filter((o) => o.approvedPartners > 0).sort((a, b) => b.approvedPartners - a.approvedPartners)[0];
  const partners = await server.rpc('Network.ListPartners', { page: 1, pageSize: 60, sort: 'id' });
  const ids = partners.items.map((p) => p.id);

  await openCompose(app);
  await app.getByTestId('new-offer-details').click();
  await expect(app.getByTestId('editor-title')).toBeVisible();

  // Live validation: a typo in the subject is reported with its place and a suggestion.
  await app.getByTestId('message-subject').fill('Hello {partner_nme}');
  await expect(app.getByTestId('problems')).toContainText('Subject, line 1, column 7');
  await expect(app.getByTestId('problems')).toContainText('did you mean {partner_name}');
  await expect(app.getByTestId('problems')).toContainText('at least one offer');
  await shot(app, 'compose-validation');

  await app.getByTestId('message-subject').fill('Hello {partner_name}, a new offer');
  // `{` opens macro completion in the body; Enter picks the highlighted macro.
  const body = app.getByTestId('body-editor');
  await body.click();
  await app.keyboard.press('End');
  await app.keyboard.type(' We picked {partner_fi');
  await expect(app.getByTestId('macro-completion')).toContainText('{partner_first_name}');
  await shot(app, 'compose-macro-completion');
  await app.keyboard.press('Enter');
  await expect(body).toContainText('We picked {partner_first_name}');

  await app.getByTestId('offer-picker').click();
  await app.getByTestId('offer-picker').fill(offer.name.slice(0, 12));
  await app.getByRole('option', { name: `${offer.name} (#${offer.id})` }).click();
  await expect(app.getByTestId('offer-card')).toContainText(offer.name);
  // A second offer, moved above the first: the cards follow the message's order.
  const other = offers.items.find((o) => o.id !== offer.id)!;
  await app.getByTestId('offer-picker').click();
  await app.getByTestId('offer-picker').fill(other.name.slice(0, 12));
  await app.getByRole('option', { name: `${other.name} (#${other.id})` }).click();
  await expect(app.getByTestId('offer-card')).toHaveCount(2);
  await app.getByRole('button', { name: `Move offer ${other.id} up` }).click();
  await expect(app.getByTestId('offer-card').first()).toContainText(other.name);

  await app.getByTestId('recipient-paste').fill(ids.join(', '));
  await app.getByTestId('recipient-paste').blur();
  await waitSaved(app);
  await expect(app.getByTestId('problems-none')).toBeVisible();
  const saved = await server.rpc('Messages.List').then((l) => server.rpc('Messages.Get', l[0].id));
  expect(saved.offers).toEqual([other.id, offer.id]);

  // The summary is the backend's own decision for the saved draft.
  const list = await server.rpc('Messages.List');
  const id = list[0].id;
  const el = await server.rpc('Messages.Eligibility', id);
  expect(el.blockedCount).toBeGreaterThan(0);
  await expect(app.getByTestId('eligible-count')).toHaveText(el.recipients.toLocaleString('en-US'));
  await expect(app.getByTestId('blocked-button')).toContainText(`${el.blockedCount} blocked`);
  await expect(app.getByTestId('skipped-button')).toContainText(`${el.skippedCount} skipped`);

  // Preview shows the backend's rendering for the first recipient, then the next one.
  const first = await server.rpc('Messages.Preview', id, ids[0]);
  await expect(app.getByTestId('preview-subject')).toContainText(first.subject);
  await expect(app.getByTestId('preview-position')).toHaveText(`1 / ${ids.length}`);
  await app.getByTestId('preview-next').click();
  await expect(app.getByTestId('preview-position')).toHaveText(`2 / ${ids.length}`);
  const second = await server.rpc('Messages.Preview', id, ids[1]);
  await expect(app.getByTestId('preview-subject')).toContainText(second.subject);
  await expect(app.getByTestId('preview-status')).toHaveText(second.status === 'ok' ? 'will receive' : second.status);
  await shot(app, 'compose-preview');

  await app.getByTestId('blocked-button').click();
  const modal = app.getByRole('dialog');
  await expect(modal).toContainText(`Blocked recipients (${el.blockedCount})`);
  await expect(modal).toContainText(offer.name);
  await shot(app, 'compose-blocked');
  await app.keyboard.press('Escape');

  // Nothing typed is lost: a reload shows the saved draft.
  await app.reload();
  await expect(app.getByTestId('message-subject')).toHaveValue('Hello {partner_name}, a new offer');
  await expect(app.getByTestId('body-editor')).toContainText('{partner_first_name}');
});

test('compose: long names and a long subject stay readable', async ({ app, server }) => {
  await configureSending(server);
  const found = await server.rpc('Network.ListPartners', { search: 'Extraordinarily', page: 1, pageSize: 5 });
  const bold = await server.rpc('Network.ListPartners', { search: 'Bold', page: 1, pageSize: 5 });
  const long = found.items[0];
  await openCompose(app);
  await app.getByTestId('new-general').click();
  await app.getByTestId('message-name').fill('A very long internal name for the quarterly partner newsletter of the whole network');
  await app.getByTestId('message-subject').fill('Big news for {partner_name} '.repeat(9));
  await expect(app.getByTestId('problems')).toContainText('too long');
  await app.getByTestId('recipient-paste').fill(`${long.id}\n${bold.items[0].id}`);
  await app.getByTestId('recipient-paste').blur();
  await waitSaved(app);
  await expect(app.getByTestId('preview-subject')).toContainText(long.name);
  await app.getByTestId('preview-next').click();
  // A partner named "<b>Bold</b> …" shows the tags as text in the subject line.
  await expect(app.getByTestId('preview-subject')).toContainText('<b>Bold</b>');
  await app.getByTestId('preview-prev').click();
  await expect(app.getByTestId('preview-subject')).toContainText(long.name);
  await shot(app, 'compose-long');
  await app.getByTestId('preview-width').getByText('Mobile').click();
  await expect(app.getByTestId('preview-frame')).toHaveCSS('width', '375px');
  await shot(app, 'compose-mobile');
  await app.getByTestId('nav-compose').click();
  await expect(app.getByTestId('message-row').first()).toContainText('A very long internal name');
  await shot(app, 'compose-list');
});

test('compose: editor tools — Macros menu, button, image by URL, HTML source, undo', async ({ app, server }) => {
  await configureSending(server);
  await openCompose(app);
  await app.getByTestId('new-general').click();
  // `{` completion works in the subject line too.
  await app.getByTestId('message-subject').click();
  await app.keyboard.type('News for {partner_fi');
  await expect(app.getByTestId('subject-completion')).toContainText('{partner_first_name}');
  await shot(app, 'compose-subject-completion');
  await app.keyboard.press('Enter');
  await expect(app.getByTestId('message-subject')).toHaveValue('News for {partner_first_name}');

  const body = app.getByTestId('body-editor');
  await body.click();
  await app.keyboard.press('End');

  await app.getByTestId('body-macros').click();
  await app.getByTestId('macro-account_manager_name').click();
  await expect(body).toContainText('{account_manager_name}');

  await app.getByRole('button', { name: 'Insert button' }).click();
  await app.getByLabel('Button text').fill('Open your dashboard');
  await app.getByLabel('Button link').fill('https://partners.northwind.example/');
  await app.getByRole('button', { name: 'Insert button', exact: true }).last().click();
  await expect(body.locator('a.button')).toHaveText('Open your dashboard');

  await app.getByRole('button', { name: 'Insert image' }).click();
  await app.getByLabel('Image URL').fill('https://cdn.northwind.example/banner.png');
  await app.getByLabel('Alternative text').fill('Banner');
  await app.getByRole('button', { name: 'Insert image', exact: true }).last().click();
  await expect(body.locator('img[alt="Banner"]')).toHaveAttribute('src', 'https://cdn.northwind.example/banner.png');

  // The HTML source view edits the same body; a non-http link is reported with its place.
  await app.getByTestId('source-toggle').click();
  const src = app.getByTestId('source-editor');
  await expect(src).toHaveValue(/class="button"/);
  const html = await src.inputValue();
  await src.fill(html + '<p><a href="javascript:alert(1)">bad</a></p>');
  await expect(app.getByTestId('problems')).toContainText('is not an http(s) link');
  await app.getByTestId('source-toggle').click();
  await expect(body.getByText('bad')).toBeVisible();

  await waitSaved(app);
  const list = await server.rpc('Messages.List');
  const saved = await server.rpc('Messages.Get', list[0].id);
  expect(saved.body).toContain('<a class="button" href="https://partners.northwind.example/">Open your dashboard</a>');
  expect(saved.body).toContain('<img src="https://cdn.northwind.example/banner.png" alt="Banner">');
  await shot(app, 'compose-tools');

  // Undo takes back the last edit.
  await body.click();
  await app.keyboard.press('End');
  await app.keyboard.type(' typo');
  await expect(body).toContainText(' typo');
  await app.getByRole('button', { name: 'Undo' }).click();
  await expect(body).not.toContainText('typo');
});

test('compose: test send and send now go through the configured SMTP server', async ({ app, server }) => {
  await configureSending(server);
  const sink = await new SmtpSink().start();
  try {
    await server.rpc('SMTP.Save', { id: 0, name: 'Local sink', host: '127.0.0.1', port: sink.port, tls: 'none', isDefault: true, concurrency: 1 }, null);
    const partners = await server.rpc('Network.ListPartners', { status: 'active', page: 1, pageSize: 1, sort: 'id' });
    const p = partners.items[0];
    const draft = await server.rpc('Messages.NewDraft', 'general');
    const id = await server.rpc('Messages.Save', {
      ...draft,
      subject: 'Monthly note for {partner_name}',
      body: '<p>Hello {partner_first_name|there}</p>',
      recipients: { audienceId: null, ids: [p.id], emails: [], excludeIds: [], excludeEmails: [] },
    });
    await app.goto(`${server.base}/#/compose/${id}`);
    await expect(app.getByTestId('preview-subject')).toContainText(p.name);
    await app.getByTestId('test-address').fill('manager@northwind.example');
    await app.getByTestId('test-send').click();
    await expect(app.getByText('Test sent')).toBeVisible();
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0].to[0]).toContain('manager@northwind.example');
    expect(sink.received[0].data).toMatch(/Subject: \[Test\] Monthly note for/);
    expect(sink.received[0].data).toContain('List-Unsubscribe');

    // Send now: the confirmation shows the backend's count, then the run delivers it.
    await app.getByTestId('send-now').click();
    await expect(app.getByTestId('send-confirm-button')).toHaveText('Send to 1');
    await app.getByTestId('send-confirm-button').click();
    await expect(app).toHaveURL(/#\/communications\/run\/\d+/);
    await expect.poll(() => sink.received.length, { timeout: 20_000 }).toBe(2);
    expect(sink.received[1].data).toMatch(/Subject: Monthly note for/);
    expect(sink.received[1].to[0]).toContain(p.email);

    // A sent message is read-only; duplicating it gives a new draft to send again.
    await app.goto(`${server.base}/#/compose/${id}`);
    await expect(app.getByTestId('sent-notice')).toBeVisible();
    await app.getByTestId('duplicate').click();
    await expect(app).not.toHaveURL(new RegExp(`#/compose/${id}$`));
    await expect(app.getByTestId('message-subject')).toHaveValue('Monthly note for {partner_name}');
    await expect(app.getByTestId('sent-notice')).toHaveCount(0);
  } finally {
    await sink.stop();
  }
});
