import { useState, type ReactNode } from 'react';
import { Alert, Button, Group, Paper, Progress as Bar, SimpleGrid, Text, Tooltip } from '@mantine/core';
import { IconPlayerPause, IconPlayerPlay, IconPlayerStop, IconRefresh } from '@tabler/icons-react';
import { Deliveries, type Progress } from '../../api/deliveries';
import { notifyError, notifySuccess } from '../../app/notify';
import { formatInt } from '../../lib/format';
import { deliveryColor, formatDuration, formatRate } from './format';

function StatBox({ label, id, color, children }: { label: string; id: string; color?: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} c={color} data-testid={`stat-${id}`}>
        {children}
      </Text>
    </div>
  );
}

/** A count, in its colour only when it is not zero. */
function Stat({ label, value, color, id }: { label: string; value: number; color?: string; id: string }) {
  return (
    <StatBox label={label} id={id} color={value ? color : undefined}>
      {formatInt(value)}
    </StatBox>
  );
}

/** The bar's sections, in this order, coloured like the statuses in the sent log. */
const BAR_SECTIONS = [
  ['sent', 'Sent'],
  ['failed', 'Failed'],
  ['blocked', 'Blocked'],
  ['skipped', 'Skipped'],
  ['unknown', 'Unknown'],
  ['cancelled', 'Cancelled'],
] as const;

/** Live progress of a run: bar, counters, rate, time left and the run's controls. */
export function ProgressCard({ p, onChanged }: { p: Progress; onChanged: () => void }) {
  const [busy, setBusy] = useState('');
  const pct = (n: number) => (p.total ? (100 * n) / p.total : 0);

  async function act(name: string, fn: () => Promise<unknown>, done?: string) {
    setBusy(name);
    try {
      await fn();
      if (done) notifySuccess(done, '');
      onChanged();
    } catch (e) {
      notifyError(name, e);
    } finally {
      setBusy('');
    }
  }

  const active = p.status === 'running' || p.status === 'paused';
  return (
    <Paper withBorder p="md" radius="md" data-testid="progress-card">
      <Bar.Root size="xl" aria-label="Run progress">
        {BAR_SECTIONS.map(([status, label]) => (
          <Tooltip key={status} label={`${label} ${p[status]}`}>
            <Bar.Section value={pct(p[status])} color={deliveryColor[status]} />
          </Tooltip>
        ))}
      </Bar.Root>
      <SimpleGrid cols={{ base: 3, sm: 4, lg: 8 }} mt="md">
        <Stat label="Sent" value={p.sent} color="teal" id="sent" />
        <Stat label="Failed" value={p.failed} color="red" id="failed" />
        <Stat label="Blocked" value={p.blocked} color="orange" id="blocked" />
        <Stat label="Skipped" value={p.skipped} id="skipped" />
        <Stat label="Unknown" value={p.unknown} color="grape" id="unknown" />
        <Stat label="Remaining" value={p.remaining} color="blue" id="remaining" />
        <StatBox label="Rate" id="rate">
          {formatRate(p.rate)}
        </StatBox>
        <StatBox label="Time left" id="eta">
          {p.status === 'running' ? formatDuration(p.etaSeconds) : '—'}
        </StatBox>
      </SimpleGrid>
      {p.slowedTo > 0 && p.status === 'running' && (
        <Text size="sm" c="orange" mt="xs">
          The server asked to slow down: sending at {formatRate(p.slowedTo)} until it recovers.
        </Text>
      )}
      {p.note && (
        <Alert mt="md" color={p.status === 'paused' ? 'yellow' : 'gray'} title={p.status === 'paused' ? 'Paused' : 'Note'} data-testid="run-note">
          <Text size="sm" style={{ wordBreak: 'break-word' }}>
            {p.note}
          </Text>
        </Alert>
      )}
      {p.unknown > 0 && (
        <Alert mt="md" color="grape" title={`${formatInt(p.unknown)} in flight when CommHub stopped`} data-testid="unknown-alert">
          <Text size="sm">
            These may or may not have arrived. Look their Message-ID up in your provider’s log (see the table below), then tell
            CommHub what happened. They are never sent again without your say.
          </Text>
          <Group mt="sm" gap="xs">
            <Button size="xs" variant="light" color="grape" loading={busy === 'Mark sent'} data-testid="resolve-sent"
              onClick={() => act('Mark sent', () => Deliveries.resolveUnknown(p.runId, [], 'sent'), 'Marked as sent')}>
              They arrived: mark all sent
            </Button>
            <Button size="xs" variant="outline" color="grape" loading={busy === 'Send again'} data-testid="resolve-requeue"
              onClick={() => act('Send again', () => Deliveries.resolveUnknown(p.runId, [], 'requeue'), 'Queued again')}>
              They did not: send again
            </Button>
          </Group>
        </Alert>
      )}
      <Group mt="md" gap="xs">
        {p.status === 'running' && (
          <Button leftSection={<IconPlayerPause size={16} />} variant="light" loading={busy === 'Pause'} data-testid="run-pause"
            onClick={() => act('Pause', () => Deliveries.pause(p.runId))}>
            Pause
          </Button>
        )}
        {p.status === 'paused' && (
          <Button leftSection={<IconPlayerPlay size={16} />} loading={busy === 'Resume'} data-testid="run-resume"
            onClick={() => act('Resume', () => Deliveries.resume(p.runId))}>
            Resume
          </Button>
        )}
        {active && (
          <Button leftSection={<IconPlayerStop size={16} />} variant="subtle" color="red" loading={busy === 'Cancel'} data-testid="run-cancel"
            onClick={() => window.confirm('Cancel this send? Recipients still queued will not get the message.') && act('Cancel', () => Deliveries.cancel(p.runId))}>
            Cancel send
          </Button>
        )}
        {p.failed > 0 && p.status !== 'running' && (
          <Button leftSection={<IconRefresh size={16} />} variant="light" color="red" loading={busy === 'Retry failed'} data-testid="run-retry"
            onClick={() => act('Retry failed', () => Deliveries.retryFailed(p.runId), 'Failed recipients queued again')}>
            Retry {formatInt(p.failed)} failed
          </Button>
        )}
      </Group>
    </Paper>
  );
}
