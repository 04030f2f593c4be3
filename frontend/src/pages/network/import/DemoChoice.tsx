import { useRef, useState } from 'react';
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { DemoChoice } from '../../../api/imports';
import { Network, type Summary } from '../../../api/network';
import { formatInt } from '../../../lib/format';

type Answer = DemoChoice | null;

/**
 * Before the first import or sync into a store that holds only the demo network, asks
 * whether to clear the demo first or keep it next to the user's data. ask() resolves to
 * the choice to send ('' when there is nothing to ask) or null when the user cancelled.
 */
export function useDemoChoice(action: 'import' | 'sync') {
  const [summary, setSummary] = useState<Summary | null>(null);
  const resolver = useRef<((a: Answer) => void) | null>(null);

  const ask = async (): Promise<Answer> => {
    let s: Summary;
    try {
      s = await Network.summary();
    } catch {
      return ''; // the server still refuses an unasked write into the demo
    }
    if (!s.demoChoicePending) return '';
    return new Promise<Answer>((resolve) => {
      resolver.current = resolve;
      setSummary(s);
    });
  };

  const answer = (a: Answer) => {
    resolver.current?.(a);
    resolver.current = null;
    setSummary(null);
  };

  const verb = action === 'import' ? 'import' : 'sync';
  const d = summary?.demoRows;
  const modal = (
    <Modal
      opened={summary !== null}
      onClose={() => answer(null)}
      title="Your network still holds the demo data"
      centered
      size="lg"
      data-testid="demo-choice"
    >
      <Stack>
        <Text size="sm">
          CommHub generated {formatInt(d?.partners ?? 0)} partners, {formatInt(d?.advertisers ?? 0)} advertisers and{' '}
          {formatInt(d?.offers ?? 0)} offers so you could try it, and holds none of your own data yet.
        </Text>
        <Text size="sm">
          Clear the demo before this {verb} so that only your network remains, or keep it next to your data for now.
          Clearing it later removes only the demo rows: what you {verb} stays.
        </Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={() => answer(null)} data-testid="demo-choice-cancel">
            Cancel
          </Button>
          <Button variant="light" onClick={() => answer('keep')} data-testid="demo-choice-keep">
            Keep demo data
          </Button>
          <Button color="red" onClick={() => answer('clear')} data-testid="demo-choice-clear">
            Clear demo and {verb}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
  return { ask, modal };
}
