import type { ReactNode } from 'react';
import { Button, CloseButton, Group, Select, TextInput } from '@mantine/core';
import { IconFilterOff, IconSearch } from '@tabler/icons-react';
import type { ListState } from '../../components/useListState';
import type { Option } from './options';

export interface FilterDef {
  key: string;
  label: string;
  options: Option[];
  searchable?: boolean;
}

/** Search box plus one clearable select per filter, fed by Network.Facets. */
export function Toolbar({ list, placeholder, filters, extra }: { list: ListState; placeholder: string; filters: FilterDef[]; extra?: ReactNode }) {
  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <TextInput
        aria-label="Search"
        placeholder={placeholder}
        leftSection={<IconSearch size={16} />}
        value={list.search}
        onChange={(e) => list.setSearch(e.currentTarget.value)}
        rightSection={list.search ? <CloseButton size="sm" aria-label="Clear search" onClick={() => list.setSearch('')} /> : null}
        w={240}
        data-testid="search"
      />
      {filters.map((f) => (
        <Select
          key={f.key}
          aria-label={f.label}
          placeholder={f.label}
          data={f.options}
          value={list.filters[f.key] || null}
          onChange={(v) => list.setFilter(f.key, v)}
          clearable
          searchable={f.searchable}
          nothingFoundMessage="Nothing found"
          w={170}
          comboboxProps={{ withinPortal: true }}
          data-testid={`filter-${f.key}`}
        />
      ))}
      {list.filtered && (
        <Button variant="subtle" leftSection={<IconFilterOff size={16} />} onClick={list.clear}>
          Reset filters
        </Button>
      )}
      {extra}
    </Group>
  );
}
