import { useCallback, useMemo, useState } from 'react';
import { useDebouncedValue } from '@mantine/hooks';

export type Filters = Record<string, string>;

/**
 * The state of one server-paged list: search (debounced before it reaches the backend),
 * filters, sort, page and page size. Any change other than the page goes back to page 1.
 */
export function useListState(defaultSort: string, filterKeys: string[], debounceMs = 300) {
  const empty = useMemo(() => Object.fromEntries(filterKeys.map((k) => [k, ''])) as Filters, [filterKeys]);
  const [search, setSearchRaw] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), debounceMs);
  const [filters, setFilters] = useState<Filters>(empty);
  const [sort, setSortRaw] = useState(defaultSort);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSizeRaw] = useState(25);

  const setSearch = useCallback((s: string) => {
    setSearchRaw(s);
    setPage(1);
  }, []);
  const setFilter = useCallback((key: string, value: string | null) => {
    setFilters((f) => ({ ...f, [key]: value ?? '' }));
    setPage(1);
  }, []);
  const setSort = useCallback((s: string) => {
    setSortRaw(s);
    setPage(1);
  }, []);
  const setPageSize = useCallback((n: number) => {
    setPageSizeRaw(n);
    setPage(1);
  }, []);
  const clear = useCallback(() => {
    setSearchRaw('');
    setFilters(empty);
    setPage(1);
  }, [empty]);

  const filtered = search.trim() !== '' || Object.values(filters).some((v) => v !== '');
  return {
    search,
    debouncedSearch,
    setSearch,
    filters,
    setFilter,
    sort,
    setSort,
    page,
    setPage,
    pageSize,
    setPageSize,
    clear,
    filtered,
  };
}

export type ListState = ReturnType<typeof useListState>;
