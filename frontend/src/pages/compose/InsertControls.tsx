import { useState, type ReactNode } from 'react';
import { RichTextEditor } from '@mantine/tiptap';
import { Button, Group, Popover, Stack, TextInput, Tooltip } from '@mantine/core';
import { IconPhoto, IconSquareRoundedPlus } from '@tabler/icons-react';

interface PopoverProps {
  /** The control's accessible name: "Insert image". */
  label: string;
  tooltip: string;
  icon: ReactNode;
  /** The form; close() hides it after an insert. */
  children: (close: () => void) => ReactNode;
}

/** A toolbar control that opens a small form under it. */
function InsertPopover({ label, tooltip, icon, children }: PopoverProps) {
  const [open, setOpen] = useState(false);
  return (
    <Popover opened={open} onChange={setOpen} position="bottom" withArrow trapFocus>
      <Popover.Target>
        <Tooltip label={tooltip}>
          <RichTextEditor.Control aria-label={label} onClick={() => setOpen((o) => !o)}>
            {icon}
          </RichTextEditor.Control>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" w={280}>
          {children(() => setOpen(false))}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

export function ImageControl({ onInsert }: { onInsert: (src: string, alt: string) => void }) {
  const [src, setSrc] = useState('https://');
  const [alt, setAlt] = useState('');
  const ok = /^https?:\/\/\S+$/.test(src);
  return (
    <InsertPopover label="Insert image" tooltip="Insert an image by URL" icon={<IconPhoto size={16} />}>
      {(close) => (
        <>
          <TextInput label="Image URL" value={src} onChange={(e) => setSrc(e.currentTarget.value)} error={src !== 'https://' && !ok ? 'Use an http(s):// address' : undefined} />
          <TextInput label="Alternative text" value={alt} onChange={(e) => setAlt(e.currentTarget.value)} />
          <Button size="xs" disabled={!ok} onClick={() => (onInsert(src, alt), close())}>
            Insert image
          </Button>
        </>
      )}
    </InsertPopover>
  );
}

export function ButtonControl({ onInsert }: { onInsert: (text: string, href: string) => void }) {
  const [text, setText] = useState('Get started');
  const [href, setHref] = useState('{offer_tracking_link}');
  return (
    <InsertPopover label="Insert button" tooltip="Insert a button" icon={<IconSquareRoundedPlus size={16} />}>
      {(close) => (
        <>
          <TextInput label="Button text" value={text} onChange={(e) => setText(e.currentTarget.value)} />
          <TextInput label="Button link" description="An https:// address or a link macro" value={href} onChange={(e) => setHref(e.currentTarget.value)} />
          <Group justify="flex-end">
            <Button size="xs" disabled={!text.trim() || !href.trim()} onClick={() => (onInsert(text, href), close())}>
              Insert button
            </Button>
          </Group>
        </>
      )}
    </InsertPopover>
  );
}
