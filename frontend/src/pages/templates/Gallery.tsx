import { useMemo, useState } from 'react';
import {
  Alert,
  Button,
  CloseButton,
  EmptyState,
  Group,
  Modal,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconDownload, IconPlus, IconSearch, IconTemplate, IconUpload } from '@tabler/icons-react';
import { Templates, type TemplateSummary } from '../../api/templates';
import { notifyError, notifySuccess } from '../../app/notify';
import { navigate } from '../../app/route';
import { useAsync } from '../../lib/useAsync';
import { applyTemplate } from './applyTemplate';
import { ExportModal, ImportModal } from './Exchange';
import { audienceLabels, categoriesOf, filterTemplates, noFilter, type Audience, type Filter } from './filter';
import { TemplateCard } from './TemplateCard';
import { TemplatePreview } from './TemplatePreview';

function filterDescription(f: Filter): string {
  const q = f.query.trim();
  const narrowed = f.category !== null || f.audience !== null || f.mine;
  if (q && narrowed) return `Nothing matches “${q}” with these filters. Try other words or clear the filters.`;
  if (q) return `Nothing matches “${q}”. Try other words: a name, a category or part of a subject.`;
  return 'No template has this combination of category and kind. Clear the filters to see them all.';
}

/** The template library: every template as a card, most used in the last 100 days first,
 * with search and filters, preview, use, duplicate, delete, import and export. */
export function Gallery() {
  const list = useAsync(() => Templates.list(), []);
  const [filter, setFilter] = useState<Filter>(noFilter);
  const [previewing, setPreviewing] = useState<TemplateSummary>();
  const [deleting, setDeleting] = useState<TemplateSummary>();
  const [importing, setImporting] = useState(false);
  const [exported, setExported] = useState<{ text: string; count: number }>();

  const all = list.data ?? [];
  const categories = useMemo(() => categoriesOf(all), [all]);
  const shown = useMemo(() => filterTemplates(all, filter), [all, filter]);
  const mine = all.filter((t) => !t.builtIn);
  const filtered = filter.query.trim() !== '' || filter.category !== null || filter.audience !== null || filter.mine;

  const exportIds = async (ids: number[], count: number) => {
    try {
      setExported({ text: await Templates.exportText(ids), count });
    } catch (e) {
      notifyError('Export templates', e);
    }
  };
  const duplicate = async (t: TemplateSummary) => {
    try {
      const id = await Templates.duplicate(t.id);
      notifySuccess('Template duplicated', `“${t.name}” was copied into your own templates: edit the copy.`);
      navigate('templates', String(id));
    } catch (e) {
      notifyError('Duplicating the template', e);
    }
  };
  const remove = async (t: TemplateSummary) => {
    try {
      await Templates.remove(t.id);
      setDeleting(undefined);
      notifySuccess('Template deleted', `“${t.name}” is gone; drafts made from it stay.`);
      list.reload();
    } catch (e) {
      notifyError('Deleting the template', e);
    }
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={2}>Templates</Title>
        <Group gap="xs">
          <Button variant="default" size="xs" leftSection={<IconUpload size={14} />} onClick={() => setImporting(true)} data-testid="templates-import">
            Import
          </Button>
          <Button
            variant="default"
            size="xs"
            leftSection={<IconDownload size={14} />}
            onClick={() => exportIds([], mine.length)}
            disabled={mine.length === 0}
            title={mine.length === 0 ? 'You have no templates of your own yet' : undefined}
            data-testid="templates-export"
          >
            Export mine
          </Button>
          <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => navigate('templates', 'new')} data-testid="templates-new">
            New template
          </Button>
        </Group>
      </Group>
      <Group gap="xs" wrap="wrap" align="flex-end">
        <TextInput
          placeholder="Search name, description, subject…"
          aria-label="Search templates"
          leftSection={<IconSearch size={14} />}
          rightSection={filter.query ? <CloseButton size="sm" aria-label="Clear search" onClick={() => setFilter({ ...filter, query: '' })} /> : null}
          value={filter.query}
          onChange={(e) => setFilter({ ...filter, query: e.currentTarget.value })}
          style={{ flex: '1 1 220px', maxWidth: 360 }}
          data-testid="templates-search"
        />
        <Select
          placeholder="All categories"
          aria-label="Category"
          clearable
          clearButtonProps={{ 'aria-label': 'Clear category' }}
          data={categories}
          value={filter.category}
          onChange={(category) => setFilter({ ...filter, category })}
          w={180}
          data-testid="templates-category"
        />
        <SegmentedControl
          size="xs"
          aria-label="Kind"
          value={filter.audience ?? 'all'}
          onChange={(v) => setFilter({ ...filter, audience: v === 'all' ? null : (v as Audience) })}
          data={[{ value: 'all', label: 'All' }, ...Object.entries(audienceLabels).map(([value, label]) => ({ value, label }))]}
          data-testid="templates-kind"
        />
        <Switch
          size="sm"
          label="Mine only"
          checked={filter.mine}
          onChange={(e) => setFilter({ ...filter, mine: e.currentTarget.checked })}
          data-testid="templates-mine"
          mb={4}
        />
      </Group>
      {list.error && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title="Could not load the templates">
          {list.error.message}{' '}
          <Button size="compact-xs" variant="light" onClick={list.reload}>
            Retry
          </Button>
        </Alert>
      )}
      {!list.data && !list.error && (
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3, xl: 4 }}>
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} height={330} radius="md" />
          ))}
        </SimpleGrid>
      )}
      {list.data && shown.length === 0 && (
        <EmptyState
          my="xl"
          icon={<IconTemplate size={28} />}
          withIndicatorBackground
          title={filtered ? 'No template matches' : 'No templates'}
          description={
            filtered
              ? filterDescription(filter)
              : 'Save a message as a template from Compose, or import a templates file.'
          }
          data-testid="templates-empty"
        >
          {filtered && (
            <Button size="xs" mt="sm" variant="light" onClick={() => setFilter(noFilter)} data-testid="templates-clear">
              Clear search and filters
            </Button>
          )}
        </EmptyState>
      )}
      {shown.length > 0 && (
        <>
          <Text size="xs" c="dimmed" data-testid="templates-count">
            {shown.length === all.length ? `${all.length} templates, most used in the last 100 days first` : `${shown.length} of ${all.length} templates`}
          </Text>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3, xl: 4 }} data-testid="templates-grid">
            {shown.map((t) => (
              <TemplateCard
                key={t.id}
                t={t}
                version={t.updatedAt}
                actions={{
                  onUse: () => applyTemplate(t.id, t.name, t.kind === 'offer_details'),
                  onPreview: () => setPreviewing(t),
                  onDuplicate: () => duplicate(t),
                  onEdit: () => navigate('templates', String(t.id)),
                  onExport: () => exportIds([t.id], 1),
                  onDelete: () => setDeleting(t),
                }}
              />
            ))}
          </SimpleGrid>
        </>
      )}
      <Modal
        opened={previewing !== undefined}
        onClose={() => setPreviewing(undefined)}
        title={<Text fw={600} lineClamp={1} title={previewing?.name}>{previewing?.name}</Text>}
        size="xl"
        data-testid="template-preview-modal"
      >
        {previewing && (
          <Stack gap="sm">
            {previewing.description && (
              <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                {previewing.description}
              </Text>
            )}
            <Group justify="space-between" wrap="nowrap">
              <Text size="xs" c="dimmed">
                {previewing.audienceName ? `Suggested audience: ${previewing.audienceName}` : 'Pick the recipients when you use it.'}
                {previewing.kind === 'offer_details' ? ' Shown with a sample offer: you pick the offers when you use it.' : ''}
              </Text>
              <Button size="xs" onClick={() => applyTemplate(previewing.id, previewing.name, previewing.kind === 'offer_details')} data-testid="template-preview-use" style={{ flexShrink: 0 }}>
                Use this template
              </Button>
            </Group>
            <TemplatePreview recipientKind={previewing.recipientKind} render={(r) => Templates.preview(previewing.id, r)} version={previewing.id} />
          </Stack>
        )}
      </Modal>
      <Modal opened={deleting !== undefined} onClose={() => setDeleting(undefined)} title="Delete the template?" data-testid="template-delete-modal">
        <Stack gap="sm">
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            “{deleting?.name}” will be deleted with its use counts. Drafts and sent messages made from it are not affected.
          </Text>
          <Group justify="flex-end" gap="xs">
            <Button size="xs" variant="default" onClick={() => setDeleting(undefined)}>
              Cancel
            </Button>
            <Button size="xs" color="red" onClick={() => deleting && remove(deleting)} data-testid="template-delete-confirm">
              Delete
            </Button>
          </Group>
        </Stack>
      </Modal>
      <ImportModal opened={importing} onClose={() => setImporting(false)} onDone={list.reload} />
      <ExportModal text={exported?.text} count={exported?.count ?? 0} onClose={() => setExported(undefined)} />
    </Stack>
  );
}
