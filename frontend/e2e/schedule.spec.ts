import type { Page } from '@playwright/test';
import { expect, shot, test } from './fixtures';
import { SmtpSink } from './smtpSink';
import { configureSending, type Rpc } from './sendSettings';

test.use({ serverOptions: { demo: false } });

const RECIPIENTS = ['ann@example.test', 'bob@example.test', 'cid@example.test'];

async function newMessage(server: Rpc, name: string) {
  return server.rpc('Messages.Save', {
    id: 0, kind: 'general', recipientKind: 'partners', theme: 'blank', name, subject: name,
    fromName: 'Northwind', fromEmail: 'news@northwind.example', body: '<p>Hello,</p><p>Plans for the weekend.</p>',
    recipients: { ids: [], emails: RECIPIENTS, excludeIds: [], excludeEmails: [] }, offers: [],
  });
}

async function openMessage(app: Page, id: number) {
  await app.evaluate((h) => (window.location.hash = h), `/compose/${id}`);
  await expect(app.getByTestId('editor-title')).toBeVisible({ timeout: 30_000 });
}

/** HH:MM and YYYY-MM-DD of a time in UTC (the server's Settings zone in this spec). */
function wall(d: Date) {
  const iso = d.toISOString();
  return { day: iso.slice(0, 10), time: iso.slice(11, 16) };
}

test('schedule: a one-off send a minute ahead fires into Sent; a weekly recurrence shows its next five dates', async ({ app, server }) => {
  test.setTimeout(180_000);
  const sink = await new SmtpSink().start();
  try {
    await server.rpc('SMTP.Save', {
      id: 0, name: 'Sink', host: '127.0.0.1', port: sink.port, tls: 'none', username: '', concurrency: 2,
      perSecond: 0, perHour: 0, fromName: 'Northwind', fromEmail: 'news@northwind.example', isDefault: true,
    }, null);
    await configureSending(server);
    const s = await server.rpc('Settings.Get');
    await server.rpc('Settings.Save', { ...s, timeZone: 'UTC' });
    const once = await newMessage(server, 'Weekend newsletter');
    const weekly = await newMessage(server, 'Monday digest');

    // One-off, the next whole minute at least 30 s away.
    await openMessage(app, once);
    await app.getByTestId('schedule').click();
    const fire = new Date(Math.ceil((Date.now() + 30_000) / 60_000) * 60_000);
    const { day, time } = wall(fire);
    await app.getByTestId('schedule-day').fill(day);
    await app.getByTestId('schedule-at-time').fill(time);
    const next = app.getByTestId('schedule-next');
    await expect(next.getByRole('listitem')).toHaveCount(1);
    await shot(app, 'schedule-once-dialog');
    await app.getByTestId('schedule-confirm').click();
    await expect(app.getByTestId('scheduled-notice')).toContainText('Once on');
    await shot(app, 'schedule-message-scheduled');

    // In Scheduled with its audience size and time.
    await app.getByTestId('nav-communications').click();
    await app.getByTestId('tab-scheduled').click();
    const row = app.getByTestId(`scheduled-${once}`);
    await expect(row).toContainText('Weekend newsletter');
    await expect(row).toContainText('3');
    const h12 = String(((fire.getUTCHours() + 11) % 12) + 1).padStart(2, '0');
    await expect(row.getByTestId('scheduled-next')).toContainText(new RegExp(`${time}|${h12}:${time.slice(3)}\\s?[AP]M`));
    await shot(app, 'schedule-list');

    // It fires on its own into Sent, with its sent log.
    await expect.poll(async () => (await server.rpc('Deliveries.Runs', once)).map((r) => r.status).join(), { timeout: 120_000 }).toBe('done');
    // Pasted addresses that are not partners are skipped with a reason in the log; what
    // was sent is exactly what the server got.
    const [run] = await server.rpc('Deliveries.Runs', once);
    expect(run.totals.total).toBe(3);
    expect(sink.delivered.length).toBe(run.totals.sent);
    await expect(row).toHaveCount(0, { timeout: 15_000 });
    await app.getByTestId('tab-runs').click();
    await app.getByTestId('runs-table').getByText('Weekend newsletter').click();
    await expect(app.getByTestId('run-status')).toHaveText('done');
    await shot(app, 'schedule-fired-run');

    // The message's Activity tells it all.
    await openMessage(app, once);
    await app.getByRole('button', { name: 'Activity' }).click();
    const activity = app.getByTestId('activity');
    await expect(activity).toContainText('Scheduled');
    await expect(activity).toContainText('Started');
    await expect(activity).toContainText('Finished');

    // A weekly recurrence: Monday and Thursday at 09:00, ten sends.
    await openMessage(app, weekly);
    await app.getByTestId('schedule').click();
    await app.getByTestId('schedule-mode').getByText('Repeat').click();
    await app.getByTestId('schedule-days').getByText('Thu').click();
    await app.getByTestId('schedule-count').fill('10');
    const items = next.getByRole('listitem');
    await expect(items).toHaveCount(5);
    const dates = await items.allInnerTexts();
    for (const d of dates) expect(d).toMatch(/(Monday|Thursday).*09:00/);
    await shot(app, 'schedule-weekly-dialog');
    await app.getByTestId('schedule-confirm').click();
    await expect(app.getByTestId('scheduled-notice')).toContainText('Every Monday, Thursday at 09:00, 10 times');
    const listed = await server.rpc('Messages.Scheduled');
    expect(listed.find((e) => e.messageId === weekly)?.next).toHaveLength(5);

    // Editing a scheduled message takes it back to draft, and says so.
    await app.getByTestId('message-name').fill('Monday digest (edited)');
    await expect(app.getByTestId('scheduled-notice')).toHaveCount(0, { timeout: 10_000 });
    await expect(app.getByText('editing it took it back to draft')).toBeVisible();
    await shot(app, 'schedule-edited-back-to-draft');
  } finally {
    await sink.stop();
  }
});

test('schedule: list at both window sizes', async ({ app, server }) => {
  if ((await server.rpc('SMTP.List')).length === 0) {
    await server.rpc('SMTP.Save', {
      id: 0, name: 'Relay', host: '127.0.0.1', port: 2525, tls: 'none', username: '', concurrency: 1,
      perSecond: 0, perHour: 0, fromName: 'Northwind', fromEmail: 'news@northwind.example', isDefault: true,
    }, null);
    await configureSending(server);
  }
  const id = await newMessage(server, 'First Monday partner update with a rather long name that must not break the table');
  await server.rpc('Messages.Schedule', id, { cron: '0 9 * * MON#1', timeZone: 'Europe/Berlin' });
  for (const [w, h] of [[1280, 800], [960, 600]]) {
    await app.setViewportSize({ width: w, height: h });
    await app.getByTestId('nav-communications').click();
    await app.getByTestId('tab-scheduled').click();
    await expect(app.getByTestId(`scheduled-${id}`)).toContainText('First Monday of the month at 09:00');
    await shot(app, `schedule-list-${w}`);
  }
});
