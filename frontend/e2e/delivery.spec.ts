import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, shot, test } from './fixtures';
import { SmtpSink } from './smtpSink';
import { configureSending } from './sendSettings';

const LONG_SUBJECT =
  'November payout update for every partner in the Northwind network, with the new tiers, the holiday schedule and a very long explanation that never seems to end';

async function openCommunications(app: Page) {
  await app.getByTestId('nav-communications').click();
  await expect(app.getByRole('heading', { name: 'Communications', level: 2 })).toBeVisible();
}

test('communications: empty states of sends, suppression list and SMTP profiles', async ({ app }) => {
  await openCommunications(app);
  await expect(app.getByTestId('runs-empty')).toContainText('Nothing sent yet');
  await shot(app, 'delivery-runs-empty');
  await app.getByTestId('tab-suppressions').click();
  await expect(app.getByTestId('empty-none')).toContainText('No suppressions yet');
  await shot(app, 'delivery-suppressions-empty');
  await app.getByTestId('nav-settings').click();
  await expect(app.getByTestId('smtp-empty')).toBeVisible();
  await shot(app, 'delivery-smtp-empty');
});

test('smtp profile: bad input is named, a failed test shows the reason, a good one saves', async ({ app, server }) => {
  const sink = await new SmtpSink().start();
  try {
    await app.getByTestId('nav-settings').click();
    await app.getByTestId('smtp-add').click();
    await app.getByTestId('smtp-name').fill('Local relay');
    await app.getByTestId('smtp-host').fill('smtp://bad host');
    await app.getByTestId('smtp-save').click();
    await expect(app.getByTestId('smtp-error')).toContainText('is not a host name');
    await shot(app, 'delivery-smtp-error');

    await app.getByTestId('smtp-host').fill('127.0.0.1');
    await app.getByTestId('smtp-tls').click();
    await app.getByRole('option', { name: /None/ }).click();
    await app.getByTestId('smtp-port').fill('1'); // nothing listens there
    await app.getByTestId('smtp-test').click();
    await expect(app.getByTestId('smtp-test-result')).toContainText('Connection failed');
    await expect(app.getByTestId('smtp-test-result')).toContainText('cannot reach 127.0.0.1:1');
    await shot(app, 'delivery-smtp-test-failed');

    await app.getByTestId('smtp-port').fill(String(sink.port));
    await app.getByTestId('smtp-test').click();
    await expect(app.getByTestId('smtp-test-result')).toContainText('Connected');
    await app.getByTestId('smtp-save').click();
    await expect(app.getByTestId('smtp-row')).toContainText('Local relay');
    await expect(app.getByTestId('smtp-row')).toContainText(`127.0.0.1:${sink.port}`);
    await app.evaluate(() => window.scrollTo(0, 0));
    await shot(app, 'delivery-smtp-saved');
    const list = await server.rpc('SMTP.List');
    expect(list).toEqual([expect.objectContaining({ name: 'Local relay', isDefault: true })]);
    await server.rpc('SMTP.Delete', (await server.rpc('SMTP.List'))[0].id);
  } finally {
    await sink.stop();
  }
});

test('send: live progress, pause and resume, sent log with filters, search, export and retry', async ({ app, server }) => {
  await configureSending(server);
  const page = await server.rpc('Network.ListPartners', { status: 'active', page: 1, pageSize: 40, sort: 'id' });
  const partners = page.items.filter((p) => !p.unsubscribed && p.email).slice(0, 12);
  const bounce = partners[3].email.toLowerCase();
  const refused = partners[5].email.toLowerCase();
  const sink = await new SmtpSink((rcpt, n) => {
    if (rcpt === bounce) return '550 5.1.1 no such user here';
    if (rcpt === refused && n === 1) return '554 5.7.1 message refused by policy';
    return undefined;
  }).start();
  try {
    await server.rpc('SMTP.Save', {
      id: 0, name: 'Sink', host: '127.0.0.1', port: sink.port, tls: 'none', username: '', concurrency: 1,
      perSecond: 3, perHour: 0, fromName: 'Northwind', fromEmail: 'news@northwind.example', isDefault: true,
    }, null);
    await server.rpc('Messages.Save', {
      id: 0, kind: 'general', recipientKind: 'partners', theme: 'blank', subject: LONG_SUBJECT,
      fromName: 'Northwind', fromEmail: 'news@northwind.example', body: '<p>Hi {partner_name},</p><p>New tiers start on Monday.</p>',
      recipients: { ids: partners.map((p) => p.id), emails: [], excludeIds: [], excludeEmails: [] }, offers: [],
    });

    await openCommunications(app);
    await app.getByTestId('send-message-select').click();
    await app.getByRole('option', { name: /November payout/ }).click();
    await app.getByTestId('send-now').click();
    await expect(app.getByTestId('run-subject')).toContainText('November payout');
    await expect(app.getByTestId('run-status')).toHaveText('running');
    await expect.poll(() => sink.delivered.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    await app.getByTestId('run-pause').click();
    await expect(app.getByTestId('run-status')).toHaveText('paused');
    await expect(app.getByTestId('run-note')).toContainText('paused by the user');
    const atPause = sink.delivered.length;
    await shot(app, 'delivery-run-paused');
    await app.waitForTimeout(1000);
    expect(sink.delivered.length, 'nothing goes out while paused').toBe(atPause);

    await app.getByTestId('run-resume').click();
    await expect(app.getByTestId('run-status')).toHaveText('done', { timeout: 30_000 });
    const done = await server.rpc('Deliveries.Progress', 1);
    expect(done.failed).toBe(2);
    expect(done.sent).toBe(sink.delivered.length);
    await expect(app.getByTestId('stat-sent')).toHaveText(String(done.sent));
    await expect(app.getByTestId('stat-failed')).toHaveText('2');
    await expect(app.getByTestId('total-total')).toHaveText(String(done.total));
    await expect(app.getByTestId('run-chart')).toBeVisible();
    await shot(app, 'delivery-run-done');

    // The log: filter failed, read the server's reply, search, export.
    await app.getByTestId('log-status').click();
    await app.getByRole('option', { name: 'failed', exact: true }).click();
    await expect(app.getByTestId('log-row')).toHaveCount(2);
    await expect(app.getByTestId('recipients-table')).toContainText('550 5.1.1 no such user here');
    await expect(app.getByTestId('recipients-table')).toContainText('554 5.7.1 message refused by policy');
    await shot(app, 'delivery-log-failed');
    await app.getByTestId('log-search').fill(bounce);
    await expect(app.getByTestId('log-row')).toHaveCount(1);
    const download = app.waitForEvent('download');
    await app.getByTestId('log-export').click();
    const file = await (await download).path();
    const csv = readFileSync(file!, 'utf8');
    expect(csv.split('\n')[0]).toContain('recipient_kind,recipient_id,name,email,status,reason');
    expect(csv).toContain(bounce);
    expect(csv.trim().split('\n')).toHaveLength(2);
    await app.getByTestId('log-search').fill('');

    // Retry failed: the policy refusal goes through now; the hard bounce is on the
    // suppression list since its 5.1.1, so the retry skips it instead of sending.
    await app.getByTestId('run-retry').click();
    await expect.poll(async () => (await server.rpc('Deliveries.Progress', 1)).sent, { timeout: 20_000 }).toBe(done.sent + 1);
    await expect(app.getByTestId('run-status')).toHaveText('done');
    await expect(app.getByTestId('stat-failed')).toHaveText('0');
    await app.getByTestId('log-status').click();
    await app.getByRole('option', { name: 'skipped', exact: true }).click();
    await expect(app.getByTestId('log-row').filter({ hasText: bounce })).toContainText('suppressed: bounced');
    const perAddress = new Map<string, number>();
    for (const d of sink.delivered) perAddress.set(d.to, (perAddress.get(d.to) ?? 0) + 1);
    expect([...perAddress.values()].every((n) => n === 1), 'no address got the run twice').toBe(true);

    // The hard bounce went to the suppression list.
    await app.getByTestId('back-to-runs').click();
    await expect(app.getByTestId('run-row-1')).toContainText('done');
    await shot(app, 'delivery-runs-list');
    await app.getByTestId('tab-suppressions').click();
    await expect(app.getByTestId('sup-row')).toContainText(bounce);
    await expect(app.getByTestId('sup-row')).toContainText('bounced');
  } finally {
    await sink.stop();
  }
});

test('suppressions: a bad address is refused, CSV import lists bad rows, export has the list', async ({ app }) => {
  await openCommunications(app);
  await app.getByTestId('tab-suppressions').click();
  await app.getByTestId('sup-add-email').fill('not-an-address');
  await app.getByTestId('sup-add').click();
  await expect(app.getByText('is not an email address')).toBeVisible();
  await shot(app, 'delivery-suppression-error');
  await app.getByTestId('sup-add-email').fill('Manual.Block@Example.com');
  await app.getByTestId('sup-add').click();
  await expect(app.getByTestId('sup-row').filter({ hasText: 'manual.block@example.com' })).toBeVisible();

  const csvPath = path.join(tmpdir(), `commhub-sup-${Date.now()}.csv`);
  writeFileSync(
    csvPath,
    'email,reason,note\n' +
      'ok1@example.com,complained,"Complained through the feedback loop of a very large mailbox provider, twice, in one week"\n' +
      'broken@,bounced,\n' +
      'ok2@example.com,spam,\n' +
      'ok3@example.com,,\n',
  );
  const chooser = app.waitForEvent('filechooser');
  await app.getByTestId('sup-import').click();
  await (await chooser).setFiles(csvPath);
  const result = app.getByTestId('sup-import-result');
  await expect(result).toContainText('2 added');
  await expect(result).toContainText('line 3: "broken@" is not an email address');
  await expect(result).toContainText('line 4: "spam" is not a suppression reason');
  await shot(app, 'delivery-suppression-import');

  await app.getByTestId('sup-reason').click();
  await app.getByRole('option', { name: /complained/ }).click();
  await expect(app.getByTestId('sup-row')).toHaveCount(1);
  const download = app.waitForEvent('download');
  await app.getByTestId('sup-export').click();
  const csv = readFileSync((await (await download).path())!, 'utf8');
  expect(csv).toContain('ok1@example.com,complained');
  expect(csv).toContain('manual.block@example.com,manual');
  expect(csv).not.toContain('broken@');
});
