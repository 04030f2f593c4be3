import { useState } from 'react';
import { Button, Code, Group, Menu, ScrollArea, Text, TextInput } from '@mantine/core';
import { IconBraces, IconSearch } from '@tabler/icons-react';
import type { MacroDef } from '../../api/messages';

interface Props {
  macros: MacroDef[];
  scope: string;
  /** subject, html or text: macros that cannot go there are left out. */
  context: string;
  onPick: (m: MacroDef) => void;
  testId: string;
}

/** Lists every macro usable here with its description and an example value. */
export function MacroMenu({ macros, scope, context, onPick, testId }: Props) {
  const [q, setQ] = useState('');
  const usable = macros.filter(
    (m) => m.scopes.includes(scope) && m.contexts.includes(context) && (m.name.includes(q) || m.description.toLowerCase().includes(q.toLowerCase())),
  );
  return (
    <Menu shadow="md" width={380} position="bottom-end" onClose={() => setQ('')}>
      <Menu.Target>
        <Button variant="default" size="compact-sm" leftSection={<IconBraces size={14} />} data-testid={testId}>
          Macros
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <TextInput
          size="xs"
          m={4}
          placeholder="Search macros"
          leftSection={<IconSearch size={14} />}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          onKeyDown={(e) => e.stopPropagation()}
        />
        <ScrollArea.Autosize mah={360}>
          {usable.map((m) => (
            <Menu.Item key={m.name} onClick={() => onPick(m)} data-testid={`macro-${m.name}`}>
              <Group gap={6} wrap="nowrap">
                <Code>{'{' + m.name + (m.offer ? '[:id]' : '') + '}'}</Code>
              </Group>
              <Text size="xs" c="dimmed">
                {m.description} Example: {m.example}
              </Text>
            </Menu.Item>
          ))}
          {usable.length === 0 && (
            <Text size="sm" c="dimmed" p="sm">
              No macro matches.
            </Text>
          )}
        </ScrollArea.Autosize>
      </Menu.Dropdown>
    </Menu>
  );
}
