import { useState } from 'react';
import { Badge, Button, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { IconDownload, IconSearch } from '@tabler/icons-react';
import { Deliveries, deliveryStatuses, download, type DeliveryRow } from '../../api/deliveries';
import { notifyError } from '../../app/notify';
import { ListFrame } from '../../components/ListFrame';
import { Truncated } from '../../components/Truncated';
import { useListState } from '../../components/useListState';
import { useAsync } from '../../lib/useAsync';
import { deliveryColor } from './format';
import { TimeCell } from './TimeCell';

const FILTERS = ['status'];

/** The per-recipient log of a run: filter by status, search, page, export. */
export function SentLog({ runId, version }: { runId: number; version: number }) {
  const list = useListState('id', FILTERS);
  const status = list.filters.status;
  const page = useAsync(
    () => Deliveries.recipients(runId, status, list.debouncedSearch, list.page, list.pageSize),
    [runId, status, list.debouncedSearch, list.page, list.pageSize, version],
  );
  const [exporting, setExporting] = useState(false);

  async function exportCsv() {
    setExporting(true);
    try {
      download(`commhub-run-${runId}${status ? '-' + status : ''}.csv`, await Deliveries.exportCsv(runId, status, list.debouncedSearch));
    } catch (e) {
      notifyError('Export', e);
    } finally {
      setExporting(false);
    }
  }

  const toolbar = (
    <Group justify="space-between" wrap="wrap">
      <Group wrap="wrap">
        <TextInput
          placeholder="Search name, address or reply"
          leftSection={<IconSearch size={16} />}
          value={list.search}
          onChange={(e) => list.setSearch(e.currentTarget.value)}
          w={280}
          aria-label="Search recipients"
          data-testid="log-search"
        />
        <Select
          placeholder="Any status"
          data={deliveryStatuses}
          value={status || null}
          onChange={(v) => list.setFilter('status', v)}
          clearable
          w={160}
          aria-label="Status"
          data-testid="log-status"
        />
      </Group>
      <Button variant="default" leftSection={<IconDownload size={16} />} loading={exporting} onClick={exportCsv} data-testid="log-export">
        Export CSV
      </Button>
    </Group>
  );

  const head = (
    <Table.Tr>
      <Table.Th w="30%">Recipient</Table.Th>
      <Table.Th w={100}>Status</Table.Th>
      <Table.Th>Reason or server reply</Table.Th>
      <Table.Th w={84} visibleFrom="lg">
        Attempts
      </Table.Th>
      <Table.Th w={180}>Time</Table.Th>
    </Table.Tr>
  );
  const rows = (page.data?.rows ?? []).map((d: DeliveryRow) => (
    <Table.Tr key={d.id} data-testid="log-row">
      <Table.Td>
        <Truncated text={d.name} w="100%" />
        <Truncated text={d.email} w="100%" size="xs" />
        <Text size="xs" c="dimmed">
          {d.kind} {d.recipientId}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge color={deliveryColor[d.status]} variant="light">
          {d.status}
        </Badge>
      </Table.Td>
      <Table.Td>
        {/* A server's reply is what the user came for: up to three lines, the rest in the tooltip. */}
        {d.reason || d.status !== 'sent' ? (
          <Text size="sm" lineClamp={3} title={d.reason || '—'} style={{ overflowWrap: 'anywhere' }}>
            {d.reason || '—'}
          </Text>
        ) : (
          <Text size="sm">Accepted by the server</Text>
        )}
        {(d.status === 'unknown' || d.status === 'sent') && d.messageIdHeader && (
          <Text size="xs" c="dimmed" truncate="end" title={d.messageIdHeader}>
            Message-ID {d.messageIdHeader}
          </Text>
        )}
      </Table.Td>
      <Table.Td visibleFrom="lg">{d.attempts}</Table.Td>
      <TimeCell at={d.sentAt ?? d.updatedAt} sub={d.attempts > 1 ? `${d.attempts} attempts` : undefined} subHiddenFrom="lg" />
    </Table.Tr>
  ));

  return (
    <ListFrame
      noun="recipients"
      list={list}
      total={page.data?.total}
      loading={page.loading}
      error={page.error}
      onRetry={page.reload}
      toolbar={toolbar}
      head={head}
      rows={rows}
      minWidth={600}
    />
  );
}
