import { Group, Stack, Table, UnstyledButton, type MantineBreakpoint } from '@mantine/core';
import { IconChevronDown, IconChevronUp, IconSelector } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import classes from './table.module.css';

/** A second sort key sharing the column, e.g. "Created" under "Last login". */
export interface SecondSort {
  field: string;
  label: ReactNode;
}

interface Props {
  /** Sort key sent to the backend for ascending order ("name"); descending is "-name". */
  field: string;
  /** Current sort ("name", "-name", or another field). */
  sort: string;
  onSort: (next: string) => void;
  children: ReactNode;
  w?: number | string;
  /** Numbers align right, and so does their header. */
  align?: 'left' | 'right';
  /** A merged column (two values in one cell) sorts by either: one button each, stacked. */
  second?: SecondSort;
  /** Hide the column below this breakpoint (its cells must say the same). */
  visibleFrom?: MantineBreakpoint;
}

/** A column header that sorts server-side: click or Enter toggles ascending/descending. */
export function SortHeader({ field, sort, onSort, children, w, align = 'left', second, visibleFrom }: Props) {
  const active = [field, second?.field].find((f) => f && (sort === f || sort === `-${f}`));
  const ariaSort = !active ? 'none' : sort === active ? 'ascending' : 'descending';
  const button = (f: string, label: ReactNode) => {
    const asc = sort === f;
    const desc = sort === `-${f}`;
    const Icon = asc ? IconChevronUp : desc ? IconChevronDown : IconSelector;
    return (
      <UnstyledButton className={classes.sortButton} onClick={() => onSort(asc ? `-${f}` : f)} data-testid={`sort-${f}`}>
        <Group gap={4} wrap="nowrap" justify={align === 'right' ? 'flex-end' : 'flex-start'}>
          <span>{label}</span>
          <Icon size={14} stroke={1.6} aria-hidden />
        </Group>
      </UnstyledButton>
    );
  };
  return (
    <Table.Th w={w} ta={align} aria-sort={ariaSort} className={classes.th} visibleFrom={visibleFrom}>
      {second ? (
        <Stack gap={0} align={align === 'right' ? 'flex-end' : 'flex-start'}>
          {button(field, children)}
          {button(second.field, second.label)}
        </Stack>
      ) : (
        button(field, children)
      )}
    </Table.Th>
  );
}
