import { useState } from 'react';
import { Button, type ButtonProps } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { Deliveries } from '../../api/deliveries';
import { navigate } from '../../app/route';
import { notifyError } from '../../app/notify';

interface Props extends ButtonProps {
  messageId: number;
  /** Asked before sending; return false to stop. Defaults to a confirmation naming the message. */
  confirm?: () => boolean;
}

/**
 * "Send now" for any page that shows a message (the composer drops it in): starts a send
 * run and opens its progress view. The backend snapshots the recipients and refuses a
 * message with problems, naming them.
 */
export function SendNowButton({ messageId, confirm, ...rest }: Props) {
  const [busy, setBusy] = useState(false);
  async function send() {
    const ok = confirm ? confirm() : window.confirm('Send this message to all its recipients now?');
    if (!ok) return;
    setBusy(true);
    try {
      const runId = await Deliveries.send(messageId);
      navigate('communications', 'run', String(runId));
    } catch (e) {
      notifyError('Send', e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Button leftSection={<IconSend size={16} />} loading={busy} onClick={send} data-testid="send-now-button" {...rest}>
      Send now
    </Button>
  );
}
