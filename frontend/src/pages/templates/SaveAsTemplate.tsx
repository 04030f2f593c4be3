import { useState } from 'react';
import { ActionIcon, Anchor, Button, Group, Modal, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTemplate } from '@tabler/icons-react';
import { Templates } from '../../api/templates';
import { ApiError } from '../../api/transport';
import { navigate } from '../../app/route';

interface Props {
  messageId: number;
  /** The name offered: the message's internal name or subject. */
  suggestedName: string;
  /** Saves the message's pending changes first. */
  flush: () => Promise<void>;
}

/** "Save as template" in the composer: the message's content and saved audience become a
 * template of the user's own. */
export function SaveAsTemplate({ messageId, suggestedName, flush }: Props) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const start = () => {
    setName(suggestedName.trim().slice(0, 120));
    setError('');
    setOpen(true);
  };
  const save = async () => {
    setBusy(true);
    try {
      await flush();
      const id = await Templates.saveFromMessage(messageId, name);
      setOpen(false);
      notifications.show({
        color: 'teal',
        title: 'Saved as a template',
        message: (
          <>
            “{name.trim()}” is in your templates.{' '}
            <Anchor size="sm" onClick={() => navigate('templates', String(id))}>
              Open it
            </Anchor>
          </>
        ),
        autoClose: 6000,
      });
    } catch (e) {
      setError(e instanceof ApiError || e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {/* An icon keeps the editor's header on one line in the 960 px window. */}
      <Tooltip label="Save as template">
        <ActionIcon variant="default" size="lg" aria-label="Save as template" onClick={start} data-testid="save-as-template" style={{ flexShrink: 0 }}>
          <IconTemplate size={18} />
        </ActionIcon>
      </Tooltip>
      <Modal opened={open} onClose={() => setOpen(false)} title="Save as template">
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            The subject, theme, body and saved audience become a template of your own. Offers are not kept: you pick them each time you use it.
          </Text>
          <TextInput
            label="Template name"
            value={name}
            onChange={(e) => (setName(e.currentTarget.value), setError(''))}
            error={error || undefined}
            data-autofocus
            onKeyDown={(e) => e.key === 'Enter' && name.trim() && !busy && save()}
            data-testid="save-as-template-name"
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button onClick={save} loading={busy} disabled={!name.trim()} data-testid="save-as-template-confirm">
              Save template
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
