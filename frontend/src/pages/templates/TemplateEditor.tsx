import { useEffect, useRef, useState } from 'react';
import {
  Alert,
  Anchor,
  Autocomplete,
  Button,
  Grid,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { IconArrowLeft, IconDeviceFloppy } from '@tabler/icons-react';
import { Audiences, type Summary as AudienceSummary } from '../../api/audiences';
import { Messages, type MacroDef } from '../../api/messages';
import { Templates, type FieldError, type Template } from '../../api/templates';
import { notifyError, notifySuccess } from '../../app/notify';
import { navigate } from '../../app/route';
import { BodyEditor } from '../compose/BodyEditor';
import { MacroMenu } from '../compose/MacroMenu';
import { SubjectInput } from '../compose/SubjectInput';
import { scopeOf } from '../compose/macroCompletion';
import { applyTemplate } from './applyTemplate';
import { audienceLabels, audienceOf, type Audience } from './filter';
import { TemplatePreview } from './TemplatePreview';
import classes from './templates.module.css';

const blank: Template = {
  id: 0,
  key: '',
  builtIn: false,
  uses: 0,
  lastUsedAt: null,
  createdAt: '',
  updatedAt: '',
  name: '',
  category: '',
  description: '',
  kind: 'general',
  recipientKind: 'partners',
  subject: '',
  theme: 'branded',
  header: '',
  body: '<p>Hi {partner_first_name|there},</p><p></p>',
  footer: '',
  unsubscribe: '',
  audience: null,
};

/** The kind switch's value written back as message kind and recipient kind. */
function kinds(a: Audience): Pick<Template, 'kind' | 'recipientKind'> {
  switch (a) {
    case 'offer_details':
      return { kind: 'offer_details', recipientKind: 'partners' };
    case 'advertisers':
      return { kind: 'general', recipientKind: 'advertisers' };
    case 'team':
      return { kind: 'general', recipientKind: 'employees' };
  }
  return { kind: 'general', recipientKind: 'partners' };
}

/** Debounces a value: the preview and the checks follow the editor 400 ms behind. */
function useSettled<T>(value: T, ms = 400): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(t);
  }, [value, ms]);
  return settled;
}

/** Edits a user template with the composer's own subject and body editors; the preview
 * on the right renders it for a chosen recipient as it is being written. */
export function TemplateEditor({ id }: { id: number }) {
  const [draft, setDraft] = useState<Template | null>(id === 0 ? blank : null);
  const [loadError, setLoadError] = useState('');
  const [macros, setMacros] = useState<MacroDef[]>([]);
  const [audiences, setAudiences] = useState<AudienceSummary[]>([]);
  const [categories, setCategories] = useState<string[]>([]);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [saving, setSaving] = useState(false);
  const [dirty, setDirty] = useState(false);
  const subjectRef = useRef<HTMLInputElement>(null);
  const settled = useSettled(draft);

  useEffect(() => {
    Messages.macros().then(setMacros, () => setMacros([]));
    Audiences.list().then(setAudiences, () => setAudiences([]));
    Templates.list().then((l) => setCategories([...new Set(l.map((t) => t.category))]), () => setCategories([]));
    if (id !== 0) {
      Templates.get(id).then(setDraft, (e: unknown) => setLoadError(e instanceof Error ? e.message : String(e)));
    }
  }, [id]);

  useEffect(() => {
    if (!settled) return;
    let stale = false;
    Templates.validate(settled).then((e) => !stale && setErrors(e), () => {});
    return () => {
      stale = true;
    };
  }, [settled]);

  if (loadError) {
    return (
      <Alert color="red" title="Cannot open this template">
        {loadError} <Anchor onClick={() => navigate('templates')}>Back to templates</Anchor>
      </Alert>
    );
  }
  if (!draft) return <Loader />;
  if (draft.builtIn) {
    return (
      <Alert color="blue" title="Built-in templates cannot be edited" data-testid="builtin-notice">
        “{draft.name}” ships with CommHub. Duplicate it from the gallery to make your own version.{' '}
        <Anchor onClick={() => navigate('templates')}>Back to templates</Anchor>
      </Alert>
    );
  }

  const update = (patch: Partial<Template>) => {
    setDraft({ ...draft, ...patch });
    setDirty(true);
  };
  const scope = scopeOf(draft.kind, draft.recipientKind);
  const fieldError = (field: string) =>
    errors
      .filter((e) => e.field === field || e.field.startsWith(field + '.'))
      .map((e) => e.message)
      .join(' · ') || undefined;
  const kind = audienceOf(draft);
  const audienceKind = draft.recipientKind === 'advertisers' ? 'advertisers' : 'partners';
  const audienceOptions = [
    { value: 'none', label: 'No suggestion' },
    ...(draft.audience && !audiences.some((a) => a.name === draft.audience?.name) ? [{ value: 'current', label: draft.audience.name }] : []),
    ...audiences.filter((a) => a.kind === audienceKind).map((a) => ({ value: String(a.id), label: a.name })),
  ];
  const audienceValue = !draft.audience ? 'none' : String(audiences.find((a) => a.name === draft.audience?.name)?.id ?? 'current');

  const pickAudience = async (v: string | null) => {
    if (!v || v === 'current') return;
    if (v === 'none') return update({ audience: null });
    try {
      const a = await Audiences.get(Number(v));
      update({ audience: { name: a.name, description: a.description, rules: a.rules } });
    } catch (e) {
      notifyError('Reading the audience', e);
    }
  };
  const save = async (): Promise<number | undefined> => {
    setSaving(true);
    try {
      const saved = await Templates.save(draft);
      setDirty(false);
      notifySuccess('Template saved', `“${draft.name.trim()}” is in your templates.`);
      if (draft.id === 0) {
        navigate('templates', String(saved));
      }
      return saved;
    } catch (e) {
      notifyError('Saving the template', e);
      return undefined;
    } finally {
      setSaving(false);
    }
  };
  const insertInSubject = (m: MacroDef) => {
    const el = subjectRef.current;
    const at = el?.selectionStart ?? draft.subject.length;
    update({ subject: draft.subject.slice(0, at) + `{${m.name}}` + draft.subject.slice(el?.selectionEnd ?? at) });
  };
  const htmlPart = (field: 'header' | 'footer' | 'unsubscribe', label: string, description: string) => (
    <Textarea
      label={label}
      description={description}
      autosize
      minRows={1}
      maxRows={6}
      value={draft[field]}
      error={fieldError(field)}
      onChange={(e) => update({ [field]: e.currentTarget.value })}
      classNames={{ input: classes.html }}
      data-testid={`template-${field}`}
    />
  );

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="nowrap">
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          <Anchor onClick={() => navigate('templates')} aria-label="Back to templates">
            <IconArrowLeft size={18} />
          </Anchor>
          <Title order={2} size="h3" lineClamp={1} title={draft.name} data-testid="template-editor-title" style={{ overflowWrap: 'anywhere' }}>
            {draft.name || 'New template'}
          </Title>
        </Group>
        <Group gap="xs" wrap="nowrap">
          {draft.id !== 0 && (
            <Button
              variant="default"
              onClick={async () => {
                const saved = dirty ? await save() : draft.id;
                if (saved) await applyTemplate(saved, draft.name, draft.kind === 'offer_details');
              }}
              data-testid="template-editor-use"
            >
              Use
            </Button>
          )}
          <Button leftSection={<IconDeviceFloppy size={16} />} loading={saving} onClick={save} disabled={!dirty && draft.id !== 0} data-testid="template-save">
            Save
          </Button>
        </Group>
      </Group>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label="Name" required value={draft.name} error={fieldError('name')} onChange={(e) => update({ name: e.currentTarget.value })} data-testid="template-name-input" />
              <Autocomplete label="Category" placeholder="My templates" data={categories} value={draft.category} error={fieldError('category')} onChange={(category) => update({ category })} />
            </SimpleGrid>
            <Textarea label="Description" autosize minRows={1} maxRows={4} value={draft.description} error={fieldError('description')} onChange={(e) => update({ description: e.currentTarget.value })} />
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                Kind
              </Text>
              <SegmentedControl
                value={kind}
                onChange={(v) => {
                  const next = kinds(v as Audience);
                  const keep = draft.audience && (next.recipientKind === 'advertisers') === (draft.recipientKind === 'advertisers') && next.recipientKind !== 'employees';
                  update({ ...next, audience: keep ? draft.audience : null });
                }}
                data={Object.entries(audienceLabels).map(([value, label]) => ({ value, label }))}
                data-testid="template-kind"
              />
              {fieldError('kind') && <Text size="xs" c="red">{fieldError('kind')}</Text>}
            </Stack>
            {draft.recipientKind !== 'employees' && (
              <Select
                label="Suggested audience"
                description="Preselected when the template is used"
                data={audienceOptions}
                value={audienceValue}
                allowDeselect={false}
                onChange={pickAudience}
                error={fieldError('audience')}
                data-testid="template-audience"
              />
            )}
            <SubjectInput
              ref={subjectRef}
              value={draft.subject}
              onChange={(subject) => update({ subject })}
              error={fieldError('subject')}
              macros={macros}
              scope={scope}
              offers={[]}
              rightSection={<MacroMenu macros={macros} scope={scope} context="subject" onPick={insertInSubject} testId="template-subject-macros" />}
            />
            <Select
              label="Theme (the header band)"
              value={draft.theme}
              allowDeselect={false}
              onChange={(v) => v && update({ theme: v as Template['theme'] })}
              data={[
                { value: 'blank', label: 'Blank' },
                { value: 'logo', label: 'Logo' },
                { value: 'branded', label: 'Branded (logo and colours)' },
              ]}
            />
            {htmlPart('header', 'Header (HTML)', 'Opens the email, e.g. a headline')}
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                Main body
              </Text>
              <BodyEditor value={draft.body} onChange={(body) => update({ body })} macros={macros} scope={scope} offers={[]} />
              {fieldError('body') && (
                <Text size="xs" c="red" data-testid="template-body-error">
                  {fieldError('body')}
                </Text>
              )}
            </Stack>
            {htmlPart('footer', 'Footer (HTML)', 'The sign-off')}
            {htmlPart('unsubscribe', 'Unsubscribe line (HTML)', 'With {unsub_link}; left empty, the composer adds one to the footer')}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Paper withBorder p="sm">
            {settled && (
              <TemplatePreview recipientKind={settled.recipientKind} render={(r) => Templates.previewDraft(settled, r)} version={JSON.stringify(settled)} />
            )}
          </Paper>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
