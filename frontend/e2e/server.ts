import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ArgsOf, MethodPath, ResultOf } from '../src/api/generated';

export interface ServerOptions {
  /** Seed the demo network (default) or start empty (--no-demo). */
  demo: boolean;
  /** Extra arguments for `commhubd web`. */
  args?: string[];
}

export interface RpcError {
  status: number;
  error: { code: string; message: string };
}

/** One `commhubd web` on a loopback ephemeral port with its own temporary data folder. */
export class Server {
  readonly dataDir: string;
  readonly token = randomBytes(12).toString('hex');
  /** http://127.0.0.1:PORT */
  base = '';
  private proc?: ChildProcess;
  private log = '';

  private constructor(readonly options: ServerOptions) {
    this.dataDir = mkdtempSync(path.join(tmpdir(), 'commhub-e2e-data-'));
  }

  /** The address to open in the browser; the UI takes the token from it. */
  get url() {
    return `${this.base}/?token=${this.token}`;
  }

  static async start(options: ServerOptions): Promise<Server> {
    const bin = process.env.COMMHUBD_BIN;
    if (!bin) throw new Error('COMMHUBD_BIN is not set: run the specs through `npm run e2e` (global setup builds it)');
    const s = new Server(options);
    const args = ['web', '--addr', '127.0.0.1:0', '--data', s.dataDir, '--token', s.token];
    if (!options.demo) args.push('--no-demo');
    args.push(...(options.args ?? []));
    s.proc = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`commhubd did not start within 60 s:\n${s.log}`)), 60_000);
      const onData = (chunk: Buffer) => {
        s.log += chunk.toString();
        const m = /running at (http:\/\/[^\s/]+)/.exec(s.log);
        if (m && !s.base) {
          s.base = m[1];
          clearTimeout(timer);
          resolve();
        }
      };
      s.proc!.stdout!.on('data', onData);
      s.proc!.stderr!.on('data', (c: Buffer) => (s.log += c.toString()));
      s.proc!.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`commhubd exited with ${code} before it was ready:\n${s.log}`));
      });
    });
    await s.checkUi();
    return s;
  }

  // A binary built while dist/ was empty serves no app; say so instead of timing out later.
  private async checkUi() {
    const html = await (await fetch(`${this.base}/`)).text();
    const asset = /src="\.?\/?(assets\/[^"]+\.js)"/.exec(html)?.[1];
    const ok = asset ? (await fetch(`${this.base}/${asset}`)).ok : false;
    if (!ok) {
      await this.stop();
      throw new Error('commhubd serves no complete UI: frontend/dist was empty or changing when it was built; run `npm run e2e` again');
    }
  }

  /** Calls the real RPC bridge, for test setup and for checking what the UI shows. */
  async rpc<P extends MethodPath>(method: P, ...args: ArgsOf<P>): Promise<ResultOf<P>> {
    const res = await fetch(`${this.base}/rpc/${method}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(args),
    });
    const body = await res.json();
    if (!res.ok) throw Object.assign(new Error(`${method}: ${JSON.stringify(body)}`), { status: res.status, ...body });
    return body as ResultOf<P>;
  }

  /** Stops the server gracefully (SIGTERM, then SIGKILL after 10 s) and removes its data. */
  async stop() {
    const p = this.proc;
    if (p && p.exitCode === null && p.signalCode === null) {
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      const t = setTimeout(() => p.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** What the server printed so far; attached to failures. */
  output() {
    return this.log;
  }
}
