import { useState } from 'react';
import { Alert, Button, FileInput, Group, Paper, Progress, Select, Stack, Text, Title } from '@mantine/core';
import { IconAlertCircle, IconFileSpreadsheet, IconPlayerPlay, IconTestPipe } from '@tabler/icons-react';
import {
  IMPORT_KINDS,
  Imports,
  fileToBase64,
  type Detection,
  type ImportFile,
  type ImportKind,
  type ImportProgress,
  type ImportResult,
  type Mapping,
} from '../../../api/imports';
import { ApiError, Events } from '../../../api/transport';
import { useDataVersion } from '../../../app/dataVersion';
import { useEvent } from '../../../lib/useEvent';
import { useDemoChoice } from './DemoChoice';
import { MappingEditor } from './MappingEditor';
import { PreviewTable } from './PreviewTable';
import { ResultView } from './ResultView';

function Step({ n, title, children }: { n: number; title: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={3} size="h5" mb="sm">
        {n}. {title}
      </Title>
      <Stack gap="sm">{children}</Stack>
    </Paper>
  );
}

const message = (e: unknown) => (e instanceof ApiError || e instanceof Error ? e.message : String(e));

/** Pick a file, check the detected column mapping, dry-run, import, read the result. */
export function ImportWizard() {
  const { bump } = useDataVersion();
  const [kind, setKind] = useState<ImportKind>('partners');
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState<ImportFile | null>(null);
  const [detection, setDetection] = useState<Detection | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [error, setError] = useState('');
  const [busy, setBusy] = useState<'' | 'detect' | 'dry' | 'import'>('');
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const demoChoice = useDemoChoice('import');

  useEvent(Events.ImportsProgress, (p) => {
    if (busy === 'dry' || busy === 'import') setProgress(p);
  });

  const detect = async (k: ImportKind, f: File | null) => {
    setDetection(null);
    setResult(null);
    setError('');
    setSource(null);
    if (!f) return;
    setBusy('detect');
    try {
      const src = { fileName: f.name, contentBase64: await fileToBase64(f) };
      const d = await Imports.detect(k, src);
      setSource(src);
      setDetection(d);
      setMapping(d.mapping);
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy('');
    }
  };

  const run = async (dryRun: boolean) => {
    if (!source) return;
    // A dry run writes nothing, so only a real import asks about the demo network.
    const demo = dryRun ? '' : await demoChoice.ask();
    if (demo === null) return;
    setBusy(dryRun ? 'dry' : 'import');
    setProgress(null);
    setResult(null);
    setError('');
    try {
      const r = await Imports.run(kind, source, mapping, dryRun, demo);
      setResult(r);
      if (!dryRun) bump();
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy('');
    }
  };

  const missing = detection ? detection.fields.filter((f) => f.required && !mapping[f.key]).map((f) => f.label) : [];
  const running = busy === 'dry' || busy === 'import';
  const pct = progress && progress.totalBytes > 0 ? Math.min(100, (100 * progress.bytesRead) / progress.totalBytes) : running ? 100 : 0;

  return (
    <Stack gap="md" maw={1100}>
      <Step n={1} title="Choose what to import and the file">
        <Group align="flex-end" gap="md" wrap="wrap">
          <Select
            label="The file holds"
            data={IMPORT_KINDS}
            value={kind}
            allowDeselect={false}
            onChange={(v) => {
              const k = (v ?? 'partners') as ImportKind;
              setKind(k);
              void detect(k, file);
            }}
            w={200}
            data-testid="import-kind"
          />
          <FileInput
            label="File"
            description="CSV (any delimiter, UTF-8 or Windows-1252) or Excel .xlsx"
            placeholder="Pick a file"
            accept=".csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            leftSection={<IconFileSpreadsheet size={16} />}
            value={file}
            onChange={(f) => {
              setFile(f);
              void detect(kind, f);
            }}
            clearable
            w={360}
            data-testid="import-file"
          />
        </Group>
        {busy === 'detect' && <Text size="sm">Reading the file…</Text>}
        {error && (
          <Alert color="red" icon={<IconAlertCircle />} title="The file cannot be imported" data-testid="import-error">
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {error}
            </Text>
          </Alert>
        )}
      </Step>

      {detection && (
        <Step n={2} title="Check the columns">
          <Text size="sm" c="dimmed">
            CommHub matched the file&apos;s columns to its fields by their names (Everflow export headers are known).
            Change any choice; fields left on “not imported” keep their stored values.
          </Text>
          {missing.length > 0 && (
            <Alert color="orange" icon={<IconAlertCircle />} data-testid="import-missing">
              Map a column to {missing.join(', ')}: every row needs {missing.length > 1 ? 'them' : 'it'}.
            </Alert>
          )}
          <MappingEditor detection={detection} mapping={mapping} onChange={setMapping} />
          <PreviewTable detection={detection} mapping={mapping} />
        </Step>
      )}

      {detection && (
        <Step n={3} title="Import">
          <Group gap="sm">
            <Button
              variant="default"
              leftSection={<IconTestPipe size={16} />}
              onClick={() => void run(true)}
              loading={busy === 'dry'}
              disabled={running || missing.length > 0}
              data-testid="import-dry-run"
            >
              Dry run
            </Button>
            <Button
              leftSection={<IconPlayerPlay size={16} />}
              onClick={() => void run(false)}
              loading={busy === 'import'}
              disabled={running || missing.length > 0}
              data-testid="import-run"
            >
              Import
            </Button>
            <Text size="sm" c="dimmed">
              A dry run checks every row and counts what would change, without writing anything.
            </Text>
          </Group>
          {running && (
            <Stack gap={4} data-testid="import-progress">
              <Progress value={pct} animated striped size="lg" />
              <Text size="sm">
                {(progress?.rows ?? 0).toLocaleString()} rows read, {(progress?.errors ?? 0).toLocaleString()} rejected
              </Text>
            </Stack>
          )}
          {result && <ResultView result={result} />}
        </Step>
      )}
      {demoChoice.modal}
    </Stack>
  );
}
