import { Group, Table, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconChevronUp, IconSelector } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import classes from './table.module.css';

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
}

/** A column header that sorts server-side: click or Enter toggles ascending/descending. */
export function SortHeader({ field, sort, onSort, children, w, align = 'left' }: Props) {
  const asc = sort === field;
  const desc = sort === `-${field}`;
  const Icon = asc ? IconChevronUp : desc ? IconChevronDown : IconSelector;
  return (
    <Table.Th w={w} ta={align} aria-sort={asc ? 'ascending' : desc ? 'descending' : 'none'} className={classes.th}>
      <UnstyledButton
        className={classes.sortButton}
        onClick={() => onSort(asc ? `-${field}` : field)}
        data-testid={`sort-${field}`}
      >
        <Group gap={4} wrap="nowrap" justify={align === 'right' ? 'flex-end' : 'flex-start'}>
          <span>{children}</span>
          <Icon size={14} stroke={1.6} aria-hidden />
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}
