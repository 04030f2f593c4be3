import type { Message } from '../../api/messages';

// Every keystroke is copied here before it is sent to the backend, so nothing typed is
// lost when the window closes or the app crashes between two autosaves.
const key = (id: number) => `commhub.compose.unsaved.${id}`;

export interface Cached {
  message: Message;
  at: number;
}

export function cacheDraft(m: Message) {
  try {
    localStorage.setItem(key(m.id), JSON.stringify({ message: m, at: Date.now() } satisfies Cached));
  } catch {
    // storage full or disabled: the autosave still runs
  }
}

export function cachedDraft(id: number): Cached | null {
  try {
    const raw = localStorage.getItem(key(id));
    return raw ? (JSON.parse(raw) as Cached) : null;
  } catch {
    return null;
  }
}

export function clearCachedDraft(id: number) {
  localStorage.removeItem(key(id));
}
