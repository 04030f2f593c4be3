// Typed wrappers for the SMTP service (backend/api/smtp.go): outgoing mail accounts.
import type * as G from './generated';
import { invoke } from './transport';

export type { SecretInfo, TestResult, TlsMode } from './generated';

/** An SMTP profile as the form edits it: a new one has no timestamps yet. */
export type SmtpProfile = Omit<G.SMTPProfile, 'createdAt' | 'updatedAt'> & Partial<Pick<G.SMTPProfile, 'createdAt' | 'updatedAt'>>;

const S = 'SMTP';

export const SMTP = {
  list: () => invoke(S, 'List'),
  /** password: null keeps the stored one, '' removes it. */
  save: (p: SmtpProfile, password: string | null) => invoke(S, 'Save', p, password),
  remove: (id: number) => invoke(S, 'Delete', id),
  test: (p: SmtpProfile, password: string | null) => invoke(S, 'Test', p, password),
  secrets: () => invoke(S, 'Secrets'),
};

export function blankProfile(): SmtpProfile {
  return {
    id: 0, name: '', host: '', port: 587, tls: 'starttls', username: '', hasPassword: false,
    fromName: '', fromEmail: '', concurrency: 2, perSecond: 0, perHour: 0, isDefault: false,
  };
}
