import { useEffect, useState } from 'react';
import { Alert, Badge, Group, Loader, Select, Stack, Tabs, Text } from '@mantine/core';
import type { Preview, RecipientKind } from '../../api/messages';
import { Templates, type PreviewRecipient } from '../../api/templates';
import { useAsync } from '../../lib/useAsync';
import classes from './templates.module.css';

interface Props {
  recipientKind: RecipientKind;
  /** Renders the template for a recipient (0: the first active one). */
  render: (recipientId: number) => Promise<Preview>;
  /** Changes when what render shows changes (an edit). */
  version: string | number;
}

const who: Record<RecipientKind, string> = { partners: 'partner', advertisers: 'advertiser', employees: 'team member' };

/** A template as a chosen recipient would get it: subject, HTML and text part. */
export function TemplatePreview({ recipientKind, render, version }: Props) {
  const [recipient, setRecipient] = useState(0);
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<PreviewRecipient[]>([]);
  // Keeps the last preview while the next one renders; a late answer for an older choice is dropped.
  const rendered = useAsync(() => render(recipient), [recipient, version, recipientKind]);
  const preview = rendered.data ?? null;
  const error = rendered.error?.message ?? '';

  const label = (r: PreviewRecipient) => `${r.name} · #${r.id} · ${r.email}`;
  const current = preview ? { id: preview.id, name: preview.name, email: preview.email } : null;
  // The select shows the chosen recipient's label as its search text: that lists everyone.
  const query = current && search === label(current) ? '' : search;

  useEffect(() => {
    const t = window.setTimeout(() => {
      Templates.recipients(recipientKind, query).then(setFound, () => setFound([]));
    }, 200);
    return () => window.clearTimeout(t);
  }, [recipientKind, query]);

  const options = [...(current ? [current] : []), ...found.filter((r) => r.id !== current?.id)];
  return (
    <Stack gap="xs" data-testid="template-preview">
      <Select
        label={`Preview as ${who[recipientKind]}`}
        searchable
        searchValue={search}
        onSearchChange={setSearch}
        value={current ? String(current.id) : null}
        data={options.map((r) => ({ value: String(r.id), label: label(r) }))}
        onChange={(v) => {
          if (v) setRecipient(Number(v));
          setSearch('');
        }}
        nothingFoundMessage="Nobody matches"
        data-testid="template-preview-recipient"
      />
      {error && (
        <Alert color="red" title="Preview failed" data-testid="template-preview-error">
          {error}
        </Alert>
      )}
      {!preview && !error && <Loader size="sm" />}
      {preview && (
        <>
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            {preview.status !== 'ok' && (
              <Badge color="gray" style={{ flexShrink: 0 }} title={preview.reason}>
                {preview.status}
              </Badge>
            )}
            <Text size="sm" lineClamp={2} data-testid="template-preview-subject" style={{ overflowWrap: 'anywhere' }}>
              <b>Subject:</b> {preview.subject}
            </Text>
          </Group>
          <Tabs defaultValue="html">
            <Tabs.List>
              <Tabs.Tab value="html">HTML</Tabs.Tab>
              <Tabs.Tab value="text">Text part</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="html" pt="xs">
              <iframe title="Template preview" className={classes.previewFrame} sandbox="" srcDoc={preview.html} data-testid="template-preview-frame" />
            </Tabs.Panel>
            <Tabs.Panel value="text" pt="xs">
              <pre className={classes.textPart} data-testid="template-preview-text">
                {preview.text}
              </pre>
            </Tabs.Panel>
          </Tabs>
        </>
      )}
    </Stack>
  );
}
