import { Stack, Tabs, Text, Title } from '@mantine/core';
import { IconCloudDownload, IconFileImport } from '@tabler/icons-react';
import { navigate, useRoute } from '../../../app/route';
import { ImportWizard } from './ImportWizard';
import { SyncPanel } from './SyncPanel';

// #/import[/sync]: bring the network's data in from a file or from Everflow.
export default function ImportPage() {
  const route = useRoute();
  const tab = route.rest[0] === 'sync' ? 'sync' : 'file';
  return (
    <Stack gap="md">
      <div>
        <Title order={2}>Import &amp; sync</Title>
        <Text c="dimmed" size="sm">
          Bring partners, advertisers, offers, approvals and daily stats in from a CSV or Excel file, or straight from
          Everflow. Rows are matched by the network&apos;s own IDs, so importing the same file again changes nothing.
        </Text>
      </div>
      <Tabs value={tab} onChange={(v) => navigate('import', ...(v === 'sync' ? ['sync'] : []))} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="file" leftSection={<IconFileImport size={16} />} data-testid="tab-import-file">
            Import a file
          </Tabs.Tab>
          <Tabs.Tab value="sync" leftSection={<IconCloudDownload size={16} />} data-testid="tab-sync">
            Everflow sync
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="file" pt="md">
          <ImportWizard />
        </Tabs.Panel>
        <Tabs.Panel value="sync" pt="md">
          <SyncPanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
