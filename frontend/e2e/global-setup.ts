import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Builds once per run what every spec needs: the UI (embedded into commhubd from dist/)
// and the commhubd binary. Set COMMHUBD_BIN to reuse a binary you built yourself (it must
// embed a current dist/), or E2E_SKIP_UI_BUILD=1 when `npm run build` already ran.
export default async function globalSetup() {
  if (process.env.COMMHUBD_BIN) {
    if (!existsSync(process.env.COMMHUBD_BIN)) throw new Error(`COMMHUBD_BIN=${process.env.COMMHUBD_BIN} does not exist`);
    return;
  }
  const frontend = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const repo = path.resolve(frontend, '..');
  const bin = path.join(mkdtempSync(path.join(tmpdir(), 'commhub-e2e-bin-')), 'commhubd');
  // vite build empties dist/ before writing it: two runs in the same tree at once could
  // embed a half-written UI. A lock per tree serialises build + embed.
  const unlock = await lock(repo);
  try {
    if (process.env.E2E_SKIP_UI_BUILD !== '1') {
      execFileSync('npm', ['run', 'build'], { cwd: frontend, stdio: 'inherit' });
    }
    if (!existsSync(path.join(frontend, 'dist', 'index.html'))) {
      throw new Error('frontend/dist/index.html is missing: run `npm run build` (or drop E2E_SKIP_UI_BUILD)');
    }
    execFileSync('go', ['build', '-o', bin, './cmd/commhubd'], {
      cwd: repo,
      stdio: 'inherit',
      env: { ...process.env, CGO_ENABLED: '0' },
    });
  } finally {
    unlock();
  }
  // Workers inherit the environment of the main process, which global setup runs in.
  process.env.COMMHUBD_BIN = bin;
}

const STALE_MS = 10 * 60_000;

async function lock(repo: string): Promise<() => void> {
  const id = createHash('sha1').update(repo).digest('hex').slice(0, 12);
  const dir = path.join(tmpdir(), `commhub-e2e-build-${id}.lock`);
  for (;;) {
    try {
      mkdirSync(dir);
      return () => rmSync(dir, { recursive: true, force: true });
    } catch {
      try {
        if (Date.now() - statSync(dir).mtimeMs > STALE_MS) rmSync(dir, { recursive: true, force: true });
      } catch {
        // removed meanwhile: try again
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}
