// Typed wrappers for the SMTP service (backend/api/smtp.go): outgoing mail accounts.
import { call } from './transport';

export type TlsMode = 'none' | 'starttls' | 'implicit';

export interface SmtpProfile {
  id: number;
  name: string;
  host: string;
  port: number;
  tls: TlsMode;
  username: string;
  hasPassword: boolean;
  fromName: string;
  fromEmail: string;
  concurrency: number;
  perSecond: number;
  perHour: number;
  isDefault: boolean;
  createdAt?: string;
  updatedAt?: string;
}

export interface TestResult {
  ok: boolean;
  message: string;
  millis: number;
}

export interface SecretInfo {
  backend: 'keyring' | 'file';
  warning: string;
}

const S = 'SMTP';

export const SMTP = {
  list: () => call<SmtpProfile[]>(S, 'List'),
  /** password: null keeps the stored one, '' removes it. */
  save: (p: SmtpProfile, password: string | null) => call<SmtpProfile>(S, 'Save', p, password),
  remove: (id: number) => call<null>(S, 'Delete', id),
  test: (p: SmtpProfile, password: string | null) => call<TestResult>(S, 'Test', p, password),
  secrets: () => call<SecretInfo>(S, 'Secrets'),
};

export function blankProfile(): SmtpProfile {
  return {
    id: 0, name: '', host: '', port: 587, tls: 'starttls', username: '', hasPassword: false,
    fromName: '', fromEmail: '', concurrency: 2, perSecond: 0, perHour: 0, isDefault: false,
  };
}
