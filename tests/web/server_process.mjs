// Starts `hilfsnetz serve` on a free port over a copy of the sample index and stops it by
// pid: the browser tests' server (tests/web/page_test.mjs). `keys`: lines of
// HILFSNETZ_API_KEYS (`name:scope:key`) for the child's environment; with a write key the
// server takes writes and holds the copy's LOCK.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function startServer(binary, sampleIndex, { keys = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'hn-page-'));
  cpSync(sampleIndex, join(dir, 'index'), { recursive: true });
  const proc = spawn(binary, ['serve', '--index', join(dir, 'index'), '--host', '127.0.0.1', '--port', '0',
    '--threads', '2', '--access-log', 'off', '--request-timeout-ms', '30000',
    // Exact suggestion counts: with a time budget (the default 1 ms) a slow or loaded server
    // may estimate, and rank its suggestions differently from one request to the next.
    '--suggest-budget-ms', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, HILFSNETZ_API_KEYS: keys.join(',') },
  });
  const log = [];
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${log.join('')}`)), 120000);
    proc.stderr.on('data', (chunk) => {
      log.push(chunk.toString());
      const m = /http:\/\/[^\s/]*:(\d+)/.exec(log.join(''));
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the server exited with ${code}:\n${log.join('')}`)); });
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i += 1) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  let exited = null;
  const exit = new Promise((resolve) => proc.on('exit', (code, signal) => { exited = { code, signal }; resolve(exited); }));
  return {
    base,
    pid: proc.pid,
    log,
    // SIGTERM to its pid; resolves with its exit status (0 after a clean shutdown).
    async stop() {
      if (!exited) process.kill(proc.pid, 'SIGTERM');
      const status = await exit;
      rmSync(dir, { recursive: true, force: true });
      return status;
    },
  };
}
