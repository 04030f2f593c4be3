import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconFlask, IconPlugConnectedX } from '@tabler/icons-react';
import { Network } from '../api/network';
import { useAsync } from '../lib/useAsync';
import { formatInt } from '../lib/format';
import { useDataVersion } from './dataVersion';
import { notifyError, notifySuccess } from './notify';

// Tells the user the network on screen is the seeded demo (or that demo rows remain next to
// their own data, and how many), with the one action to clear them.
// It also owns the app-wide notice for a refused token or an unreachable server, since it
// asks for Network.Summary first on every start.
export function DemoNotice() {
  const { version, bump } = useDataVersion();
  const summary = useAsync(() => Network.summary(), [version]);
  const [confirming, setConfirming] = useState(false);
  const [clearing, setClearing] = useState(false);

  const e = summary.error;
  if (e && (e.code === 'unauthorized' || e.code === 'network')) {
    return (
      <Alert
        color="red"
        icon={<IconPlugConnectedX />}
        mb="md"
        role="alert"
        data-testid="connection-notice"
        title={e.code === 'unauthorized' ? 'CommHub refused this browser' : 'CommHub is not reachable'}
      >
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Text size="sm" style={{ wordBreak: 'break-word' }}>
            {e.message}
          </Text>
          <Button color="red" variant="light" size="xs" onClick={summary.reload}>
            Retry
          </Button>
        </Group>
      </Alert>
    );
  }
  if (!summary.data?.demo) return null;
  const s = summary.data;

  async function clear() {
    setClearing(true);
    try {
      await Network.clearDemo();
      setConfirming(false);
      notifySuccess(
        'Demo data cleared',
        s.ownData
          ? 'Only your own partners, advertisers and offers remain.'
          : 'The network is empty now: import your partners or sync from your network.',
      );
      bump();
    } catch (err) {
      notifyError('Clearing the demo data failed', err);
    } finally {
      setClearing(false);
    }
  }

  const d = s.demoRows;
  const counts = `${formatInt(d.partners)} partners, ${formatInt(d.advertisers)} advertisers and ${formatInt(d.offers)} offers`;
  return (
    <>
      <Alert
        color="yellow"
        icon={<IconFlask />}
        mb="md"
        title={s.ownData ? 'Demo data remains next to your own' : 'You are looking at demo data'}
        data-testid="demo-notice"
      >
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Text size="sm">
            {s.ownData
              ? `${counts} of the demo network are still here, with their approvals and stats. Clearing them keeps everything you imported or synced.`
              : `${counts} were generated so you can try CommHub. Clear them before you bring your own network.`}
          </Text>
          <Button color="yellow" variant="filled" size="xs" onClick={() => setConfirming(true)}>
            Clear demo data
          </Button>
        </Group>
      </Alert>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Clear the demo network?" centered>
        <Stack>
          <Text size="sm">
            This removes the demo&apos;s {counts}, with their approvals and statistics. It cannot be undone.
            {s.ownData ? ' Your imported and synced data stays.' : ''}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} disabled={clearing}>
              Keep demo data
            </Button>
            <Button color="red" onClick={clear} loading={clearing} data-testid="confirm-clear-demo">
              Clear demo data
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
