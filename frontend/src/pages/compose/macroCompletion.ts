import type { MacroDef } from '../../api/messages';

/** The macro being typed before the cursor: "{partner_na" gives "partner_na". */
export function typedMacro(textBefore: string): string | null {
  const m = /\{([a-z][a-z0-9_]*)?$/.exec(textBefore);
  return m ? (m[1] ?? '') : null;
}

/** Macros matching a typed prefix, usable in the given scope; prefix matches first. */
export function suggestions(macros: MacroDef[], typed: string, scope: string, limit = 8): MacroDef[] {
  const usable = macros.filter((m) => m.scopes.includes(scope) && m.contexts.includes('html'));
  const starts = usable.filter((m) => m.name.startsWith(typed));
  const contains = usable.filter((m) => !m.name.startsWith(typed) && m.name.includes(typed));
  return [...starts, ...contains].slice(0, limit);
}

/** The text to insert for a macro: offer macros name the offer when a message has several. */
export function macroText(m: MacroDef, offers: number[]): string {
  if (m.offer && offers.length > 1) return `{${m.name}:${offers[0]}}`;
  return `{${m.name}}`;
}

/** The macro scope of a message. */
export function scopeOf(kind: string, recipientKind: string): string {
  if (kind === 'offer_details') return 'offer_details';
  return recipientKind === 'advertisers' ? 'advertiser' : 'general';
}

/** What a key does while the completion list is open. */
export type CompletionKey = { move: number } | 'pick' | 'close' | null;

/** Arrows move the highlight (wrapping around), Enter or Tab picks, Escape closes. */
export function completionKey(key: string, index: number, count: number): CompletionKey {
  if (key === 'ArrowDown' || key === 'ArrowUp') return { move: (index + (key === 'ArrowDown' ? 1 : -1) + count) % count };
  if (key === 'Enter' || key === 'Tab') return 'pick';
  if (key === 'Escape') return 'close';
  return null;
}
