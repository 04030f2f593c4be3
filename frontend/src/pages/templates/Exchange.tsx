import { useState } from 'react';
import { Alert, Button, CopyButton, FileButton, Group, List, Modal, Stack, Text, Textarea } from '@mantine/core';
import { IconCopy, IconDownload } from '@tabler/icons-react';
import { Templates, type TemplateImportResult } from '../../api/templates';
import { notifyError, notifySuccess } from '../../app/notify';

// The export as text to copy, or to save as a file: a download link alone does not work in
// every desktop webview.
export function ExportModal({ text, count, onClose }: { text: string | undefined; count: number; onClose: () => void }) {
  const download = () => {
    const url = URL.createObjectURL(new Blob([text ?? ''], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'templates.json';
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Modal opened={text !== undefined} onClose={onClose} title={count === 1 ? 'Export a template' : `Export ${count} templates`} size="lg">
      <Stack gap="sm">
        <Text size="sm">Copy this text, or save it as a file, and import it into another CommHub.</Text>
        <Textarea
          aria-label="Exported templates"
          readOnly
          autosize
          minRows={6}
          maxRows={14}
          value={text ?? ''}
          styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
          data-testid="export-text"
        />
        <Group justify="flex-end" gap="xs">
          <CopyButton value={text ?? ''}>
            {({ copied, copy }) => (
              <Button size="xs" variant="default" leftSection={<IconCopy size={14} />} onClick={copy}>
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
          <Button size="xs" leftSection={<IconDownload size={14} />} onClick={download} data-testid="export-save">
            Save as file
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function ImportModal({ opened, onClose, onDone }: { opened: boolean; onClose: () => void; onDone: () => void }) {
  const [text, setText] = useState('');
  const [result, setResult] = useState<TemplateImportResult>();
  const [busy, setBusy] = useState(false);
  const close = () => {
    setResult(undefined);
    onClose();
  };
  const run = async () => {
    setBusy(true);
    try {
      const r = await Templates.importText(text);
      setResult(r);
      if (r.errors.length === 0) {
        notifySuccess('Templates imported', `${r.created} created, ${r.updated} updated.`);
        onDone();
        setText('');
        close();
      }
    } catch (e) {
      notifyError('Import templates', e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={close} title="Import templates" size="lg">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm">Paste an export (templates.json) or open the file. Your templates with the same name are updated.</Text>
          <FileButton accept="application/json,.json" onChange={(f) => f?.text().then((t) => (setText(t), setResult(undefined)))}>
            {(props) => (
              <Button {...props} size="xs" variant="default" style={{ flexShrink: 0 }} data-testid="import-file">
                Open file…
              </Button>
            )}
          </FileButton>
        </Group>
        <Textarea
          aria-label="Export file"
          autosize
          minRows={6}
          maxRows={14}
          value={text}
          onChange={(e) => (setText(e.currentTarget.value), setResult(undefined))}
          styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
          data-testid="import-text"
        />
        {result && result.errors.length > 0 && (
          <Alert color="red" title={`Nothing was imported: fix ${result.errors.length === 1 ? 'this problem' : `these ${result.errors.length} problems`} in the file`} data-testid="import-errors">
            <List size="xs" spacing={2}>
              {result.errors.map((e, i) => (
                <List.Item key={i} style={{ overflowWrap: 'anywhere' }}>
                  Template {e.index} “{e.template || 'unnamed'}”, {e.field}: {e.message}
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button size="xs" onClick={run} loading={busy} disabled={!text.trim()} data-testid="import-run">
            Import
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
