import { useEffect, useState } from 'react';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Tabs,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconChevronLeft, IconChevronRight, IconSend } from '@tabler/icons-react';
import { Messages, type Decision, type Preview } from '../../api/messages';
import { ApiError } from '../../api/transport';
import { notifyError, notifySuccess } from '../../app/notify';
import { EligibilitySummary } from './EligibilitySummary';
import classes from './compose.module.css';

interface Props {
  messageId: number;
  /** Changes after every save: the preview follows the saved draft. */
  version: number;
  defaultTestAddress: string;
}

const statusColor: Record<string, string> = { ok: 'teal', blocked: 'red', skipped: 'gray' };

/** The exact email a chosen recipient gets, with arrows through the recipients, the
 * eligibility summary of the whole send and a test send. */
export function PreviewPane({ messageId, version, defaultTestAddress }: Props) {
  const [index, setIndex] = useState(0);
  const [total, setTotal] = useState(0);
  const [current, setCurrent] = useState<Decision | null>(null);
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<Decision[]>([]);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState('');
  const [width, setWidth] = useState<'desktop' | 'mobile'>('desktop');
  const [to, setTo] = useState(defaultTestAddress);
  const [sending, setSending] = useState(false);

  // The recipient at the current position (the list follows the saved draft).
  useEffect(() => {
    let stale = false;
    Messages.recipients(messageId, '', index, 1).then(
      (p) => {
        if (stale) return;
        setTotal(p.total);
        if (p.items.length > 0) setCurrent(p.items[0]);
        else if (p.total > 0 && index >= p.total) setIndex(p.total - 1);
        else setCurrent(null);
      },
      (e: unknown) => !stale && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      stale = true;
    };
  }, [messageId, version, index]);

  useEffect(() => {
    const t = window.setTimeout(() => {
      Messages.recipients(messageId, search, 0, 20).then((p) => setFound(p.items), () => setFound([]));
    }, 250);
    return () => window.clearTimeout(t);
  }, [messageId, version, search]);

  useEffect(() => {
    if (!current || current.id === 0) {
      setPreview(null);
      return;
    }
    let stale = false;
    Messages.preview(messageId, current.id).then(
      (p) => {
        if (!stale) {
          setPreview(p);
          setError('');
        }
      },
      (e: unknown) => !stale && setError(e instanceof ApiError ? e.message : String(e)),
    );
    return () => {
      stale = true;
    };
  }, [messageId, version, current]);

  async function testSend() {
    if (!current) return;
    setSending(true);
    try {
      const r = await Messages.testSend(messageId, current.id, to);
      notifySuccess('Test sent', `“${r.subject}” went to ${r.to}.`);
    } catch (e) {
      notifyError('Test send', e);
    } finally {
      setSending(false);
    }
  }

  return (
    <Stack gap="sm" data-testid="preview-pane">
      <EligibilitySummary messageId={messageId} version={version} />
      <Paper withBorder p="sm">
        <Group gap="xs" wrap="nowrap">
          <Tooltip label="Previous recipient">
            <ActionIcon variant="default" aria-label="Previous recipient" disabled={index === 0} onClick={() => setIndex(index - 1)} data-testid="preview-prev">
              <IconChevronLeft size={16} />
            </ActionIcon>
          </Tooltip>
          <Select
            style={{ flex: 1, minWidth: 0 }}
            aria-label="Preview as"
            placeholder={total === 0 ? 'No recipients yet' : 'Search a recipient by name, ID or email'}
            searchable
            searchValue={search}
            onSearchChange={setSearch}
            value={current ? String(current.id) : null}
            data={[...(current ? [current] : []), ...found.filter((d) => d.id !== current?.id)]
              .filter((d) => d.id !== 0)
              .map((d) => ({ value: String(d.id), label: `${d.name} · #${d.id} · ${d.email}` }))}
            onChange={(v) => {
              const d = found.find((x) => String(x.id) === v);
              if (d) setCurrent(d);
              setSearch('');
            }}
            nothingFoundMessage="No recipient matches"
            data-testid="preview-recipient"
          />
          <Tooltip label="Next recipient">
            <ActionIcon
              variant="default"
              aria-label="Next recipient"
              disabled={index >= total - 1}
              onClick={() => setIndex(index + 1)}
              data-testid="preview-next"
            >
              <IconChevronRight size={16} />
            </ActionIcon>
          </Tooltip>
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }} data-testid="preview-position">
            {total === 0 ? '0 / 0' : `${index + 1} / ${total.toLocaleString()}`}
          </Text>
        </Group>
      </Paper>
      {error && (
        <Alert color="red" title="Preview failed" data-testid="preview-error">
          {error}
        </Alert>
      )}
      {!preview && !error && total > 0 && <Loader size="sm" />}
      {preview && (
        <Paper withBorder p="sm">
          <Stack gap={6}>
            <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
              <Badge color={statusColor[preview.status]} data-testid="preview-status" style={{ flexShrink: 0 }} maw="none">
                {preview.status === 'ok' ? 'will receive' : preview.status}
              </Badge>
              <Text size="sm" truncate="end" title={`${preview.name} <${preview.email}>`}>
                {preview.name} &lt;{preview.email}&gt;
              </Text>
            </Group>
            {preview.reason && (
              <Text size="xs" c={preview.status === 'blocked' ? 'red' : 'dimmed'} data-testid="preview-reason">
                {preview.reason}
              </Text>
            )}
            <Text size="sm" data-testid="preview-subject">
              <b>Subject:</b> {preview.subject}
            </Text>
            <Tabs defaultValue="html">
              <Tabs.List>
                <Tabs.Tab value="html">HTML</Tabs.Tab>
                <Tabs.Tab value="text">Text part</Tabs.Tab>
                <SegmentedControl
                  ml="auto"
                  mb={4}
                  size="xs"
                  value={width}
                  onChange={(v) => setWidth(v as 'desktop' | 'mobile')}
                  data={[
                    { value: 'desktop', label: 'Desktop' },
                    { value: 'mobile', label: 'Mobile' },
                  ]}
                  aria-label="Preview width"
                  data-testid="preview-width"
                />
              </Tabs.List>
              <Tabs.Panel value="html" pt="xs">
                <iframe
                  title="Email preview"
                  className={classes.previewFrame}
                  style={{ width: width === 'desktop' ? '100%' : 375 }}
                  sandbox=""
                  srcDoc={preview.html}
                  data-testid="preview-frame"
                />
              </Tabs.Panel>
              <Tabs.Panel value="text" pt="xs">
                <pre className={classes.textPart} data-testid="preview-text">
                  {preview.text}
                </pre>
              </Tabs.Panel>
            </Tabs>
          </Stack>
        </Paper>
      )}
      <Paper withBorder p="sm">
        <Group align="flex-end" wrap="nowrap">
          <TextInput
            style={{ flex: 1 }}
            label="Send a test of this preview to"
            placeholder="you@example.com"
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
            data-testid="test-address"
          />
          <Button leftSection={<IconSend size={16} />} loading={sending} disabled={!current || !to} onClick={testSend} data-testid="test-send">
            Send test
          </Button>
        </Group>
      </Paper>
    </Stack>
  );
}
