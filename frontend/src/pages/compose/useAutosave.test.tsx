import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, renderHook, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { fakeRpc } from '../../test/render';
import type { Message } from '../../api/messages';
import { cachedDraft } from './draftCache';
import { useAutosave } from './useAutosave';

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

const draft = (subject: string): Message => ({
  id: 7,
  name: '',
  kind: 'general',
  recipientKind: 'partners',
  subject,
  fromName: '',
  fromEmail: '',
  replyTo: '',
  smtpProfileId: null,
  theme: 'branded',
  body: '<p>x</p>',
  offers: [],
  recipients: { audienceId: null, ids: [], emails: [], excludeIds: [], excludeEmails: [] },
  tracking: { sub1: '', sub2: '', sub3: '', sub4: '', sub5: '', sourceId: '', creativeId: '', url: '' },
  status: 'draft',
});

function useEditing() {
  const [m, setM] = useState<Message>(draft('a'));
  const auto = useAutosave(m, 50);
  return {
    auto,
    type: (subject: string) => {
      const next = { ...m, subject };
      setM(next);
      auto.changed(next);
    },
  };
}

describe('useAutosave', () => {
  it('keeps a local copy at once, saves the last version after the pause, then drops the copy', async () => {
    const saved: string[] = [];
    fakeRpc({ 'Messages.Save': (m: Message) => (saved.push(m.subject), m.id) });
    const { result } = renderHook(() => useEditing());
    act(() => result.current.type('ab'));
    expect(cachedDraft(7)?.message.subject).toBe('ab');
    act(() => result.current.type('abc'));
    expect(result.current.auto.state.kind).toBe('pending');
    await waitFor(() => expect(result.current.auto.state.kind).toBe('saved'));
    expect(saved).toEqual(['abc']);
    expect(cachedDraft(7)).toBeNull();
    expect(result.current.auto.version).toBe(1);
  });

  it('keeps the local copy and says why when the save fails', async () => {
    fakeRpc({
      'Messages.Save': () => {
        throw { status: 409, code: 'conflict', message: 'message 7 is sent and can no longer be edited' };
      },
    });
    const { result } = renderHook(() => useEditing());
    act(() => result.current.type('late edit'));
    await waitFor(() => expect(result.current.auto.state.kind).toBe('error'));
    const st = result.current.auto.state;
    expect(st.kind === 'error' && st.message).toContain('can no longer be edited');
    expect(cachedDraft(7)?.message.subject).toBe('late edit');
  });
});
