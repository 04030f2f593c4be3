import { useEffect, useRef, useState } from 'react';
import { Alert, Badge, Button, Group, Modal, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { Messages, type Eligibility, type Excluded } from '../../api/messages';
import classes from './compose.module.css';

/** How many receive the message, and who is blocked or skipped, each list browsable. */
export function EligibilitySummary({ messageId, version }: { messageId: number; version: number }) {
  const [e, setE] = useState<Eligibility | null>(null);
  const [error, setError] = useState('');
  const [open, setOpen] = useState<'blocked' | 'skipped' | null>(null);

  // One request at a time: on a large audience a pass takes seconds, and saves arrive
  // faster than that. When it returns, the latest version is asked for once more.
  const busy = useRef(false);
  const wanted = useRef(version);
  wanted.current = version;
  const asked = useRef(-1);
  useEffect(() => {
    const run = () => {
      if (busy.current || asked.current === wanted.current) return;
      busy.current = true;
      const v = wanted.current;
      Messages.eligibility(messageId)
        .then(
          (r) => {
            setE(r);
            setError('');
          },
          (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
        )
        .finally(() => {
          busy.current = false;
          asked.current = v;
          run();
        });
    };
    const t = window.setTimeout(run, 300);
    return () => window.clearTimeout(t);
  }, [messageId, version]);

  if (error) {
    return (
      <Alert color="red" title="Cannot decide the recipients" data-testid="eligibility-error">
        {error}
      </Alert>
    );
  }
  if (!e) return null;
  return (
    <Paper withBorder p="sm" data-testid="eligibility">
      <Group gap="lg" wrap="wrap">
        <Stack gap={0}>
          <Text size="xl" fw={700} c="teal" data-testid="eligible-count">
            {e.recipients.toLocaleString()}
          </Text>
          <Text size="xs" c="dimmed">
            will receive it
          </Text>
        </Stack>
        <Button variant="light" color="red" disabled={e.blockedCount === 0} onClick={() => setOpen('blocked')} data-testid="blocked-button">
          {e.blockedCount.toLocaleString()} blocked
        </Button>
        <Button variant="light" color="gray" disabled={e.skippedCount === 0} onClick={() => setOpen('skipped')} data-testid="skipped-button">
          {e.skippedCount.toLocaleString()} skipped
        </Button>
      </Group>
      {e.blockedBy.length > 0 && (
        <Text size="xs" c="dimmed" mt={6}>
          Not approved for:{' '}
          {e.blockedBy
            .slice(0, 4)
            .map((o) => `${o.name} (${o.count})`)
            .join(', ')}
          {e.blockedBy.length > 4 ? ` and ${e.blockedBy.length - 4} more offers` : ''}
        </Text>
      )}
      <ExcludedList
        title={open === 'blocked' ? `Blocked recipients (${e.blockedCount})` : `Skipped recipients (${e.skippedCount})`}
        rows={open === 'blocked' ? e.blocked : open === 'skipped' ? e.skipped : []}
        truncated={e.truncated}
        opened={open !== null}
        onClose={() => setOpen(null)}
        showOffers={open === 'blocked'}
      />
    </Paper>
  );
}

const PAGE = 50;

function ExcludedList(props: { title: string; rows: Excluded[]; truncated: boolean; opened: boolean; onClose: () => void; showOffers: boolean }) {
  const [q, setQ] = useState('');
  const [page, setPage] = useState(0);
  const ql = q.toLowerCase();
  const rows = props.rows.filter((r) => !q || r.name.toLowerCase().includes(ql) || r.email.toLowerCase().includes(ql) || String(r.id) === q);
  const pages = Math.max(1, Math.ceil(rows.length / PAGE));
  const shown = rows.slice(page * PAGE, page * PAGE + PAGE);
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.title} size="xl" data-testid="excluded-modal">
      <Stack gap="sm">
        <TextInput
          placeholder="Filter by name, email or ID"
          leftSection={<IconSearch size={14} />}
          value={q}
          onChange={(ev) => {
            setQ(ev.currentTarget.value);
            setPage(0);
          }}
        />
        <Table striped highlightOnHover layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={80}>ID</Table.Th>
              <Table.Th>Name</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th>{props.showOffers ? 'Not approved for' : 'Reason'}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((r) => (
              <Table.Tr key={`${r.id}:${r.email}`}>
                <Table.Td>{r.id || '—'}</Table.Td>
                <Table.Td className={classes.nameCell} title={r.name}>
                  {r.name}
                </Table.Td>
                <Table.Td className={classes.nameCell} title={r.email}>
                  {r.email}
                </Table.Td>
                <Table.Td>
                  {props.showOffers ? (
                    <Group gap={4}>
                      {(r.offers ?? []).map((o) => (
                        <Badge key={o.id} size="sm" variant="light" color="red" title={o.name} maw={200}>
                          {o.name}
                        </Badge>
                      ))}
                    </Group>
                  ) : (
                    <Text size="sm">{r.reason}</Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            {rows.length.toLocaleString()} shown{props.truncated ? ' (the list stops at 2,000; counts are exact)' : ''}
          </Text>
          <Group gap="xs">
            <Button size="xs" variant="default" disabled={page === 0} onClick={() => setPage(page - 1)}>
              Previous
            </Button>
            <Text size="xs">
              {page + 1} / {pages}
            </Text>
            <Button size="xs" variant="default" disabled={page >= pages - 1} onClick={() => setPage(page + 1)}>
              Next
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}
