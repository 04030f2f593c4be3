// Typed wrappers for the Templates service (backend/api/templates.go); types mirror the Go
// JSON. The file format of Export/Import is documented in docs/templates.md.
import { call } from './transport';
import type { Rules } from './audiences';
import type { MessageKind, Preview, RecipientKind, Theme } from './messages';

export interface SuggestedAudience {
  name: string;
  description: string;
  rules: Rules;
}

/** What makes a template; the export file holds exactly these fields. */
export interface TemplateContent {
  name: string;
  category: string;
  description: string;
  kind: MessageKind;
  recipientKind: RecipientKind;
  subject: string;
  theme: Theme;
  header: string;
  body: string;
  footer: string;
  unsubscribe: string;
  audience: SuggestedAudience | null;
}

export interface Template extends TemplateContent {
  id: number;
  key: string;
  builtIn: boolean;
  uses: number;
  lastUsedAt: string | null;
  createdAt?: string;
  updatedAt?: string;
}

export interface TemplateSummary {
  id: number;
  name: string;
  category: string;
  kind: MessageKind;
  recipientKind: RecipientKind;
  description: string;
  builtIn: boolean;
  /** Uses in the last 100 days. */
  uses: number;
  lastUsedAt: string | null;
  subject: string;
  audienceName: string;
  updatedAt: string;
}

export interface FieldError {
  field: string;
  message: string;
}

export interface ImportError extends FieldError {
  /** The template's place in the file, from 1. */
  index: number;
  template: string;
}

export interface TemplateImportResult {
  created: number;
  updated: number;
  errors: ImportError[];
}

export interface PreviewRecipient {
  id: number;
  name: string;
  email: string;
}

const S = 'Templates';

export const Templates = {
  list: () => call<TemplateSummary[]>(S, 'List'),
  get: (id: number) => call<Template>(S, 'Get', id),
  save: (t: Template) => call<number>(S, 'Save', t),
  validate: (t: Template) => call<FieldError[]>(S, 'Validate', t),
  remove: (id: number) => call<null>(S, 'Delete', id),
  duplicate: (id: number) => call<number>(S, 'Duplicate', id),
  saveFromMessage: (messageId: number, name: string) => call<number>(S, 'SaveFromMessage', messageId, name),
  use: (id: number) => call<number>(S, 'Use', id),
  preview: (id: number, recipientId: number) => call<Preview>(S, 'Preview', id, recipientId),
  previewDraft: (t: Template, recipientId: number) => call<Preview>(S, 'PreviewDraft', t, recipientId),
  recipients: (kind: RecipientKind, query: string) => call<PreviewRecipient[]>(S, 'Recipients', kind, query),
  exportText: (ids: number[]) => call<string>(S, 'Export', ids),
  importText: (text: string) => call<TemplateImportResult>(S, 'Import', text),
};
