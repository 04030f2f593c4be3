import type { ReactNode } from 'react';
import {
  Alert,
  Box,
  Button,
  Group,
  LoadingOverlay,
  Pagination,
  Select,
  Stack,
  Table,
  Text,
  EmptyState,
} from '@mantine/core';
import { IconAlertTriangle, IconFilterOff, IconInbox } from '@tabler/icons-react';
import type { ApiError } from '../api/transport';
import { formatInt } from '../lib/format';
import type { ListState } from './useListState';

interface Props {
  /** Plural noun for messages: "partners". */
  noun: string;
  list: ListState;
  total: number | undefined;
  loading: boolean;
  error: ApiError | undefined;
  onRetry: () => void;
  /** Filter controls shown above the table. */
  toolbar: ReactNode;
  /** <Table.Tr> of column headers. */
  head: ReactNode;
  /** <Table.Tr> rows; empty when nothing matches. */
  rows: ReactNode[];
  /** Minimum table width before it scrolls sideways: lay the table out to fit above it. */
  minWidth?: number;
  /** What to offer when there is nothing at all yet (e.g. a link to import). */
  emptyAction?: ReactNode;
}

const PAGE_SIZES = ['25', '50', '100', '250'];

/**
 * Everything around a server-paged table: toolbar, loading overlay, error with retry,
 * empty states (nothing at all vs. nothing matching the filters), total and pagination.
 */
export function ListFrame({ noun, list, total, loading, error, onRetry, toolbar, head, rows, minWidth = 900, emptyAction }: Props) {
  const pages = total ? Math.max(1, Math.ceil(total / list.pageSize)) : 1;
  const from = total ? (list.page - 1) * list.pageSize + 1 : 0;
  const to = Math.min(total ?? 0, list.page * list.pageSize);

  let body: ReactNode;
  if (error && total === undefined) {
    body = <ErrorState noun={noun} error={error} onRetry={onRetry} />;
  } else if (total === 0 && !loading) {
    body = list.filtered ? (
      <EmptyState
        my="xl"
        icon={<IconFilterOff size={28} />}
        withIndicatorBackground
        title={`No ${noun} match`}
        description="Nothing matches this search and these filters."
        data-testid="empty-filtered"
      >
        <EmptyState.Actions>
          <Button variant="light" onClick={list.clear}>
            Clear filters
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    ) : (
      <EmptyState
        my="xl"
        icon={<IconInbox size={28} />}
        withIndicatorBackground
        title={`No ${noun} yet`}
        description="Import them from a CSV file or sync them from your network."
        data-testid="empty-none"
      >
        {emptyAction && <EmptyState.Actions>{emptyAction}</EmptyState.Actions>}
      </EmptyState>
    );
  } else {
    body = (
      // Below minWidth the table scrolls inside its frame with the scrollbar always shown
      // (a hover-only bar hides that anything is there); the page never scrolls sideways.
      <Table.ScrollContainer minWidth={minWidth} scrollAreaProps={{ type: 'auto', offsetScrollbars: 'x' }}>
        <Table highlightOnHover verticalSpacing="xs" striped={false} layout="fixed" data-testid={`${noun}-table`}>
          <Table.Thead>{head}</Table.Thead>
          <Table.Tbody>{rows}</Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  }

  return (
    <Stack gap="sm">
      {toolbar}
      {error && total !== undefined && <ErrorState noun={noun} error={error} onRetry={onRetry} compact />}
      <Box pos="relative" mih={120}>
        <LoadingOverlay visible={loading} zIndex={10} overlayProps={{ blur: 1 }} loaderProps={{ 'aria-label': `Loading ${noun}` } as object} />
        {body}
      </Box>
      {!!total && (
        <Group justify="space-between" wrap="wrap">
          <Text size="sm" c="dimmed" data-testid="total">
            {formatInt(from)}–{formatInt(to)} of {formatInt(total)} {noun}
          </Text>
          <Group gap="sm" wrap="nowrap">
            <Select
              aria-label="Rows per page"
              data={PAGE_SIZES}
              value={String(list.pageSize)}
              onChange={(v) => v && list.setPageSize(Number(v))}
              w={80}
              size="xs"
              allowDeselect={false}
            />
            <Pagination total={pages} value={list.page} onChange={list.setPage} size="sm" siblings={1} getControlProps={(c) => ({ 'aria-label': `${c} page` })} />
          </Group>
        </Group>
      )}
    </Stack>
  );
}

function ErrorState({ noun, error, onRetry, compact }: { noun: string; error: ApiError; onRetry: () => void; compact?: boolean }) {
  return (
    <Alert color="red" icon={<IconAlertTriangle />} title={`Could not load ${noun}`} role="alert" data-testid="list-error" my={compact ? 0 : 'md'}>
      <Stack gap="xs" align="flex-start">
        <Text size="sm" style={{ wordBreak: 'break-word' }}>
          {error.message}
        </Text>
        <Button size="xs" variant="light" color="red" onClick={onRetry}>
          Try again
        </Button>
      </Stack>
    </Alert>
  );
}
