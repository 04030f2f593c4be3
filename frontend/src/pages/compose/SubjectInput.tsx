import { forwardRef, useState, type ReactNode } from 'react';
import { Paper, Text, TextInput, UnstyledButton } from '@mantine/core';
import type { MacroDef } from '../../api/messages';
import { macroText, typedMacro } from './macroCompletion';
import classes from './compose.module.css';

interface Props {
  value: string;
  onChange: (v: string) => void;
  error?: string;
  macros: MacroDef[];
  scope: string;
  offers: number[];
  rightSection: ReactNode;
}

/** The subject line, with the same `{` completion as the body (subject-safe macros only). */
export const SubjectInput = forwardRef<HTMLInputElement, Props>(function SubjectInput(props, ref) {
  const [typed, setTyped] = useState<{ text: string; caret: number } | null>(null);
  const [index, setIndex] = useState(0);
  const items = typed
    ? props.macros.filter((m) => m.scopes.includes(props.scope) && m.contexts.includes('subject') && m.name.includes(typed.text)).slice(0, 8)
    : [];

  function track(value: string, caret: number) {
    const t = typedMacro(value.slice(0, caret));
    setTyped(t === null ? null : { text: t, caret });
    if (t === null || t !== typed?.text) setIndex(0);
  }

  function pick(m: MacroDef) {
    if (!typed) return;
    const start = typed.caret - typed.text.length - 1;
    props.onChange(props.value.slice(0, start) + macroText(m, props.offers) + props.value.slice(typed.caret));
    setTyped(null);
  }

  return (
    <div className={classes.bodyWrap}>
      <TextInput
        ref={ref}
        label="Subject"
        value={props.value}
        error={props.error}
        rightSectionWidth={96}
        rightSection={props.rightSection}
        data-testid="message-subject"
        onChange={(e) => {
          props.onChange(e.currentTarget.value);
          track(e.currentTarget.value, e.currentTarget.selectionStart ?? e.currentTarget.value.length);
        }}
        onBlur={() => setTyped(null)}
        onKeyDown={(e) => {
          if (items.length === 0) return;
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            setIndex((i) => (i + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length);
          } else if (e.key === 'Enter' || e.key === 'Tab') {
            e.preventDefault();
            pick(items[index]);
          } else if (e.key === 'Escape') {
            setTyped(null);
          }
        }}
      />
      {items.length > 0 && (
        <Paper shadow="md" withBorder className={classes.completion} style={{ left: 0, top: '100%' }} data-testid="subject-completion">
          {items.map((m, i) => (
            <UnstyledButton
              key={m.name}
              className={classes.completionItem}
              data-active={i === index || undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(m);
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
      )}
    </div>
  );
});
