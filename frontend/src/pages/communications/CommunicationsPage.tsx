import { Stack, Tabs, Title } from '@mantine/core';
import { IconBan, IconCalendarTime, IconSend } from '@tabler/icons-react';
import { navigate, useRoute } from '../../app/route';
import { RunsList } from './RunsList';
import { RunView } from './RunView';
import { ScheduledList } from './ScheduledList';
import { SuppressionsPanel } from './SuppressionsPanel';

// #/communications: send runs; #/communications/run/<id>: one run's progress and sent log;
// #/communications/scheduled: messages waiting on a schedule; #/communications/suppressions:
// the suppression list.
export default function CommunicationsPage() {
  const route = useRoute();
  const runId = route.rest[0] === 'run' ? Number(route.rest[1]) : 0;
  if (Number.isInteger(runId) && runId > 0) return <RunView key={runId} id={runId} />;
  const tab = route.rest[0] === 'suppressions' || route.rest[0] === 'scheduled' ? route.rest[0] : 'runs';
  return (
    <Stack gap="md">
      <Title order={2}>Communications</Title>
      <Tabs value={tab} onChange={(v) => v && navigate('communications', v === 'runs' ? '' : v)} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="runs" leftSection={<IconSend size={16} />} data-testid="tab-runs">
            Sends
          </Tabs.Tab>
          <Tabs.Tab value="scheduled" leftSection={<IconCalendarTime size={16} />} data-testid="tab-scheduled">
            Scheduled
          </Tabs.Tab>
          <Tabs.Tab value="suppressions" leftSection={<IconBan size={16} />} data-testid="tab-suppressions">
            Suppression list
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="runs" pt="md">
          <RunsList />
        </Tabs.Panel>
        <Tabs.Panel value="scheduled" pt="md">
          <ScheduledList />
        </Tabs.Panel>
        <Tabs.Panel value="suppressions" pt="md">
          <SuppressionsPanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
