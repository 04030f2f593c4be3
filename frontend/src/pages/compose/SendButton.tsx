import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { Deliveries } from '../../api/deliveries';
import { Messages, type Eligibility } from '../../api/messages';
import { navigate } from '../../app/route';
import { notifyError } from '../../app/notify';

interface Props {
  messageId: number;
  /** False while the draft has problems or unsaved changes. */
  ready: boolean;
  /** Saves pending changes first. */
  flush: () => Promise<void>;
}

/** Sends the message now, after showing who will get it and who will not. */
export function SendButton({ messageId, ready, flush }: Props) {
  const [e, setE] = useState<Eligibility | null>(null);
  const [busy, setBusy] = useState(false);

  async function open() {
    setBusy(true);
    try {
      await flush();
      setE(await Messages.eligibility(messageId));
    } catch (err) {
      notifyError('Checking the recipients', err);
    } finally {
      setBusy(false);
    }
  }

  async function send() {
    setBusy(true);
    try {
      const runId = await Deliveries.send(messageId);
      setE(null);
      navigate('communications', 'run', String(runId));
    } catch (err) {
      notifyError('Send', err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button leftSection={<IconSend size={16} />} disabled={!ready} loading={busy && !e} onClick={open} data-testid="send-now" style={{ flexShrink: 0 }}>
        Send now…
      </Button>
      <Modal opened={e !== null} onClose={() => setE(null)} title="Send this message now?" data-testid="send-confirm">
        {e && (
          <Stack gap="sm">
            <Text>
              <b>{e.recipients.toLocaleString()}</b> of {e.total.toLocaleString()} recipients will receive it.
            </Text>
            {(e.blockedCount > 0 || e.skippedCount > 0) && (
              <Alert color="orange" py="xs">
                {e.blockedCount.toLocaleString()} blocked (not approved for an offer) and {e.skippedCount.toLocaleString()} skipped will not. The
                rule is checked again for every recipient as it is sent.
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setE(null)}>
                Cancel
              </Button>
              <Button leftSection={<IconSend size={16} />} disabled={e.recipients === 0} loading={busy} onClick={send} data-testid="send-confirm-button">
                Send to {e.recipients.toLocaleString()}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
