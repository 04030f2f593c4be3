import { Alert, Group, List, Paper, ScrollArea, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { IconCircleCheck, IconInfoCircle, IconUserPlus } from '@tabler/icons-react';
import type { CreatedEmployee, ImportResult } from '../../../api/imports';

function Stat({ label, value, color, testId }: { label: string; value: number; color?: string; testId: string }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} c={color} data-testid={testId}>
        {value.toLocaleString()}
      </Text>
    </Paper>
  );
}

/** Counts of what changed (or would, in a dry run) and every rejected row with its reason. */
export function ResultView({ result }: { result: ImportResult }) {
  const verb = result.dryRun ? 'would be' : '';
  return (
    <Stack gap="sm" data-testid="import-result">
      {result.dryRun ? (
        <Alert color="blue" icon={<IconInfoCircle />} title="Dry run: nothing was written">
          {result.rows.toLocaleString()} rows checked. Import to apply these changes.
        </Alert>
      ) : (
        <Alert color={result.errorCount ? 'yellow' : 'teal'} icon={<IconCircleCheck />} title="Import finished">
          {result.rows.toLocaleString()} rows read from {result.fileName}
          {result.resumedFromLine ? `, continuing an interrupted import after line ${result.resumedFromLine}` : ''}.
        </Alert>
      )}
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Stat label={`${verb} inserted`.trim()} value={result.inserted} color="teal" testId="result-inserted" />
        <Stat label={`${verb} updated`.trim()} value={result.updated} color="blue" testId="result-updated" />
        <Stat label="unchanged" value={result.unchanged} testId="result-unchanged" />
        <Stat label="rejected" value={result.errorCount} color={result.errorCount ? 'red' : undefined} testId="result-rejected" />
      </SimpleGrid>
      {(result.createdEmployees?.length ?? 0) > 0 && <CreatedEmployees list={result.createdEmployees} dryRun={result.dryRun} />}
      {result.errors.length > 0 && (
        <div>
          <Group justify="space-between" mb={4}>
            <Text size="sm" fw={500}>
              Rejected rows: fix them in the file and import it again (rows already imported stay as they are)
            </Text>
            {result.errorCount > result.errors.length && (
              <Text size="xs" c="dimmed">
                showing the first {result.errors.length.toLocaleString()} of {result.errorCount.toLocaleString()}
              </Text>
            )}
          </Group>
          <ScrollArea.Autosize mah={420} type="auto">
            <Table withTableBorder striped verticalSpacing={4} fz="sm" layout="fixed" data-testid="result-errors">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={70}>Line</Table.Th>
                  <Table.Th w="22%">Column</Table.Th>
                  <Table.Th>Reason</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {result.errors.map((e, i) => (
                  <Table.Tr key={i} data-testid="result-error">
                    <Table.Td>{e.line}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{e.column || '—'}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{e.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        </div>
      )}
    </Stack>
  );
}


/** The account managers named in the file whom no team member matched: the import added them. */
function CreatedEmployees({ list, dryRun }: { list: CreatedEmployee[]; dryRun: boolean }) {
  return (
    <Alert
      color="blue"
      icon={<IconUserPlus />}
      title={dryRun ? 'New team members the import would create' : 'New team members'}
      data-testid="result-created-employees"
    >
      <Text size="sm" mb={4}>
        The file names {list.length === 1 ? 'an account manager' : 'account managers'} no employee matched, so{' '}
        {dryRun ? 'the import would add them' : 'CommHub added them'} to your team by name, without an e-mail address. To
        import without account managers, set that column to “not imported”.
      </Text>
      <List size="sm" spacing={2}>
        {list.map((e) => (
          <List.Item key={e.name} data-testid="result-created-employee">
            {dryRun ? 'Would create' : 'Created'} employee {e.name}
            {e.id ? ` (ID ${e.id})` : ''}, first named on line {e.line}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
