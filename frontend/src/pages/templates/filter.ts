import type { TemplateSummary } from '../../api/templates';

/** The gallery's kind filter: what a template is, as a manager thinks of it. */
export type Audience = 'general' | 'offer_details' | 'advertisers' | 'team';

export const audienceLabels: Record<Audience, string> = {
  general: 'General',
  offer_details: 'Offer Details',
  advertisers: 'To advertisers',
  team: 'To the team',
};

export function audienceOf(t: Pick<TemplateSummary, 'kind' | 'recipientKind'>): Audience {
  if (t.kind === 'offer_details') return 'offer_details';
  if (t.recipientKind === 'advertisers') return 'advertisers';
  if (t.recipientKind === 'employees') return 'team';
  return 'general';
}

export interface Filter {
  query: string;
  category: string | null;
  audience: Audience | null;
  /** Only the user's own templates. */
  mine: boolean;
}

export const noFilter: Filter = { query: '', category: null, audience: null, mine: false };

/** Folds case and accents, so "réengagement" finds "Re-engagement" and the reverse. */
function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Keeps the list's order (most used first); every word of the query must appear in the
 * name, category, description, subject or suggested audience. */
export function filterTemplates(list: TemplateSummary[], f: Filter): TemplateSummary[] {
  const words = fold(f.query).split(' ').filter(Boolean);
  return list.filter((t) => {
    if (f.category && t.category !== f.category) return false;
    if (f.audience && audienceOf(t) !== f.audience) return false;
    if (f.mine && t.builtIn) return false;
    if (words.length === 0) return true;
    const hay = fold([t.name, t.category, t.description, t.subject, t.audienceName].join(' '));
    // "reengagement" finds "re-engagement" too.
    const joined = hay.replace(/ /g, '');
    return words.every((w) => hay.includes(w) || joined.includes(w));
  });
}

/** The categories present, in first-seen order of the library, the user's own after. */
export function categoriesOf(list: TemplateSummary[]): string[] {
  const builtIn = list.filter((t) => t.builtIn).map((t) => t.category);
  const mine = list.filter((t) => !t.builtIn).map((t) => t.category);
  return [...new Set([...builtIn, ...mine.sort((a, b) => a.localeCompare(b))])];
}

/** "Used 3 times in 100 days", "Used once in 100 days", or "Not used yet". */
export function usesLabel(uses: number): string {
  if (uses === 0) return 'Not used recently';
  return uses === 1 ? 'Used once in 100 days' : `Used ${uses} times in 100 days`;
}
