import { ActionIcon, Button, Card, Divider, Group, SegmentedControl, Select, Stack, Text, Tooltip } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { AudienceKind, Group as RuleGroup, Rule, RuleField } from '../../api/audiences';
import type { Facets } from '../../api/network';
import { FIELD_LABELS, FIELDS_BY_KIND, newRule } from './options';
import { RuleInputs, type OfferOption } from './RuleInputs';

interface Props {
  kind: AudienceKind;
  groups: RuleGroup[];
  onChange: (groups: RuleGroup[]) => void;
  facets: Facets | undefined;
  offers: OfferOption[];
  /** 1-based [group, rule] named by the backend's last error, highlighted. */
  badRule?: [number, number];
}

/** Groups of rules: rules inside a group are ANDed, groups are ORed. */
export function GroupsEditor({ kind, groups, onChange, facets, offers, badRule }: Props) {
  const setGroup = (g: number, rules: Rule[]) => onChange(groups.map((grp, i) => (i === g ? { rules } : grp)));
  const removeGroup = (g: number) => onChange(groups.filter((_, i) => i !== g));
  return (
    <Stack gap="xs">
      {groups.map((grp, g) => (
        <Stack key={g} gap="xs">
          {g > 0 && (
            <Divider label={<Text size="xs" fw={700}>OR</Text>} labelPosition="center" />
          )}
          <Card withBorder padding="sm" data-testid={`group-${g + 1}`}>
            <Group justify="space-between" mb="xs">
              <Text size="sm" fw={600}>
                Group {g + 1} <Text span size="xs" c="dimmed">— all of these rules</Text>
              </Text>
              <Tooltip label="Remove this group">
                <ActionIcon variant="subtle" color="gray" aria-label={`Remove group ${g + 1}`} onClick={() => removeGroup(g)}>
                  <IconTrash size={16} />
                </ActionIcon>
              </Tooltip>
            </Group>
            <Stack gap={6}>
              {grp.rules.length === 0 && (
                <Text size="xs" c="dimmed">An empty group matches nobody: add a rule.</Text>
              )}
              {grp.rules.map((rule, i) => (
                <RuleRow key={i} kind={kind} rule={rule} facets={facets} offers={offers}
                  bad={badRule?.[0] === g + 1 && badRule?.[1] === i + 1} label={`Group ${g + 1} rule ${i + 1}`}
                  onChange={(r) => setGroup(g, grp.rules.map((x, j) => (j === i ? r : x)))}
                  onRemove={() => setGroup(g, grp.rules.filter((_, j) => j !== i))} />
              ))}
              <Group>
                <Button size="compact-xs" variant="subtle" leftSection={<IconPlus size={14} />}
                  onClick={() => setGroup(g, [...grp.rules, newRule('status')])}>
                  Add rule
                </Button>
              </Group>
            </Stack>
          </Card>
        </Stack>
      ))}
      <Group>
        <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => onChange([...groups, { rules: [newRule('status')] }])}>
          {groups.length === 0 ? 'Add a group of rules' : 'Add an OR group'}
        </Button>
      </Group>
    </Stack>
  );
}

interface RowProps {
  kind: AudienceKind;
  rule: Rule;
  label: string;
  bad: boolean;
  facets: Facets | undefined;
  offers: OfferOption[];
  onChange: (r: Rule) => void;
  onRemove: () => void;
}

// One rule on two lines: what it looks at (and whether it includes or excludes), then its
// inputs across the full width, so performance rules with ranges and periods fit.
function RuleRow({ kind, rule, label, bad, facets, offers, onChange, onRemove }: RowProps) {
  const fields = FIELDS_BY_KIND[kind].map((f) => ({ value: f, label: FIELD_LABELS[f] }));
  return (
    <Stack gap={6} aria-label={label} data-testid={label.toLowerCase().replace(/ /g, '-')} role="group" py={4}
      style={{ borderLeft: `3px solid ${bad ? 'var(--mantine-color-red-6)' : 'var(--mantine-color-default-border)'}`, paddingLeft: 8 }}>
      <Group gap="xs" wrap="nowrap">
        <SegmentedControl size="xs" aria-label="Include or exclude" value={rule.exclude ? 'exclude' : 'include'}
          color={rule.exclude ? 'red' : undefined}
          data={[{ value: 'include', label: 'Include' }, { value: 'exclude', label: 'Exclude' }]}
          onChange={(v) => onChange({ ...rule, exclude: v === 'exclude' })} />
        <Select aria-label="Rule" size="xs" w={200} data={fields} value={rule.field} allowDeselect={false}
          onChange={(f) => f && onChange({ ...newRule(f as RuleField), exclude: rule.exclude })} />
        <div style={{ flex: 1 }} />
        <ActionIcon variant="subtle" color="gray" aria-label={`Remove ${label.toLowerCase()}`} onClick={onRemove}>
          <IconTrash size={16} />
        </ActionIcon>
      </Group>
      <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
        <RuleInputs kind={kind} rule={rule} onChange={onChange} facets={facets} offers={offers} />
      </Group>
    </Stack>
  );
}
