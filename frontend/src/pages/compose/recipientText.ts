/** Splits pasted text into numeric IDs and email addresses; anything else is returned as bad. */
export function parseRecipients(text: string): { ids: number[]; emails: string[]; bad: string[] } {
  const ids: number[] = [];
  const emails: string[] = [];
  const bad: string[] = [];
  for (const raw of text.split(/[\s,;]+/)) {
    const t = raw.trim().replace(/^<|>$/g, '');
    if (!t) continue;
    if (/^\d{1,15}$/.test(t)) ids.push(Number(t));
    else if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(t)) emails.push(t.toLowerCase());
    else bad.push(t);
  }
  return { ids: [...new Set(ids)], emails: [...new Set(emails)], bad };
}

export function formatRecipients(ids: number[] | null, emails: string[] | null): string {
  return [...(ids ?? []).map(String), ...(emails ?? [])].join('\n');
}
