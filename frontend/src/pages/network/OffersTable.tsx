import { Anchor, Table, Text } from '@mantine/core';
import { Network, VISIBILITIES, type Facets } from '../../api/network';
import { useAsync } from '../../lib/useAsync';
import { formatInt, formatMoney } from '../../lib/format';
import { useDataVersion } from '../../app/dataVersion';
import { useListState } from '../../components/useListState';
import { ListFrame } from '../../components/ListFrame';
import { SortHeader } from '../../components/SortHeader';
import { Truncated } from '../../components/Truncated';
import { StatusBadge } from '../../components/Badges';
import { Toolbar } from './Toolbar';
import { ImportLink } from './ImportLink';
import { ExportButton, exportFilters } from './import/ExportButton';
import { fromValues, plain } from './options';

const FILTERS = ['status', 'visibility', 'category', 'advertiser'];

export function OffersTable({ facets }: { facets: Facets | undefined }) {
  const { version } = useDataVersion();
  const list = useListState('name', FILTERS);
  const { filters: f } = list;
  const res = useAsync(
    () =>
      Network.listOffers({
        search: list.debouncedSearch,
        status: f.status,
        visibility: f.visibility,
        category: f.category,
        advertiser: f.advertiser ? Number(f.advertiser) : 0,
        sort: list.sort,
        page: list.page,
        pageSize: list.pageSize,
      }),
    [list.debouncedSearch, f, list.sort, list.page, list.pageSize, version],
  );
  // The advertiser filter lists advertisers by name; a network has dozens, not thousands.
  const advertisers = useAsync(() => Network.listAdvertisers({ sort: 'name', page: 1, pageSize: 500 }), [version]);

  const sortProps = { sort: list.sort, onSort: list.setSort };
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
      <Table.Td>
        <Text size="sm" c="dimmed">
          {o.id}
        </Text>
      </Table.Td>
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
    <ListFrame
      noun="offers"
      list={list}
      total={res.data?.total}
      loading={res.loading}
      error={res.error}
      onRetry={res.reload}
      minWidth={1050}
      emptyAction={<ImportLink />}
      toolbar={
        <Toolbar
          list={list}
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
          extra={<ExportButton table="offers" filters={exportFilters(list.debouncedSearch, list.filters)} />}
        />
      }
      head={head}
      rows={rows}
    />
  );
}
