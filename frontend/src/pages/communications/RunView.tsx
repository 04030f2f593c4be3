import { useEffect, useRef, useState } from 'react';
import { Alert, Anchor, Badge, Grid, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { AreaChart } from '@mantine/charts';
import { IconAlertTriangle, IconArrowLeft } from '@tabler/icons-react';
import { Deliveries, type Progress } from '../../api/deliveries';
import { Events } from '../../api/transport';
import { navigate } from '../../app/route';
import { formatInt } from '../../lib/format';
import { useAsync } from '../../lib/useAsync';
import { useEvent } from '../../lib/useEvent';
import { ProgressCard } from './ProgressCard';
import { SentLog } from './SentLog';
import { formatTime, runColor } from './format';

/** One run: live progress and controls, totals, sends over time and the per-recipient log. */
export function RunView({ id }: { id: number }) {
  const detail = useAsync(() => Deliveries.run(id), [id]);
  const [progress, setProgress] = useState<Progress>();
  const [logVersion, setLogVersion] = useState(0);
  const lastReload = useRef(0);

  const refresh = () => {
    Deliveries.progress(id).then(setProgress, () => undefined);
    detail.reload();
    setLogVersion((v) => v + 1);
  };
  useEffect(() => {
    Deliveries.progress(id).then(setProgress, () => undefined);
  }, [id]);
  useEvent(Events.DeliveryProgress, (p) => {
    if (p.runId !== id) return;
    setProgress(p);
    // The chart and the table follow at most every two seconds, and once at the end.
    const now = Date.now();
    if (p.status !== 'running' || now - lastReload.current > 2000) {
      lastReload.current = now;
      detail.reload();
      setLogVersion((v) => v + 1);
    }
  });

  const run = detail.data;
  if (detail.error && !run) {
    return (
      <Stack>
        <Back />
        <Alert color="red" icon={<IconAlertTriangle />} title="Cannot show this send" data-testid="run-error">
          {detail.error.message}
        </Alert>
      </Stack>
    );
  }
  if (!run) return <Loader />;
  const status = progress?.status ?? run.status;
  const chart = run.series.map((p) => ({ at: formatTime(p.at), Sent: p.sent, Failed: p.failed }));
  return (
    <Stack gap="md">
      <Back />
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div style={{ minWidth: 0 }}>
          <Title order={2} style={{ overflowWrap: 'anywhere' }} data-testid="run-subject">
            {run.subject || `Message ${run.messageId}`}
          </Title>
          <Text size="sm" c="dimmed">
            Run #{run.id} · message {run.messageId} · via {run.profileName || `profile ${run.profileId}`} · started {formatTime(run.createdAt)}
            {run.finishedAt ? ` · finished ${formatTime(run.finishedAt)}` : ''} · {formatInt(run.resolved)} recipients resolved
          </Text>
        </div>
        <Badge size="lg" color={runColor[status]} variant="light" style={{ flexShrink: 0 }} data-testid="run-status">
          {status}
        </Badge>
      </Group>
      {progress && <ProgressCard p={progress} onChanged={refresh} />}
      {/* Chart and totals side by side from md; stacked (each full width) below. */}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Paper withBorder p="md" radius="md" h="100%">
            <Text fw={600} mb="xs">
              Sends over time
            </Text>
            {chart.length ? (
              <AreaChart h={200} data={chart} dataKey="at" series={[{ name: 'Sent', color: 'teal.6' }, { name: 'Failed', color: 'red.6' }]}
                curveType="linear" withDots={false} data-testid="run-chart" />
            ) : (
              <Text size="sm" c="dimmed" data-testid="chart-empty">
                Nothing sent yet.
              </Text>
            )}
            {run.bucketSeconds > 0 && (
              <Text size="xs" c="dimmed">
                One point per {run.bucketSeconds} s.
              </Text>
            )}
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder p="md" radius="md" h="100%">
            <Text fw={600} mb="xs">
              Totals
            </Text>
            {(['total', 'sent', 'failed', 'blocked', 'skipped', 'unknown', 'cancelled', 'queued'] as const).map((k) => (
              <Group key={k} justify="space-between">
                <Text size="sm" tt="capitalize">
                  {k}
                </Text>
                <Text size="sm" fw={600} data-testid={`total-${k}`}>
                  {formatInt(run.totals[k])}
                </Text>
              </Group>
            ))}
          </Paper>
        </Grid.Col>
      </Grid>
      <SentLog runId={id} version={logVersion} />
    </Stack>
  );
}

function Back() {
  return (
    <Anchor size="sm" onClick={() => navigate('communications')} data-testid="back-to-runs">
      <Group gap={4}>
        <IconArrowLeft size={14} /> All sends
      </Group>
    </Anchor>
  );
}
