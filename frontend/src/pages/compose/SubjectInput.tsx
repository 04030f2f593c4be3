import { forwardRef, useState, type ReactNode } from 'react';
import { TextInput } from '@mantine/core';
import type { MacroDef } from '../../api/messages';
import { completionKey, macroText, typedMacro } from './macroCompletion';
import { CompletionList } from './CompletionList';
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
          const key = completionKey(e.key, index, items.length);
          if (key === 'close') setTyped(null);
          else if (key) {
            e.preventDefault();
            if (key === 'pick') pick(items[index]);
            else setIndex(key.move);
          }
        }}
      />
      {items.length > 0 && <CompletionList items={items} index={index} onPick={pick} at={{ left: 0, top: '100%' }} testId="subject-completion" />}
    </div>
  );
});
