import { useState } from 'react';
import { ActionIcon, Alert, Badge, Button, FileButton, Group, Paper, Select, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { IconDownload, IconPlus, IconSearch, IconTrash, IconUpload } from '@tabler/icons-react';
import { Suppressions, download, suppressionReasons, type ImportResult, type Suppression } from '../../api/deliveries';
import { ApiError } from '../../api/transport';
import { notifyError, notifySuccess } from '../../app/notify';
import { ListFrame } from '../../components/ListFrame';
import { Truncated } from '../../components/Truncated';
import { useListState } from '../../components/useListState';
import { formatInt } from '../../lib/format';
import { useAsync } from '../../lib/useAsync';
import { TimeCell } from './TimeCell';

const FILTERS = ['reason'];
const reasonColor: Record<string, string> = { unsubscribed: 'gray', bounced: 'red', complained: 'orange', manual: 'blue' };

/** Addresses no send may reach: browse, add, remove, import and export. */
export function SuppressionsPanel() {
  const list = useListState('at', FILTERS);
  const [version, setVersion] = useState(0);
  const page = useAsync(
    () => Suppressions.list(list.filters.reason, list.debouncedSearch, list.page, list.pageSize),
    [list.filters.reason, list.debouncedSearch, list.page, list.pageSize, version],
  );
  const [imported, setImported] = useState<ImportResult>();
  const reload = () => setVersion((v) => v + 1);

  async function importFile(f: File | null) {
    if (!f) return;
    try {
      const res = await Suppressions.importCsv(await f.text(), 'manual');
      setImported(res);
      reload();
    } catch (e) {
      notifyError('Import', e);
    }
  }
  async function exportCsv() {
    try {
      download('commhub-suppressions.csv', await Suppressions.exportCsv());
    } catch (e) {
      notifyError('Export', e);
    }
  }
  async function remove(s: Suppression) {
    try {
      await Suppressions.remove([s.email]);
      notifySuccess('Removed', `${s.email} can receive messages again.`);
      reload();
    } catch (e) {
      notifyError('Remove', e);
    }
  }

  const counts = page.data?.counts ?? {};
  const toolbar = (
    <Group justify="space-between" wrap="wrap">
      <Group wrap="wrap">
        <TextInput placeholder="Search address or note" leftSection={<IconSearch size={16} />} value={list.search} w={260}
          onChange={(e) => list.setSearch(e.currentTarget.value)} aria-label="Search suppressions" data-testid="sup-search" />
        <Select placeholder="Any reason" clearable w={170} aria-label="Reason" data-testid="sup-reason"
          data={suppressionReasons.map((r) => ({ value: r, label: `${r} (${formatInt(counts[r] ?? 0)})` }))}
          value={list.filters.reason || null} onChange={(v) => list.setFilter('reason', v)} />
      </Group>
      <Group gap="xs">
        <FileButton onChange={importFile} accept=".csv,text/csv,text/plain">
          {(props) => (
            <Button variant="default" leftSection={<IconUpload size={16} />} {...props} data-testid="sup-import">
              Import CSV
            </Button>
          )}
        </FileButton>
        <Button variant="default" leftSection={<IconDownload size={16} />} onClick={exportCsv} data-testid="sup-export">
          Export CSV
        </Button>
      </Group>
    </Group>
  );
  // The note shares the address's cell so both keep room in the 960 px window.
  const head = (
    <Table.Tr>
      <Table.Th>Address and note</Table.Th>
      <Table.Th w={130}>Reason</Table.Th>
      <Table.Th w={180}>Since</Table.Th>
      <Table.Th w={56}>
        <VisuallyHidden>Actions</VisuallyHidden>
      </Table.Th>
    </Table.Tr>
  );
  const rows = (page.data?.items ?? []).map((s) => (
    <Table.Tr key={s.email} data-testid="sup-row">
      <Table.Td>
        <Truncated text={s.email} w="100%" />
        {s.note && <Truncated text={s.note} w="100%" size="xs" c="dimmed" />}
      </Table.Td>
      <Table.Td>
        <Badge color={reasonColor[s.reason]} variant="light">
          {s.reason}
        </Badge>
      </Table.Td>
      <TimeCell at={s.at} />
      <Table.Td>
        <ActionIcon variant="subtle" color="red" aria-label={`Remove ${s.email}`} onClick={() => remove(s)}>
          <IconTrash size={16} />
        </ActionIcon>
      </Table.Td>
    </Table.Tr>
  ));

  return (
    <Stack gap="md">
      <AddForm onAdded={reload} />
      {imported && (
        <Alert color={imported.problems.length ? 'yellow' : 'teal'} withCloseButton onClose={() => setImported(undefined)}
          title={`Imported: ${imported.added} added, ${imported.updated} updated${imported.problems.length ? `, ${imported.problems.length} rows skipped` : ''}`}
          data-testid="sup-import-result">
          {imported.problems.slice(0, 20).map((p) => (
            <Text key={p} size="sm" style={{ wordBreak: 'break-word' }}>
              • {p}
            </Text>
          ))}
          {imported.problems.length > 20 && <Text size="sm">… and {imported.problems.length - 20} more</Text>}
        </Alert>
      )}
      <ListFrame noun="suppressions" list={list} total={page.data?.total} loading={page.loading} error={page.error}
        onRetry={page.reload} toolbar={toolbar} head={head} rows={rows} minWidth={600} />
    </Stack>
  );
}

function AddForm({ onAdded }: { onAdded: () => void }) {
  const [email, setEmail] = useState('');
  const [reason, setReason] = useState<string>('manual');
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  async function add() {
    setError('');
    try {
      const s = await Suppressions.add(email, reason, note);
      notifySuccess('Suppressed', `${s.email} will not receive any message.`);
      setEmail('');
      setNote('');
      onAdded();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }
  return (
    <Paper withBorder p="md" radius="md">
      <Group align="flex-start" wrap="wrap">
        <TextInput label="Address" placeholder="name@example.com" value={email} onChange={(e) => setEmail(e.currentTarget.value)}
          error={error || undefined} style={{ flex: 2, minWidth: 220 }} data-testid="sup-add-email" />
        <Select label="Reason" data={suppressionReasons} value={reason} onChange={(v) => v && setReason(v)} allowDeselect={false} w={160} />
        <TextInput label="Note" value={note} onChange={(e) => setNote(e.currentTarget.value)} style={{ flex: 2, minWidth: 180 }} />
        <Button mt={25} leftSection={<IconPlus size={16} />} onClick={add} disabled={!email.trim()} data-testid="sup-add">
          Suppress
        </Button>
      </Group>
    </Paper>
  );
}
