import { createServer, type Server, type Socket } from 'node:net';

export interface Received {
  from: string;
  to: string[];
  data: string;
}

/** A minimal SMTP server on loopback that accepts every message (enough for a test send). */
export class SmtpSink {
  readonly received: Received[] = [];
  private server?: Server;
  port = 0;

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
    let cur: Received = { from: '', to: [], data: '' };
    const reply = (line: string) => s.write(line + '\r\n');
    reply('220 sink ESMTP');
    s.on('data', (chunk) => {
      buf += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          cur.data = buf.slice(0, end);
          buf = buf.slice(end + 5);
          inData = false;
          this.received.push(cur);
          cur = { from: '', to: [], data: '' };
          reply('250 OK queued');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === 'EHLO' || cmd === 'HELO') reply('250 sink');
        else if (cmd === 'MAIL') (cur.from = line.slice(10).trim()), reply('250 OK');
        else if (cmd === 'RCPT') cur.to.push(line.slice(8).trim()), reply('250 OK');
        else if (cmd === 'DATA') (inData = true), reply('354 go ahead');
        else if (cmd === 'QUIT') reply('221 bye'), s.end();
        else reply('250 OK');
      }
    });
    s.on('error', () => undefined);
  }
}
