import { useState } from 'react';
import { Alert, Button, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { IconRepeat } from '@tabler/icons-react';
import { Deliveries, type AgainPreview } from '../../api/deliveries';
import { navigate } from '../../app/route';
import { notifyError } from '../../app/notify';

type Choice = 'missing' | 'everyone';

const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/**
 * Sends a message that was sent before once more. It is a separate, explicit step: the
 * dialog says how many already got it and offers, by default, only those who did not.
 */
export function SendAgainButton({ messageId }: { messageId: number }) {
  const [p, setP] = useState<AgainPreview | null>(null);
  const [choice, setChoice] = useState<Choice>('missing');
  const [busy, setBusy] = useState(false);

  async function open() {
    setBusy(true);
    try {
      setChoice('missing');
      setP(await Deliveries.sendAgainPreview(messageId));
    } catch (err) {
      notifyError('Checking who already got it', err);
    } finally {
      setBusy(false);
    }
  }

  async function send() {
    setBusy(true);
    try {
      const runId = await Deliveries.sendAgain(messageId, choice === 'missing');
      setP(null);
      navigate('communications', 'run', String(runId));
    } catch (err) {
      notifyError('Send again', err);
    } finally {
      setBusy(false);
    }
  }

  const count = p ? (choice === 'missing' ? p.wouldSend : p.everyone) : 0;
  return (
    <>
      <Button variant="light" leftSection={<IconRepeat size={16} />} loading={busy && !p} onClick={open} data-testid="send-again" style={{ flexShrink: 0 }}>
        Send again…
      </Button>
      <Modal opened={p !== null} onClose={() => setP(null)} title="Send this message again?" data-testid="send-again-dialog">
        {p && (
          <Stack gap="sm">
            <Text data-testid="send-again-already">
              <b>{plural(p.alreadySent, 'recipient', 'recipients')}</b> already got it ({plural(p.runs, 'earlier send', 'earlier sends')}).
            </Text>
            {p.uncertain > 0 && (
              <Alert color="orange" py="xs">
                {plural(p.uncertain, 'recipient', 'recipients')} may have got it: the send was interrupted while it went out. Only those who did not get
                it leaves them out.
              </Alert>
            )}
            <Radio.Group value={choice} onChange={(v) => setChoice(v as Choice)} label="Send to">
              <Stack gap={6} mt={6}>
                <Radio value="missing" label={`Only those who did not get it (${p.wouldSend.toLocaleString()})`} data-testid="send-again-missing" />
                <Radio value="everyone" label={`Everyone again, including those who got it (${p.everyone.toLocaleString()})`} data-testid="send-again-everyone" />
              </Stack>
            </Radio.Group>
            {count === 0 && (
              <Text size="sm" c="dimmed">
                Nobody is left to send it to.
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setP(null)}>
                Cancel
              </Button>
              <Button leftSection={<IconRepeat size={16} />} disabled={count === 0} loading={busy} onClick={send} data-testid="send-again-confirm">
                Send to {count.toLocaleString()}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
