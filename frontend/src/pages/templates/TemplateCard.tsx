import { ActionIcon, Badge, Button, Card, Group, Menu, Stack, Text, Tooltip } from '@mantine/core';
import { IconCopy, IconDots, IconDownload, IconEye, IconPencil, IconTrash, IconUsers } from '@tabler/icons-react';
import type { TemplateSummary } from '../../api/templates';
import { audienceLabels, audienceOf, usesLabel } from './filter';
import { Thumbnail } from './Thumbnail';
import classes from './templates.module.css';

export interface CardActions {
  onUse: () => void;
  onPreview: () => void;
  onDuplicate: () => void;
  onEdit: () => void;
  onExport: () => void;
  onDelete: () => void;
}

const kindColor = { general: 'blue', offer_details: 'orange', advertisers: 'grape', team: 'teal' } as const;

/** One gallery card: thumbnail, name, category and kind, description, suggested audience,
 * recent uses, and what can be done with it. */
export function TemplateCard({ t, version, actions }: { t: TemplateSummary; version: string; actions: CardActions }) {
  const kind = audienceOf(t);
  return (
    <Card withBorder padding={0} radius="md" className={classes.card} data-testid="template-card" data-template-id={t.id}>
      <Card.Section onClick={actions.onPreview} style={{ cursor: 'zoom-in' }}>
        <Thumbnail id={t.id} version={version} name={t.name} />
      </Card.Section>
      <Stack gap={6} p="sm" style={{ flex: 1 }}>
        <Group gap={6} wrap="wrap">
          <Badge size="sm" variant="light" color={kindColor[kind]}>
            {audienceLabels[kind]}
          </Badge>
          <Badge size="sm" variant="outline" color="gray" maw={160} title={t.category}>
            {t.category}
          </Badge>
          {!t.builtIn && (
            <Badge size="sm" variant="dot" color="green">
              Mine
            </Badge>
          )}
        </Group>
        <Text fw={600} lineClamp={2} className={classes.name} title={t.name} data-testid="template-name">
          {t.name}
        </Text>
        <Text size="sm" c="dimmed" lineClamp={3} style={{ overflowWrap: 'anywhere' }} title={t.description}>
          {t.description || t.subject}
        </Text>
        {t.audienceName && (
          <Group gap={4} wrap="nowrap" style={{ minWidth: 0 }}>
            <IconUsers size={14} style={{ flexShrink: 0 }} />
            <Text size="xs" truncate="end" title={`Suggested audience: ${t.audienceName}`}>
              {t.audienceName}
            </Text>
          </Group>
        )}
        <Text size="xs" c="dimmed" data-testid="template-uses" mt="auto">
          {usesLabel(t.uses)}
        </Text>
      </Stack>
      <Group gap="xs" p="sm" pt={0} wrap="nowrap">
        <Button size="xs" onClick={actions.onUse} style={{ flex: 1 }} data-testid="template-use">
          Use
        </Button>
        <Button size="xs" variant="default" leftSection={<IconEye size={14} />} onClick={actions.onPreview} data-testid="template-preview-open">
          Preview
        </Button>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Tooltip label="More">
              <ActionIcon variant="default" size="md" aria-label={`More actions for ${t.name}`} data-testid="template-more">
                <IconDots size={16} />
              </ActionIcon>
            </Tooltip>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item leftSection={<IconCopy size={14} />} onClick={actions.onDuplicate} data-testid="template-duplicate">
              Duplicate
            </Menu.Item>
            {!t.builtIn && (
              <Menu.Item leftSection={<IconPencil size={14} />} onClick={actions.onEdit} data-testid="template-edit">
                Edit
              </Menu.Item>
            )}
            <Menu.Item leftSection={<IconDownload size={14} />} onClick={actions.onExport} data-testid="template-export">
              Export
            </Menu.Item>
            {!t.builtIn && (
              <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={actions.onDelete} data-testid="template-delete">
                Delete
              </Menu.Item>
            )}
          </Menu.Dropdown>
        </Menu>
      </Group>
    </Card>
  );
}
