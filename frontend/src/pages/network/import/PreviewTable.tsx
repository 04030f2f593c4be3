import { Badge, ScrollArea, Table, Text } from '@mantine/core';
import type { Detection, Mapping } from '../../../api/imports';

/** The first rows of the file as read, with the field each column fills. */
export function PreviewTable({ detection, mapping }: { detection: Detection; mapping: Mapping }) {
  const fieldOf = (col: string) => detection.fields.find((f) => mapping[f.key] === col)?.label;
  if (detection.preview.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="preview-empty">
        The file has a header row but no records.
      </Text>
    );
  }
  return (
    <div>
      <Text size="sm" fw={500} mb={4}>
        Preview: {detection.preview.length === 1 ? 'the first row' : `the first ${detection.preview.length} rows`}
      </Text>
      <ScrollArea type="auto" offsetScrollbars>
        <Table withTableBorder withColumnBorders striped verticalSpacing={2} fz="xs" data-testid="preview">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Line</Table.Th>
              {detection.columns.map((c, i) => (
                <Table.Th key={i} style={{ whiteSpace: 'nowrap' }}>
                  {c}
                  <br />
                  {fieldOf(c) ? (
                    <Badge size="xs" variant="light">
                      {fieldOf(c)}
                    </Badge>
                  ) : (
                    <Badge size="xs" variant="outline" color="gray">
                      skipped
                    </Badge>
                  )}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {detection.preview.map((row, r) => (
              <Table.Tr key={r}>
                <Table.Td c="dimmed">{detection.previewLines[r]}</Table.Td>
                {detection.columns.map((_, i) => (
                  <Table.Td key={i} maw={260} style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={row[i] ?? ''}>
                    {row[i] ?? ''}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </div>
  );
}
