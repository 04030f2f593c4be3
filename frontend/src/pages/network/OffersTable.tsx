import { Anchor, Stack, Table, Text } from '@mantine/core';
import { Network, VISIBILITIES, type Facets } from '../../api/network';
import { useAsync } from '../../lib/useAsync';
import { formatInt, formatMoney } from '../../lib/format';
import { SortHeader } from '../../components/SortHeader';
import { Truncated } from '../../components/Truncated';
import { StatusBadge } from '../../components/Badges';
import { IdCell, NetworkTable, idFilter, useNetworkList } from './NetworkTable';
import { fromValues, plain } from './options';

const FILTERS = ['status', 'visibility', 'category', 'advertiser'];

export function OffersTable({ facets }: { facets: Facets | undefined }) {
  const { list, res, version, sortProps } = useNetworkList(FILTERS, (paging, f) =>
    Network.listOffers({
      ...paging,
      status: f.status,
      visibility: f.visibility,
      category: f.category,
      advertiser: idFilter(f.advertiser),
    }),
  );
  // The advertiser filter lists advertisers by name; a network has dozens, not thousands.
  const advertisers = useAsync(() => Network.listAdvertisers({ sort: 'name', page: 1, pageSize: 500 }), [version]);

  // The advertiser shares the name's cell, and visibility the status's, so the table fits
  // the desktop window; the 960 px minimum leaves out Category (a filter) and Approved.
  const head = (
    <Table.Tr>
      <SortHeader field="id" w={64} {...sortProps}>
        ID
      </SortHeader>
      <SortHeader field="name" {...sortProps}>
        Name and advertiser
      </SortHeader>
      <SortHeader field="status" w={170} second={{ field: 'visibility', label: 'Visibility' }} {...sortProps}>
        Status
      </SortHeader>
      <SortHeader field="category" w={120} visibleFrom="lg" {...sortProps}>
        Category
      </SortHeader>
      <SortHeader field="payout" w={96} align="right" {...sortProps}>
        Payout
      </SortHeader>
      <SortHeader field="revenue" w={100} align="right" {...sortProps}>
        Revenue
      </SortHeader>
      <Table.Th w={96} ta="right" visibleFrom="md">
        Approved
      </Table.Th>
    </Table.Tr>
  );

  const rows = (res.data?.items ?? []).map((o) => (
    <Table.Tr key={o.id} data-testid="offer-row">
      <IdCell id={o.id} />
      <Table.Td>
        {o.previewUrl ? (
          <Anchor href={o.previewUrl} target="_blank" rel="noreferrer" size="sm" fw={500} truncate="end" title={o.name} display="block">
            {o.name}
          </Anchor>
        ) : (
          <Truncated text={o.name} fw={500} w="100%" />
        )}
        <Truncated text={o.advertiserName} c="dimmed" size="xs" w="100%" />
      </Table.Td>
      <Table.Td>
        <Stack gap={4} align="flex-start">
          <StatusBadge value={o.status} />
          <StatusBadge value={o.visibility} />
        </Stack>
      </Table.Td>
      <Table.Td visibleFrom="lg">
        <Truncated text={o.category} w="100%" />
      </Table.Td>
      <Table.Td ta="right">
        <Text size="sm">{formatMoney(o.payoutCents, o.currency)}</Text>
      </Table.Td>
      <Table.Td ta="right">
        <Text size="sm">{formatMoney(o.revenueCents, o.currency)}</Text>
      </Table.Td>
      <Table.Td ta="right" visibleFrom="md">
        <Text size="sm">{formatInt(o.approvedPartners)}</Text>
      </Table.Td>
    </Table.Tr>
  ));

  return (
    <NetworkTable
      table="offers"
      list={list}
      res={res}
      placeholder="Search name, ID"
      filters={[
        { key: 'status', label: 'Status', options: fromValues(facets?.offerStatuses) },
        { key: 'visibility', label: 'Visibility', options: fromValues(VISIBILITIES) },
        { key: 'category', label: 'Category', options: plain(facets?.categories), searchable: true },
        {
          key: 'advertiser',
          label: 'Advertiser',
          options: (advertisers.data?.items ?? []).map((a) => ({ value: String(a.id), label: a.name })),
          searchable: true,
        },
      ]}
      head={head}
      rows={rows}
    />
  );
}
