import { useRef, useState } from 'react';
import { Alert, Badge, Button, Group, Paper, Progress as Bar, Select, Stack, Table, Text, EmptyState } from '@mantine/core';
import { IconAlertTriangle, IconInbox, IconSend } from '@tabler/icons-react';
import { Deliveries, type RunSummary } from '../../api/deliveries';
import { Events } from '../../api/transport';
import { Messages } from '../../api/messages';
import { navigate } from '../../app/route';
import { notifyError } from '../../app/notify';
import { Truncated } from '../../components/Truncated';
import { formatInt } from '../../lib/format';
import { useAsync } from '../../lib/useAsync';
import { useEvent } from '../../lib/useEvent';
import { runColor } from './format';
import { TimeCell } from './TimeCell';

/** The send runs, newest first, live while they send, and a way to start one. */
export function RunsList() {
  const runs = useAsync(() => Deliveries.runs(0), []);
  // Progress events arrive a few times a second; reload the list at most once a second.
  const last = useRef(0);
  useEvent(Events.DeliveryProgress, () => {
    const now = Date.now();
    if (now - last.current > 1000) {
      last.current = now;
      runs.reload();
    }
  });

  return (
    <Stack gap="md">
      <SendNow sentBefore={new Set((runs.data ?? []).map((r) => r.messageId))} onSent={(id) => navigate('communications', 'run', String(id))} />
      {runs.error && !runs.data && (
        <Alert color="red" icon={<IconAlertTriangle />} title="Could not load the sends" data-testid="runs-error">
          {runs.error.message}
        </Alert>
      )}
      {runs.data && runs.data.length === 0 && (
        <EmptyState
          my="xl"
          icon={<IconInbox size={28} />}
          withIndicatorBackground
          title="Nothing sent yet"
          description="Choose a message above and send it. Every send appears here with its progress and a log per recipient."
          data-testid="runs-empty"
        />
      )}
      {runs.data && runs.data.length > 0 && (
        // Fits the 960 px window (Sent, Failed and Profile join the progress cell there);
        // narrower than minWidth it scrolls in its frame with the scrollbar shown.
        <Table.ScrollContainer minWidth={600} scrollAreaProps={{ type: 'auto', offsetScrollbars: 'x' }}>
          <Table highlightOnHover verticalSpacing="xs" layout="fixed" data-testid="runs-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={60}>Run</Table.Th>
                <Table.Th>Subject</Table.Th>
                <Table.Th w={100}>Status</Table.Th>
                <Table.Th w={170}>Progress</Table.Th>
                <Table.Th w={70} visibleFrom="lg">Sent</Table.Th>
                <Table.Th w={70} visibleFrom="lg">Failed</Table.Th>
                <Table.Th w={130} visibleFrom="lg">Profile</Table.Th>
                <Table.Th w={180}>Started</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {runs.data.map((r) => (
                <RunRow key={r.id} run={r} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function RunRow({ run }: { run: RunSummary }) {
  const t = run.totals;
  const done = t.total - t.queued - t.sending;
  return (
    <Table.Tr style={{ cursor: 'pointer' }} onClick={() => navigate('communications', 'run', String(run.id))} data-testid={`run-row-${run.id}`}>
      <Table.Td>#{run.id}</Table.Td>
      <Table.Td>
        <Truncated text={run.subject} w="100%" fw={500} />
        {run.note && <Truncated text={run.note} w="100%" size="xs" c="dimmed" />}
      </Table.Td>
      <Table.Td>
        <Badge color={runColor[run.status]} variant="light">
          {run.status}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Bar value={t.total ? (100 * done) / t.total : 100} size="sm" aria-label={`Run ${run.id} progress`} />
        <Text size="xs" c="dimmed">
          {formatInt(done)} of {formatInt(t.total)}
        </Text>
        <Text size="xs" c="dimmed" hiddenFrom="lg" truncate="end" title={run.profileName}>
          {formatInt(t.sent)} sent ·{' '}
          <Text span inherit c={t.failed ? 'red' : undefined}>
            {formatInt(t.failed)} failed
          </Text>
          {run.profileName ? ` · ${run.profileName}` : ''}
        </Text>
      </Table.Td>
      <Table.Td visibleFrom="lg">{formatInt(t.sent)}</Table.Td>
      <Table.Td visibleFrom="lg" c={t.failed ? 'red' : undefined}>
        {formatInt(t.failed)}
      </Table.Td>
      <Table.Td visibleFrom="lg">
        <Truncated text={run.profileName} w="100%" />
      </Table.Td>
      <TimeCell at={run.createdAt} />
    </Table.Tr>
  );
}

/** Picks a message and sends it now. */
function SendNow({ sentBefore, onSent }: { sentBefore: Set<number>; onSent: (runId: number) => void }) {
  const messages = useAsync(() => Messages.list(), []);
  const [id, setId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A message sent before is sent again from its own page, where the dialog says who got it.
  const data = (messages.data ?? [])
    .filter((m) => m.status !== 'sent' && m.status !== 'sending' && !sentBefore.has(m.id))
    .map((m) => ({
      value: String(m.id),
      label: `${m.subject || m.name || `Message ${m.id}`} (${m.status})`,
    }));

  async function send() {
    if (!id) return;
    setBusy(true);
    try {
      onSent(await Deliveries.send(Number(id)));
    } catch (e) {
      notifyError('Send', e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="md" radius="md">
      <Group align="flex-end" wrap="wrap">
        <Select
          label="Send a message now"
          placeholder={data.length ? 'Choose a message' : 'No messages yet: write one in Compose'}
          data={data}
          value={id}
          onChange={setId}
          searchable
          style={{ flex: 1, minWidth: 260 }}
          data-testid="send-message-select"
        />
        <Button leftSection={<IconSend size={16} />} disabled={!id} loading={busy} onClick={send} data-testid="send-now">
          Send now
        </Button>
      </Group>
      <Text size="xs" c="dimmed" mt={6}>
        The recipients are fixed the moment you press Send: blocked and skipped ones are logged with the reason.
      </Text>
    </Paper>
  );
}
