import { expect, shot, test } from './fixtures';
import { configureSending } from './sendSettings';
import { SmtpSink } from './smtpSink';

const SUBJECT = 'December tiers for {partner_name}';

test('a sent message is sent again only on purpose, by default to those who did not get it', async ({ app, server }) => {
  await configureSending(server);
  const page = await server.rpc('Network.ListPartners', { status: 'active', page: 1, pageSize: 20, sort: 'id' });
  const partners = page.items.filter((p) => !p.unsubscribed && p.email).slice(0, 5);
  const refused = partners[2].email.toLowerCase();
  // The server refuses one recipient the first time only: after the first send, that one
  // is the only partner who did not get the message.
  const sink = await new SmtpSink((rcpt, n) => (rcpt === refused && n === 1 ? '554 5.7.1 refused by policy today' : undefined)).start();
  try {
    await server.rpc('SMTP.Save', { id: 0, name: 'Local sink', host: '127.0.0.1', port: sink.port, tls: 'none', isDefault: true, concurrency: 1 }, null);
    const draft = await server.rpc('Messages.NewDraft', 'general');
    const id = await server.rpc('Messages.Save', {
      ...draft,
      subject: SUBJECT,
      body: '<p>Hello {partner_first_name|there}, the new tiers start on Monday.</p>',
      recipients: { audienceId: null, ids: partners.map((p) => p.id), emails: [], excludeIds: [], excludeEmails: [] },
    });

    // The first send, from the editor.
    await app.goto(`${server.base}/#/compose/${id}`);
    await app.getByTestId('send-now').click();
    await expect(app.getByTestId('send-confirm-button')).toHaveText('Send to 5');
    await app.getByTestId('send-confirm-button').click();
    await expect(app).toHaveURL(/#\/communications\/run\/\d+/);
    await expect(app.getByTestId('run-status')).toHaveText('done', { timeout: 20_000 });
    const first = await server.rpc('Deliveries.Progress', 1);
    expect(first).toMatchObject({ sent: 4, failed: 1 });

    // Sent: the ordinary send is gone from its page, the Sends page does not offer it, and
    // the bridge refuses it too.
    await app.goto(`${server.base}/#/compose/${id}`);
    await expect(app.getByTestId('sent-notice')).toBeVisible();
    await expect(app.getByTestId('send-now')).toHaveCount(0);
    await expect(app.getByTestId('send-again')).toBeVisible();
    await shot(app, 'send-again-sent-message');
    await expect(server.rpc('Deliveries.Send', id)).rejects.toThrow(/send again/);

    // Send again: the dialog says who already got it; the default reaches only the rest.
    await app.getByTestId('send-again').click();
    const dialog = app.getByTestId('send-again-dialog');
    await expect(app.getByTestId('send-again-already')).toHaveText('4 recipients already got it (1 earlier send).');
    await expect(dialog.getByLabel('Only those who did not get it (1)')).toBeChecked();
    await expect(dialog.getByLabel('Everyone again, including those who got it (5)')).not.toBeChecked();
    await expect(app.getByTestId('send-again-confirm')).toHaveText('Send to 1');
    await shot(app, 'send-again-dialog');
    await app.getByTestId('send-again-everyone').click();
    await expect(app.getByTestId('send-again-confirm')).toHaveText('Send to 5');
    await app.getByTestId('send-again-missing').click();
    await app.getByTestId('send-again-confirm').click();
    await expect(app).toHaveURL(/#\/communications\/run\/2$/);
    await expect(app.getByTestId('run-status')).toHaveText('done', { timeout: 20_000 });
    await expect(app.getByTestId('stat-sent')).toHaveText('1');
    await shot(app, 'send-again-run');

    const perAddress = new Map<string, number>();
    for (const d of sink.delivered) perAddress.set(d.to, (perAddress.get(d.to) ?? 0) + 1);
    expect(Object.fromEntries(perAddress)).toEqual(Object.fromEntries(partners.map((p) => [p.email.toLowerCase(), 1])));

    // Nobody is left: the default choice has nothing to send.
    await app.goto(`${server.base}/#/compose/${id}`);
    await app.getByTestId('send-again').click();
    await expect(app.getByTestId('send-again-already')).toHaveText('5 recipients already got it (2 earlier sends).');
    await expect(app.getByTestId('send-again-confirm')).toBeDisabled();
    await app.keyboard.press('Escape');

    await app.getByTestId('nav-communications').click();
    await app.getByTestId('send-message-select').click();
    await expect(app.getByRole('option', { name: /December tiers/ })).toHaveCount(0);
  } finally {
    await sink.stop();
  }
});
