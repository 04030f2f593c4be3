import { useCallback, useEffect, useRef, useState } from 'react';
import { Messages, type Message } from '../../api/messages';
import { ApiError } from '../../api/transport';
import { cacheDraft, clearCachedDraft } from './draftCache';

export type SaveState = { kind: 'saved'; at: Date } | { kind: 'pending' } | { kind: 'saving' } | { kind: 'error'; message: string };

/**
 * Saves the draft `delay` ms after the last change, keeps a local copy of every change
 * until the backend has it, and saves at once when the page is hidden or left.
 * `version` counts successful saves (the preview follows it).
 */
export function useAutosave(draft: Message | null, delay = 700) {
  const [state, setState] = useState<SaveState>({ kind: 'saved', at: new Date() });
  const [version, setVersion] = useState(0);
  const latest = useRef(draft);
  const dirty = useRef(false);
  const busy = useRef(false);
  latest.current = draft;

  const flush = useCallback(async () => {
    const m = latest.current;
    if (!m || !dirty.current || busy.current) return;
    busy.current = true;
    dirty.current = false;
    setState({ kind: 'saving' });
    try {
      await Messages.save(m);
      if (latest.current === m) clearCachedDraft(m.id);
      setVersion((v) => v + 1);
      setState(dirty.current ? { kind: 'pending' } : { kind: 'saved', at: new Date() });
    } catch (e) {
      dirty.current = true;
      setState({ kind: 'error', message: e instanceof ApiError ? e.message : String(e) });
    } finally {
      busy.current = false;
    }
    if (dirty.current && latest.current !== m) void flush();
  }, []);

  /** Call on every change. */
  const changed = useCallback((m: Message) => {
    cacheDraft(m);
    dirty.current = true;
    setState({ kind: 'pending' });
  }, []);

  useEffect(() => {
    if (!dirty.current) return;
    const t = window.setTimeout(() => void flush(), delay);
    return () => window.clearTimeout(t);
  }, [draft, delay, flush]);

  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden') void flush();
    };
    const onUnload = (e: BeforeUnloadEvent) => {
      if (!dirty.current) return;
      void flush();
      e.preventDefault();
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('beforeunload', onUnload);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('beforeunload', onUnload);
      void flush(); // leaving the editor inside the app
    };
  }, [flush]);

  return { state, version, changed, flush, markDirty: () => (dirty.current = true) };
}
