import { ActionIcon, Alert, Badge, Button, CopyButton, EmptyState, FileButton, Group, Modal, Stack, Table, Text, Textarea, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconCopy, IconDownload, IconPlus, IconTrash, IconUpload, IconUsersGroup } from '@tabler/icons-react';
import { useState } from 'react';
import { Audiences, type ImportResult, type Summary } from '../../api/audiences';
import { notifyError, notifySuccess } from '../../app/notify';
import { navigate } from '../../app/route';
import { Truncated } from '../../components/Truncated';
import { formatDate, formatInt } from '../../lib/format';
import { useAsync } from '../../lib/useAsync';

/** Saved audiences, most used first, with their size now. */
export function AudienceList() {
  const list = useAsync(() => Audiences.list(), []);
  const [importing, setImporting] = useState(false);

  const remove = async (a: Summary) => {
    if (!window.confirm(`Delete the audience "${a.name}"? Messages that used it keep their recipients.`)) return;
    try {
      await Audiences.remove(a.id);
      list.reload();
    } catch (e) {
      notifyError('Delete audience', e);
    }
  };

  const [exported, setExported] = useState<string>();
  const exportAll = async () => {
    try {
      setExported(await Audiences.exportAll([]));
    } catch (e) {
      notifyError('Export audiences', e);
    }
  };

  const rows = list.data ?? [];
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Audiences</Title>
        <Group gap="xs">
          <Button variant="default" size="xs" leftSection={<IconUpload size={14} />} onClick={() => setImporting(true)}>Import</Button>
          <Button variant="default" size="xs" leftSection={<IconDownload size={14} />} onClick={exportAll} disabled={rows.length === 0}>
            Export all
          </Button>
          <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => navigate('audiences', 'new')}>New audience</Button>
        </Group>
      </Group>
      {list.error && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title="Could not load the audiences">
          {list.error.message} <Button size="compact-xs" variant="light" onClick={list.reload}>Retry</Button>
        </Alert>
      )}
      {list.data && rows.length === 0 ? (
        <EmptyState my="xl" icon={<IconUsersGroup size={28} />} withIndicatorBackground title="No saved audiences yet"
          description="An audience picks partners or advertisers by status, tags, performance and offers. Start from scratch or from a starter."
          data-testid="audiences-empty">
          <Button size="xs" mt="sm" onClick={() => navigate('audiences', 'new')}>Create an audience</Button>
        </EmptyState>
      ) : (
        // Fits the 960 px window; narrower than minWidth it scrolls in its frame, scrollbar shown.
        <Table.ScrollContainer minWidth={560} scrollAreaProps={{ type: 'auto', offsetScrollbars: 'x' }}>
          <Table striped highlightOnHover layout="fixed" data-testid="audiences-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th w={120}>Kind</Table.Th>
                <Table.Th w={100} style={{ textAlign: 'right' }}>Size now</Table.Th>
                <Table.Th w={130}>Last used</Table.Th>
                <Table.Th w={64} style={{ textAlign: 'right' }}>Uses</Table.Th>
                <Table.Th w={50}><VisuallyHidden>Actions</VisuallyHidden></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((a) => (
                <Table.Tr key={a.id} style={{ cursor: 'pointer' }} onClick={() => navigate('audiences', String(a.id))}>
                  <Table.Td>
                    <Truncated text={a.name} w="100%" fw={500} />
                    {a.description && <Truncated text={a.description} w="100%" size="xs" c="dimmed" />}
                  </Table.Td>
                  <Table.Td><Badge variant="light" color={a.kind === 'advertisers' ? 'grape' : 'blue'} style={{ textTransform: 'none' }}>{a.kind === 'advertisers' ? 'Advertisers' : 'Partners'}</Badge></Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>
                    {a.sizeError ? (
                      <Tooltip label={a.sizeError} multiline w={300}>
                        <Text size="sm" c="red">needs fixing</Text>
                      </Tooltip>
                    ) : (
                      formatInt(a.size)
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{a.lastUsedAt ? formatDate(a.lastUsedAt) : 'never'}</Text>
                    {a.lastUsedAt && <Text size="xs" c="dimmed">{formatInt(a.lastCount)} recipients</Text>}
                  </Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>{formatInt(a.uses)}</Table.Td>
                  <Table.Td onClick={(e) => e.stopPropagation()}>
                    <ActionIcon variant="subtle" color="gray" aria-label={`Delete ${a.name}`} onClick={() => remove(a)}>
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ImportModal opened={importing} onClose={() => setImporting(false)} onDone={list.reload} />
      <ExportModal text={exported} onClose={() => setExported(undefined)} />
    </Stack>
  );
}

// The export as text to copy, or to save as a file: a download link alone does not work in
// every desktop webview.
function ExportModal({ text, onClose }: { text: string | undefined; onClose: () => void }) {
  const download = () => {
    const url = URL.createObjectURL(new Blob([text ?? ''], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'audiences.json';
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Modal opened={text !== undefined} onClose={onClose} title="Export audiences" size="lg">
      <Stack gap="sm">
        <Text size="sm">Copy this text, or save it as a file, and import it into another CommHub.</Text>
        <Textarea aria-label="Exported audiences" readOnly autosize minRows={6} maxRows={14} value={text ?? ''}
          styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }} />
        <Group justify="flex-end" gap="xs">
          <CopyButton value={text ?? ''}>
            {({ copied, copy }) => (
              <Button size="xs" variant="default" leftSection={<IconCopy size={14} />} onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>
            )}
          </CopyButton>
          <Button size="xs" leftSection={<IconDownload size={14} />} onClick={download}>Save as file</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function ImportModal({ opened, onClose, onDone }: { opened: boolean; onClose: () => void; onDone: () => void }) {
  const [text, setText] = useState('');
  const [result, setResult] = useState<ImportResult>();
  const run = async () => {
    try {
      const r = await Audiences.importText(text);
      setResult(r);
      onDone();
      if (r.errors.length === 0) {
        notifySuccess('Audiences imported', `${r.created} created, ${r.updated} updated.`);
        onClose();
      }
    } catch (e) {
      notifyError('Import audiences', e);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Import audiences" size="lg">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm">Paste an export (audiences.json) or open the file. Audiences with the same name are updated.</Text>
          <FileButton accept="application/json,.json" onChange={(f) => f?.text().then(setText)}>
            {(props) => <Button {...props} size="xs" variant="default" style={{ flexShrink: 0 }}>Open file…</Button>}
          </FileButton>
        </Group>
        <Textarea aria-label="Export file" autosize minRows={6} maxRows={14} value={text} onChange={(e) => setText(e.currentTarget.value)}
          styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }} />
        {result && result.errors.length > 0 && (
          <Alert color="orange" title={`${result.created} created, ${result.updated} updated, ${result.errors.length} not imported`}>
            {result.errors.map((e) => <Text key={e} size="xs">{e}</Text>)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button size="xs" onClick={run} disabled={!text.trim()}>Import</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
