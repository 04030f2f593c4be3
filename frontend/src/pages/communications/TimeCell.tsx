import { Table, Text } from '@mantine/core';
import { formatTime } from './format';

/** A table cell with a date and time on one line (a dash when there is none). */
export function TimeCell({ at }: { at: string | null | undefined }) {
  return (
    <Table.Td>
      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
        {formatTime(at)}
      </Text>
    </Table.Td>
  );
}
