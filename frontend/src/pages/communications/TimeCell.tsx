import { Table, Text, type MantineBreakpoint } from '@mantine/core';
import { formatTime } from './format';

interface Props {
  at: string | null | undefined;
  /** A dimmed second line, e.g. the attempts when their own column is left out. */
  sub?: string;
  /** Show the second line only below this breakpoint. */
  subHiddenFrom?: MantineBreakpoint;
}

/** A table cell with a date and time on one line (a dash when there is none). */
export function TimeCell({ at, sub, subHiddenFrom }: Props) {
  return (
    <Table.Td>
      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
        {formatTime(at)}
      </Text>
      {sub && (
        <Text size="xs" c="dimmed" hiddenFrom={subHiddenFrom}>
          {sub}
        </Text>
      )}
    </Table.Td>
  );
}
