import { useState } from 'react';
import { Alert, Anchor, Badge, Button, EmptyState, Group, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconCalendarOff, IconCalendarTime, IconPlayerSkipForward, IconSend } from '@tabler/icons-react';
import { Deliveries } from '../../api/deliveries';
import { Events } from '../../api/transport';
import { Messages, type ScheduledEntry } from '../../api/messages';
import { navigate } from '../../app/route';
import { notifyError, notifySuccess } from '../../app/notify';
import { formatInt } from '../../lib/format';
import { describeSchedule } from '../../lib/recurrence';
import { useAsync } from '../../lib/useAsync';
import { useEvent } from '../../lib/useEvent';
import { formatFireTime } from '../compose/ScheduleModal';

/** Messages waiting on a schedule: missed sends to decide on first, then soonest first. */
export function ScheduledList() {
  const list = useAsync(() => Messages.scheduled(), []);
  const [busy, setBusy] = useState('');
  useEvent(Events.ScheduleStarted, () => list.reload());
  useEvent(Events.ScheduleMissed, () => list.reload());

  async function act(key: string, what: string, fn: () => Promise<unknown>) {
    setBusy(key);
    try {
      await fn();
    } catch (e) {
      notifyError(what, e);
    } finally {
      setBusy('');
      list.reload();
    }
  }

  const unschedule = (e: ScheduledEntry) =>
    act(`u${e.messageId}`, 'Unscheduling', async () => {
      await Messages.unschedule(e.messageId);
      notifySuccess('Unscheduled', `“${e.name || e.subject}” is a draft again.`);
    });
  // Send now replaces the schedule: a message has one send at a time.
  const sendNow = (e: ScheduledEntry) =>
    act(`s${e.messageId}`, 'Send now', async () => {
      await Messages.unschedule(e.messageId);
      const run = await Deliveries.send(e.messageId);
      navigate('communications', 'run', String(run));
    });
  const resolve = (e: ScheduledEntry, at: string, action: 'send' | 'skip') =>
    act(`${action}${e.messageId}${at}`, action === 'send' ? 'Sending the missed send' : 'Skipping', async () => {
      const run = await Messages.resolveMissed(e.messageId, at, action);
      if (action === 'send') navigate('communications', 'run', String(run));
    });

  if (list.error && !list.data) {
    return (
      <Alert color="red" icon={<IconAlertTriangle />} title="Could not load the scheduled messages">
        {list.error.message}
      </Alert>
    );
  }
  if (list.data && list.data.length === 0) {
    return (
      <EmptyState
        my="xl"
        icon={<IconCalendarTime size={28} />}
        withIndicatorBackground
        title="Nothing scheduled"
        description="Open a message in Compose and choose Schedule… to send it later or on a recurrence."
        data-testid="scheduled-empty"
      />
    );
  }
  return (
    <Table.ScrollContainer minWidth={640} scrollAreaProps={{ type: 'auto', offsetScrollbars: 'x' }}>
      <Table verticalSpacing="xs" layout="fixed" data-testid="scheduled-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Message</Table.Th>
            <Table.Th>When</Table.Th>
            <Table.Th w={90}>Audience</Table.Th>
            <Table.Th w={156}></Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data?.map((e) => (
            <Table.Tr key={e.messageId} data-testid={`scheduled-${e.messageId}`}>
              <Table.Td>
                <Anchor onClick={() => navigate('compose', String(e.messageId))} lineClamp={1}>
                  {e.name || e.subject || `Message ${e.messageId}`}
                </Anchor>
                <Text size="xs" c="dimmed" lineClamp={1}>
                  {describeSchedule(e.schedule)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Stack gap={4}>
                  {e.missed.map((at) => (
                    <Group key={at} gap={6}>
                      <Badge color="orange" variant="light" maw="none">
                        Missed
                      </Badge>
                      <Text size="xs">{formatFireTime(at, e.schedule.timeZone, true)}</Text>
                      <Button size="compact-xs" leftSection={<IconSend size={12} />} loading={busy === `send${e.messageId}${at}`} onClick={() => resolve(e, at, 'send')} data-testid="missed-send">
                        Send now
                      </Button>
                      <Button size="compact-xs" variant="default" leftSection={<IconPlayerSkipForward size={12} />} onClick={() => resolve(e, at, 'skip')} data-testid="missed-skip">
                        Skip
                      </Button>
                    </Group>
                  ))}
                  {e.next.slice(0, 2).map((n, i) => (
                    <Text key={n} size={i === 0 ? 'sm' : 'xs'} c={i === 0 ? undefined : 'dimmed'} data-testid={i === 0 ? 'scheduled-next' : undefined}>
                      {i === 0 ? 'Next: ' : 'Then: '}
                      {formatFireTime(n, e.schedule.timeZone, true)}
                    </Text>
                  ))}
                </Stack>
              </Table.Td>
              <Table.Td>{formatInt(e.audienceSize)}</Table.Td>
              <Table.Td>
                <Stack gap={6} align="stretch">
                  <Button size="compact-sm" variant="light" leftSection={<IconSend size={14} />} loading={busy === `s${e.messageId}`} onClick={() => sendNow(e)} data-testid="scheduled-send-now">
                    Send now
                  </Button>
                  <Button size="compact-sm" variant="default" leftSection={<IconCalendarOff size={14} />} loading={busy === `u${e.messageId}`} onClick={() => unschedule(e)} data-testid="scheduled-unschedule">
                    Unschedule
                  </Button>
                </Stack>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
