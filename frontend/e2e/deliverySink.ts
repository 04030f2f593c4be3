import { createServer, type Server, type Socket } from 'node:net';

/** What the sink does with one RCPT: reply with this line instead of 250. */
export type Fault = (rcpt: string, attempt: number) => string | undefined;

export interface Delivered {
  to: string;
  messageId: string;
}

/**
 * A small SMTP server on loopback for the delivery specs: it accepts messages, can refuse
 * chosen recipients (4xx/5xx lines) and records what it accepted, Message-ID included.
 */
export class DeliverySink {
  readonly delivered: Delivered[] = [];
  private attempts = new Map<string, number>();
  private server?: Server;
  port = 0;

  constructor(private fault: Fault = () => undefined) {}

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
    let rcpts: string[] = [];
    const reply = (line: string) => s.write(line + '\r\n');
    reply('220 delivery-sink ESMTP');
    s.on('data', (chunk) => {
      buf += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const data = buf.slice(0, end);
          buf = buf.slice(end + 5);
          inData = false;
          const id = /^Message-Id:\s*(.+)$/im.exec(data)?.[1]?.trim() ?? '';
          for (const to of rcpts) this.delivered.push({ to, messageId: id });
          rcpts = [];
          reply('250 2.0.0 queued');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === 'EHLO' || cmd === 'HELO') reply('250-delivery-sink\r\n250 8BITMIME');
        else if (cmd === 'MAIL') (rcpts = []), reply('250 2.1.0 OK');
        else if (cmd === 'RCPT') {
          const to = (/<([^>]*)>/.exec(line)?.[1] ?? '').toLowerCase();
          const n = (this.attempts.get(to) ?? 0) + 1;
          this.attempts.set(to, n);
          const refusal = this.fault(to, n);
          if (refusal) reply(refusal);
          else rcpts.push(to), reply('250 2.1.5 OK');
        } else if (cmd === 'DATA') (inData = true), reply('354 go ahead');
        else if (cmd === 'RSET') (rcpts = []), reply('250 OK');
        else if (cmd === 'QUIT') reply('221 bye'), s.end();
        else reply('250 OK');
      }
    });
    s.on('error', () => undefined);
  }
}
