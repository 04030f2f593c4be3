// Typed wrappers for the Templates service (backend/api/templates.go); the types are generated
// from the Go JSON. The file format of Export/Import is documented in docs/templates.md.
import type * as G from './generated';
import { invoke } from './transport';

export type { FieldError, ImportError, Template, TemplateImportResult, TemplateSummary } from './generated';
export type SuggestedAudience = G.Portable;
/** What makes a template; the export file holds exactly these fields. */
export type TemplateContent = G.Content;
export type PreviewRecipient = G.Recipient;

const S = 'Templates';

export const Templates = {
  list: () => invoke(S, 'List'),
  get: (id: number) => invoke(S, 'Get', id),
  save: (t: G.Template) => invoke(S, 'Save', t),
  validate: (t: G.Template) => invoke(S, 'Validate', t),
  remove: (id: number) => invoke(S, 'Delete', id),
  duplicate: (id: number) => invoke(S, 'Duplicate', id),
  saveFromMessage: (messageId: number, name: string) => invoke(S, 'SaveFromMessage', messageId, name),
  use: (id: number) => invoke(S, 'Use', id),
  preview: (id: number, recipientId: number) => invoke(S, 'Preview', id, recipientId),
  previewDraft: (t: G.Template, recipientId: number) => invoke(S, 'PreviewDraft', t, recipientId),
  recipients: (kind: G.RecipientKind, query: string) => invoke(S, 'Recipients', kind, query),
  exportText: (ids: number[]) => invoke(S, 'Export', ids),
  importText: (text: string) => invoke(S, 'Import', text),
};
