import { createServer, type Server, type Socket } from 'node:net';

/** What the sink does with one RCPT (address in lower case): reply with this line instead of 250. */
export type Fault = (rcpt: string, attempt: number) => string | undefined;

/** One accepted message: its accepted recipients (as sent), the raw data and its Message-ID. */
export interface Received {
  from: string;
  to: string[];
  data: string;
  messageId: string;
}

/** One accepted recipient of one message, address in lower case. */
export interface Delivered {
  to: string;
  messageId: string;
}

/** The address inside <...> of a MAIL FROM or RCPT TO line. */
const address = (line: string) => /<([^>]*)>/.exec(line)?.[1] ?? '';

const newMessage = (): Received => ({ from: '', to: [], data: '', messageId: '' });

/**
 * A small SMTP server on loopback for the specs that send mail: it accepts messages, can
 * refuse chosen recipients (4xx/5xx lines) and records what it accepted.
 */
export class SmtpSink {
  readonly received: Received[] = [];
  private attempts = new Map<string, number>();
  private server?: Server;
  port = 0;

  constructor(private fault: Fault = () => undefined) {}

  /** Every accepted recipient of every message, in order. */
  get delivered(): Delivered[] {
    return this.received.flatMap((m) => m.to.map((to) => ({ to: to.toLowerCase(), messageId: m.messageId })));
  }

  async start() {
    this.server = createServer((s) => this.session(s));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const addr = this.server.address();
    this.port = typeof addr === 'object' && addr ? addr.port : 0;
    return this;
  }

  async stop() {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private session(s: Socket) {
    let buf = '';
    let inData = false;
    let cur = newMessage();
    const reply = (line: string) => s.write(line + '\r\n');
    reply('220 smtp-sink ESMTP');
    s.on('data', (chunk) => {
      buf += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          cur.data = buf.slice(0, end);
          buf = buf.slice(end + 5);
          inData = false;
          cur.messageId = /^Message-Id:\s*(.+)$/im.exec(cur.data)?.[1]?.trim() ?? '';
          this.received.push(cur);
          cur = newMessage();
          reply('250 2.0.0 queued');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === 'EHLO' || cmd === 'HELO') reply('250-smtp-sink\r\n250 8BITMIME');
        else if (cmd === 'MAIL') (cur = { ...newMessage(), from: address(line) }), reply('250 2.1.0 OK');
        else if (cmd === 'RCPT') this.recipient(address(line), cur, reply);
        else if (cmd === 'DATA') (inData = true), reply('354 go ahead');
        else if (cmd === 'RSET') (cur = newMessage()), reply('250 OK');
        else if (cmd === 'QUIT') reply('221 bye'), s.end();
        else reply('250 OK');
      }
    });
    s.on('error', () => undefined);
  }

  private recipient(to: string, cur: Received, reply: (line: string) => void) {
    const key = to.toLowerCase();
    const n = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, n);
    const refusal = this.fault(key, n);
    if (refusal) reply(refusal);
    else cur.to.push(to), reply('250 2.1.5 OK');
  }
}
