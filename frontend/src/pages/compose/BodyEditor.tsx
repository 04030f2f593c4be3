import { useEffect, useRef, useState } from 'react';
import { RichTextEditor } from '@mantine/tiptap';
import { useEditor } from '@tiptap/react';
import { Textarea, Tooltip } from '@mantine/core';
import { IconCode } from '@tabler/icons-react';
import '@mantine/tiptap/styles.css';
import type { MacroDef } from '../../api/messages';
import { extensions } from './extensions';
import { completionKey, macroText, suggestions, typedMacro } from './macroCompletion';
import { CompletionList } from './CompletionList';
import { MacroMenu } from './MacroMenu';
import { ButtonControl, ImageControl } from './InsertControls';
import classes from './compose.module.css';

interface Props {
  value: string;
  onChange: (html: string) => void;
  macros: MacroDef[];
  scope: string;
  offers: number[];
}

interface Completion {
  typed: string;
  pos: number;
  items: MacroDef[];
  index: number;
  left: number;
  top: number;
}

/** The rich body editor: TipTap with `{` macro completion, a Macros menu, images by URL,
 * link buttons and an HTML source view. */
export function BodyEditor({ value, onChange, macros, scope, offers }: Props) {
  const [source, setSource] = useState(false);
  const [completion, setCompletion] = useState<Completion | null>(null);
  const completionRef = useRef<Completion | null>(null);
  completionRef.current = completion;
  const wrapRef = useRef<HTMLDivElement>(null);
  const ctx = useRef({ macros, scope, offers });
  ctx.current = { macros, scope, offers };

  const editor = useEditor({
    extensions,
    content: value,
    onUpdate: ({ editor: ed }) => {
      onChange(ed.getHTML());
      updateCompletion();
    },
    onSelectionUpdate: () => updateCompletion(),
    editorProps: {
      attributes: { 'data-testid': 'body-editor', 'aria-label': 'Message body' },
      handleKeyDown: (_view, event) => {
        const c = completionRef.current;
        if (!c || c.items.length === 0) return false;
        const key = completionKey(event.key, c.index, c.items.length);
        if (key === null) return false;
        if (key === 'pick') pick(c.items[c.index]);
        else if (key === 'close') setCompletion(null);
        else setCompletion({ ...c, index: key.move });
        return true;
      },
    },
  });

  function updateCompletion() {
    if (!editor) return;
    const { from, empty } = editor.state.selection;
    const typed = empty ? typedMacro(editor.state.doc.textBetween(Math.max(0, from - 40), from, '\n', '\n')) : null;
    if (typed === null) {
      setCompletion(null);
      return;
    }
    const items = suggestions(ctx.current.macros, typed, ctx.current.scope);
    const coords = editor.view.coordsAtPos(from);
    const box = wrapRef.current?.getBoundingClientRect();
    setCompletion((c) => ({
      typed,
      pos: from,
      items,
      index: c && c.typed === typed ? c.index : 0,
      left: coords.left - (box?.left ?? 0),
      top: coords.bottom - (box?.top ?? 0) + 4,
    }));
  }

  function pick(m: MacroDef) {
    const c = completionRef.current;
    if (!editor || !c) return;
    editor
      .chain()
      .focus()
      .insertContentAt({ from: c.pos - c.typed.length - 1, to: c.pos }, macroText(m, ctx.current.offers))
      .run();
    setCompletion(null);
  }

  // Outside changes (a restored draft, the source view) replace the content.
  useEffect(() => {
    if (editor && !source && value !== editor.getHTML()) {
      editor.commands.setContent(value, { emitUpdate: false });
    }
  }, [editor, value, source]);

  const insertMacro = (m: MacroDef) => editor?.chain().focus().insertContent(macroText(m, offers)).run();

  return (
    <div ref={wrapRef} className={classes.bodyWrap}>
      <RichTextEditor editor={editor} variant="subtle" classNames={{ content: classes.bodyContent }}>
        <RichTextEditor.Toolbar sticky stickyOffset={56}>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.Undo />
            <RichTextEditor.Redo />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.Bold />
            <RichTextEditor.Italic />
            <RichTextEditor.Underline />
            <RichTextEditor.Strikethrough />
            <RichTextEditor.ClearFormatting />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.H1 />
            <RichTextEditor.H2 />
            <RichTextEditor.H3 />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.BulletList />
            <RichTextEditor.OrderedList />
            <RichTextEditor.Blockquote />
            <RichTextEditor.Hr />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.Link />
            <RichTextEditor.Unlink />
            <ImageControl onInsert={(src, alt) => editor?.chain().focus().insertContent({ type: 'image', attrs: { src, alt } }).run()} />
            <ButtonControl
              onInsert={(text, href) =>
                editor
                  ?.chain()
                  .focus()
                  .insertContent({ type: 'text', text, marks: [{ type: 'link', attrs: { href, class: 'button' } }] })
                  .run()
              }
            />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <Tooltip label={source ? 'Back to the editor' : 'Edit the HTML source'}>
              <RichTextEditor.Control
                aria-label="HTML source"
                active={source}
                data-testid="source-toggle"
                onClick={() => {
                  if (source && editor) editor.commands.setContent(value, { emitUpdate: true });
                  setSource(!source);
                }}
              >
                <IconCode size={16} />
              </RichTextEditor.Control>
            </Tooltip>
          </RichTextEditor.ControlsGroup>
          <MacroMenu macros={macros} scope={scope} context="html" onPick={insertMacro} testId="body-macros" />
        </RichTextEditor.Toolbar>
        {source ? (
          <Textarea
            aria-label="HTML source"
            data-testid="source-editor"
            classNames={{ input: classes.source }}
            autosize
            minRows={12}
            value={value}
            onChange={(e) => onChange(e.currentTarget.value)}
          />
        ) : (
          <RichTextEditor.Content />
        )}
      </RichTextEditor>
      {completion && completion.items.length > 0 && !source && (
        <CompletionList
          items={completion.items}
          index={completion.index}
          onPick={pick}
          at={{ left: completion.left, top: completion.top }}
          testId="macro-completion"
        />
      )}
    </div>
  );
}
