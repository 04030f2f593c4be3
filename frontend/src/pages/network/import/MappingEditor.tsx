import { Badge, Select, Table, Text } from '@mantine/core';
import type { Detection, Mapping } from '../../../api/imports';

const NONE = '__none__';

/** One row per CommHub field: the file column that fills it, and its first value. */
export function MappingEditor({ detection, mapping, onChange }: { detection: Detection; mapping: Mapping; onChange: (m: Mapping) => void }) {
  const options = [{ value: NONE, label: '— not imported —' }, ...detection.columns.filter(Boolean).map((c) => ({ value: c, label: c }))];
  const sample = (col: string) => {
    const i = detection.columns.indexOf(col);
    const row = detection.preview[0];
    return i >= 0 && row ? (row[i] ?? '') : '';
  };
  return (
    <Table withTableBorder striped verticalSpacing={4} data-testid="mapping" layout="fixed">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="28%">CommHub field</Table.Th>
          <Table.Th w="36%">Column in the file</Table.Th>
          <Table.Th>First value</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {detection.fields.map((f) => {
          const col = mapping[f.key] ?? '';
          return (
            <Table.Tr key={f.key} data-testid={`mapping-${f.key}`}>
              <Table.Td>
                <Text size="sm" span fw={f.required ? 600 : 400}>
                  {f.label}
                </Text>
                {f.required && (
                  <Badge size="xs" ml={6} variant="light" color={col ? 'gray' : 'orange'}>
                    required
                  </Badge>
                )}
                {f.isKey && (
                  <Badge size="xs" ml={6} variant="light">
                    match by
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>
                <Select
                  aria-label={`Column for ${f.label}`}
                  data={options}
                  value={col || NONE}
                  onChange={(v) => onChange({ ...mapping, [f.key]: !v || v === NONE ? '' : v })}
                  allowDeselect={false}
                  searchable
                  size="xs"
                  comboboxProps={{ withinPortal: true }}
                  error={f.required && !col}
                />
              </Table.Td>
              <Table.Td>
                <Text size="sm" c="dimmed" truncate="end" title={col ? sample(col) : ''}>
                  {col ? sample(col) : ''}
                </Text>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
