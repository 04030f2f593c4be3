import { Alert, Badge, Card, Group, Loader, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { Audiences, type Rules, type SampleResult } from '../../api/audiences';
import type { ApiError } from '../../api/transport';
import { StatusBadge } from '../../components/Badges';
import { Truncated } from '../../components/Truncated';
import { formatInt, formatMoney } from '../../lib/format';
import { METRIC_LABELS, MONEY_METRICS } from './options';
import { useLive } from './useLive';

interface Props {
  rules: Rules;
  rulesKey: string;
  /** Receives the backend's verdict on the rules (undefined when they are valid). */
  error: ApiError | undefined;
  count: number | undefined;
  counting: boolean;
}

/** The live count and a searchable sample of who the rules select. */
export function LivePreview({ rules, rulesKey, error, count, counting }: Props) {
  const [search, setSearch] = useState('');
  const sample = useLive({ rules, search }, rulesKey + '\n' + search, (i) => Audiences.sample(i.rules, i.search, 25));
  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Title order={4}>Who this reaches</Title>
          {(counting || sample.pending) && <Loader size="xs" aria-label="Updating" />}
        </Group>
        {error ? (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} title="This rule needs fixing" data-testid="rules-error">
            {error.message}
          </Alert>
        ) : (
          <Text size="xl" fw={700} data-testid="live-count" style={{ opacity: counting ? 0.5 : 1 }}>
            {count === undefined ? '…' : `${formatInt(count)} ${rules.kind === 'advertisers' ? 'advertisers' : 'partners'}`}
          </Text>
        )}
        <TextInput aria-label="Search the sample" placeholder="Search name, e-mail or ID" leftSection={<IconSearch size={14} />}
          size="xs" value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
        {!error && <SampleTable data={sample.data} />}
      </Stack>
    </Card>
  );
}

function SampleTable({ data }: { data: SampleResult | undefined }) {
  if (!data) return null;
  if (data.items.length === 0) {
    return <Text size="sm" c="dimmed" data-testid="sample-empty">Nobody matches.</Text>;
  }
  const metric = data.metric;
  const show = (v: number | null) => (v === null ? '—' : metric && MONEY_METRICS.includes(metric) ? formatMoney(v) : formatInt(v));
  return (
    <Stack gap={4}>
      <Table striped highlightOnHover fz="xs" layout="fixed" data-testid="sample">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>E-mail</Table.Th>
            <Table.Th w={90}>Status</Table.Th>
            {metric && <Table.Th w={100} style={{ textAlign: 'right' }}>{METRIC_LABELS[metric]}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.items.map((it) => (
            <Table.Tr key={it.id}>
              <Table.Td><Truncated text={it.name} w="100%" size="xs" /></Table.Td>
              <Table.Td><Truncated text={it.email} w="100%" size="xs" /></Table.Td>
              <Table.Td><StatusBadge value={it.status} /></Table.Td>
              {metric && <Table.Td style={{ textAlign: 'right' }}>{show(it.metric)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed">
        Showing {data.items.length} of {formatInt(data.total)} <Badge size="xs" variant="light">sample</Badge>
      </Text>
    </Stack>
  );
}
