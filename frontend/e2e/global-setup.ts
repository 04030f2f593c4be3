import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Builds once per run what every spec needs: the UI (embedded into commhubd from dist/)
// and the commhubd binary. Set COMMHUBD_BIN to reuse a binary you built yourself (it must
// embed a current dist/), or E2E_SKIP_UI_BUILD=1 when `npm run build` already ran.
export default function globalSetup() {
  if (process.env.COMMHUBD_BIN) {
    if (!existsSync(process.env.COMMHUBD_BIN)) throw new Error(`COMMHUBD_BIN=${process.env.COMMHUBD_BIN} does not exist`);
    return;
  }
  const frontend = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const repo = path.resolve(frontend, '..');
  if (process.env.E2E_SKIP_UI_BUILD !== '1') {
    execFileSync('npm', ['run', 'build'], { cwd: frontend, stdio: 'inherit' });
  }
  const bin = path.join(mkdtempSync(path.join(tmpdir(), 'commhub-e2e-bin-')), 'commhubd');
  execFileSync('go', ['build', '-o', bin, './cmd/commhubd'], {
    cwd: repo,
    stdio: 'inherit',
    env: { ...process.env, CGO_ENABLED: '0' },
  });
  // Workers inherit the environment of the main process, which global setup runs in.
  process.env.COMMHUBD_BIN = bin;
}
