import { Badge, Group, Tooltip } from '@mantine/core';
import { humanize } from '../lib/format';

const colors: Record<string, string> = {
  active: 'teal',
  approved: 'teal',
  public: 'blue',
  pending: 'yellow',
  paused: 'yellow',
  require_approval: 'orange',
  private: 'grape',
  inactive: 'gray',
  archived: 'gray',
  suspended: 'red',
  rejected: 'red',
  deleted: 'red',
};

/** A status-like value (partner/offer status, visibility, approval) as a coloured badge. */
export function StatusBadge({ value }: { value: string }) {
  return (
    <Badge color={colors[value] ?? 'gray'} variant="light" size="sm" style={{ flexShrink: 0 }}>
      {humanize(value)}
    </Badge>
  );
}

/** Up to `max` tags, then "+n" with the rest in a tooltip. */
export function TagList({ tags, max = 3 }: { tags: string[] | null | undefined; max?: number }) {
  const list = tags ?? [];
  if (list.length === 0) return <span aria-label="no tags">—</span>;
  const shown = list.slice(0, max);
  const hidden = list.slice(max);
  return (
    <Group gap={4} wrap="nowrap">
      {shown.map((t) => (
        <Badge key={t} variant="outline" size="sm" radius="sm" maw={120} title={t} style={{ textTransform: 'none' }}>
          {t}
        </Badge>
      ))}
      {hidden.length > 0 && (
        <Tooltip label={hidden.join(', ')}>
          <Badge variant="default" size="sm" radius="sm" style={{ flexShrink: 0 }}>
            +{hidden.length}
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}
