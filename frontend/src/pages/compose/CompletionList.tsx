import type { CSSProperties } from 'react';
import { Paper, Text, UnstyledButton } from '@mantine/core';
import type { MacroDef } from '../../api/messages';
import classes from './compose.module.css';

interface Props {
  items: MacroDef[];
  /** The highlighted item, picked by Enter or Tab. */
  index: number;
  onPick: (m: MacroDef) => void;
  /** Where the list opens, relative to the positioned wrapper of the field. */
  at: Pick<CSSProperties, 'left' | 'top'>;
  testId: string;
}

/** The `{` macro completion list under a subject or body field. */
export function CompletionList({ items, index, onPick, at, testId }: Props) {
  return (
    <Paper shadow="md" withBorder className={classes.completion} style={at} data-testid={testId}>
      {items.map((m, i) => (
        <UnstyledButton
          key={m.name}
          className={classes.completionItem}
          data-active={i === index || undefined}
          onMouseDown={(e) => {
            // Keep the focus (and the caret) in the field the macro goes into.
            e.preventDefault();
            onPick(m);
          }}
        >
          <Text size="sm" ff="monospace">
            {'{' + m.name + '}'}
          </Text>
          <Text size="xs" c="dimmed" lineClamp={1}>
            {m.description} e.g. {m.example}
          </Text>
        </UnstyledButton>
      ))}
    </Paper>
  );
}
