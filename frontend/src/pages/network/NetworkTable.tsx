import type { ReactNode } from 'react';
import { Table, Text } from '@mantine/core';
import type { Page } from '../../api/network';
import type { ImportKind } from '../../api/imports';
import { useAsync, type AsyncState } from '../../lib/useAsync';
import { useDataVersion } from '../../app/dataVersion';
import { useListState, type Filters, type ListState } from '../../components/useListState';
import { ListFrame } from '../../components/ListFrame';
import { Toolbar, type FilterDef } from './Toolbar';
import { ImportLink } from './ImportLink';
import { ExportButton, exportFilters } from './import/ExportButton';

/** Search, sort and paging: the part of the query every network table sends. */
export interface Paging {
  search: string;
  sort: string;
  page: number;
  pageSize: number;
}

/** A filter that holds an ID (an employee, an advertiser) as a number; 0 = any. */
export const idFilter = (value: string): number => (value ? Number(value) : 0);

/**
 * The list state of one network table and its rows, reloaded whenever the search, filters,
 * sort, page or the data behind it change. load maps the table's own filters to its query.
 */
export function useNetworkList<T>(filterKeys: string[], load: (paging: Paging, filters: Filters) => Promise<Page<T>>) {
  const { version } = useDataVersion();
  const list = useListState('name', filterKeys);
  const res = useAsync(
    () => load({ search: list.debouncedSearch, sort: list.sort, page: list.page, pageSize: list.pageSize }, list.filters),
    [list.debouncedSearch, list.filters, list.sort, list.page, list.pageSize, version],
  );
  const sortProps = { sort: list.sort, onSort: list.setSort };
  return { list, res, version, sortProps };
}

/** The dimmed ID cell that starts every network row. */
export function IdCell({ id }: { id: number }) {
  return (
    <Table.Td>
      <Text size="sm" c="dimmed">
        {id}
      </Text>
    </Table.Td>
  );
}

interface Props {
  /** The table's name: the noun in messages and the export kind. */
  table: Extract<ImportKind, 'partners' | 'advertisers' | 'offers'>;
  list: ListState;
  res: AsyncState<Page<unknown>>;
  placeholder: string;
  filters: FilterDef[];
  head: ReactNode;
  rows: ReactNode[];
}

/** A network table's frame: toolbar with search, filters and export; import link when empty. */
export function NetworkTable({ table, list, res, placeholder, filters, head, rows }: Props) {
  return (
    <ListFrame
      noun={table}
      list={list}
      total={res.data?.total}
      loading={res.loading}
      error={res.error}
      onRetry={res.reload}
      minWidth={640}
      emptyAction={<ImportLink />}
      toolbar={
        <Toolbar
          list={list}
          placeholder={placeholder}
          filters={filters}
          extra={<ExportButton table={table} filters={exportFilters(list.debouncedSearch, list.filters)} />}
        />
      }
      head={head}
      rows={rows}
    />
  );
}
