// Typed wrappers for the Messages service (backend/api/messages.go); types mirror the Go JSON.
import type * as G from './generated';
import type { MessageKind } from './generated';
import { invoke } from './transport';

export type {
  DecisionStatus,
  Decision,
  Eligibility,
  Excluded,
  MessageKind,
  OfferRef,
  Preview,
  Problem,
  RecipientKind,
  RecipientSpec,
  TestSent,
  Theme,
  TrackingParams,
} from './generated';

/** A message as the composer edits it: new drafts have no timestamps yet. */
export type Message = Omit<G.Message, 'createdAt' | 'updatedAt'> & Partial<Pick<G.Message, 'createdAt' | 'updatedAt'>>;
export type MessageSummary = G.ComposeSummary;
export type MacroDef = G.Def;
export type RecipientPage = G.Page;

const S = 'Messages';

export const Messages = {
  newDraft: (kind: MessageKind) => invoke(S, 'NewDraft', kind),
  save: (m: Message) => invoke(S, 'Save', m),
  get: (id: number) => invoke(S, 'Get', id),
  list: () => invoke(S, 'List'),
  remove: (id: number) => invoke(S, 'Delete', id),
  duplicate: (id: number) => invoke(S, 'Duplicate', id),
  validate: (m: Message) => invoke(S, 'Validate', m),
  macros: () => invoke(S, 'Macros'),
  preview: (messageId: number, recipientId: number) => invoke(S, 'Preview', messageId, recipientId),
  eligibility: (messageId: number) => invoke(S, 'Eligibility', messageId),
  recipients: (messageId: number, query: string, offset: number, limit: number) =>
    invoke(S, 'Recipients', messageId, query, offset, limit),
  testSend: (messageId: number, recipientId: number, to: string) => invoke(S, 'TestSend', messageId, recipientId, to),
};
