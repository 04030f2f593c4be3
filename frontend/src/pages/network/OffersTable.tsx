import { Anchor, Table, Text } from '@mantine/core';
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

  const head = (
    <Table.Tr>
      <SortHeader field="id" w={70} {...sortProps}>
        ID
      </SortHeader>
      <SortHeader field="name" {...sortProps}>
        Name
      </SortHeader>
      <SortHeader field="status" w={100} {...sortProps}>
        Status
      </SortHeader>
      <SortHeader field="visibility" w={150} {...sortProps}>
        Visibility
      </SortHeader>
      <SortHeader field="category" w={120} {...sortProps}>
        Category
      </SortHeader>
      <Table.Th w={150}>Advertiser</Table.Th>
      <SortHeader field="payout" w={100} align="right" {...sortProps}>
        Payout
      </SortHeader>
      <SortHeader field="revenue" w={100} align="right" {...sortProps}>
        Revenue
      </SortHeader>
      <Table.Th w={90} ta="right">
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
      </Table.Td>
      <Table.Td>
        <StatusBadge value={o.status} />
      </Table.Td>
      <Table.Td>
        <StatusBadge value={o.visibility} />
      </Table.Td>
      <Table.Td>
        <Truncated text={o.category} w="100%" />
      </Table.Td>
      <Table.Td>
        <Truncated text={o.advertiserName} w="100%" />
      </Table.Td>
      <Table.Td ta="right">
        <Text size="sm">{formatMoney(o.payoutCents, o.currency)}</Text>
      </Table.Td>
      <Table.Td ta="right">
        <Text size="sm">{formatMoney(o.revenueCents, o.currency)}</Text>
      </Table.Td>
      <Table.Td ta="right">
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
