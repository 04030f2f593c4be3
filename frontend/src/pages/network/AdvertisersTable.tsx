import { Table, Text } from '@mantine/core';
import { Network, PARTNER_STATUSES, type Facets } from '../../api/network';
import { formatInt } from '../../lib/format';
import { SortHeader } from '../../components/SortHeader';
import { Truncated } from '../../components/Truncated';
import { StatusBadge, TagList } from '../../components/Badges';
import { IdCell, NetworkTable, idFilter, useNetworkList } from './NetworkTable';
import { fromValues, managers, plain } from './options';

const FILTERS = ['status', 'tag', 'manager'];

export function AdvertisersTable({ facets }: { facets: Facets | undefined }) {
  const { list, res, sortProps } = useNetworkList(FILTERS, (paging, f) =>
    Network.listAdvertisers({ ...paging, status: f.status, tag: f.tag, manager: idFilter(f.manager) }),
  );

  // The contact shares the name's cell so the table fits the 960 px minimum window, where
  // Manager (a filter) is left out.
  const head = (
    <Table.Tr>
      <SortHeader field="id" w={64} {...sortProps}>
        ID
      </SortHeader>
      <SortHeader field="name" {...sortProps}>
        Name and contact
      </SortHeader>
      <SortHeader field="status" w={104} {...sortProps}>
        Status
      </SortHeader>
      <Table.Th w={170}>Tags</Table.Th>
      <Table.Th w={140} visibleFrom="lg">
        Manager
      </Table.Th>
      <SortHeader field="offers" w={90} align="right" {...sortProps}>
        Offers
      </SortHeader>
    </Table.Tr>
  );

  const rows = (res.data?.items ?? []).map((a) => (
    <Table.Tr key={a.id} data-testid="advertiser-row">
      <IdCell id={a.id} />
      <Table.Td>
        <Truncated text={a.name} fw={500} w="100%" />
        <Truncated text={[a.contactName, a.contactEmail].filter(Boolean).join(' · ')} c="dimmed" size="xs" w="100%" />
      </Table.Td>
      <Table.Td>
        <StatusBadge value={a.status} />
      </Table.Td>
      <Table.Td style={{ overflow: 'hidden' }}>
        <TagList tags={a.tags} max={2} />
      </Table.Td>
      <Table.Td visibleFrom="lg">
        <Truncated text={a.accountManagerName} w="100%" />
      </Table.Td>
      <Table.Td ta="right">
        <Text size="sm">{formatInt(a.offers)}</Text>
      </Table.Td>
    </Table.Tr>
  ));

  return (
    <NetworkTable
      table="advertisers"
      list={list}
      res={res}
      placeholder="Search name, contact, ID"
      filters={[
        { key: 'status', label: 'Status', options: fromValues(PARTNER_STATUSES) },
        { key: 'tag', label: 'Tag', options: plain(facets?.tags), searchable: true },
        { key: 'manager', label: 'Manager', options: managers(facets), searchable: true },
      ]}
      head={head}
      rows={rows}
    />
  );
}
