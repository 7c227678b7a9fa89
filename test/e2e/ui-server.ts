import { spawnServer, tempDir } from '../helpers.js';
import type { ServerProcess } from '../helpers.js';

export interface UiServer {
  readonly url: string;
  readonly process: ServerProcess;
  /** Sends NDJSON records through the native ingest API; resolves with how many were accepted. */
  ingest(records: readonly Record<string, unknown>[]): Promise<number>;
  getJson<T>(path: string): Promise<T>;
  close(): Promise<void>;
}

/**
 * The real server (`logsift serve`, built into dist/ with the UI in web/dist) on a free port
 * with a fresh data directory, filled by the simulator (`--demo`: an hour of backfill, then
 * live traffic), ready when /readyz says so.
 */
export async function startUiServer(demoRate: number): Promise<UiServer> {
  const dir = tempDir('logsift-e2e-');
  const proc = await spawnServer(['--demo', '--demo-rate', String(demoRate), '--data-dir', dir.path]);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const ready = await fetch(`${proc.url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`server not ready after 120 s:\n${proc.stderr()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url: proc.url,
    process: proc,
    async ingest(records) {
      const res = await fetch(`${proc.url}/api/v1/logs`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson' },
        body: records.map((r) => JSON.stringify(r)).join('\n'),
      });
      if (!res.ok) throw new Error(`ingest failed: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { accepted: number }).accepted;
    },
    async getJson<T>(path: string) {
      const res = await fetch(`${proc.url}${path}`);
      if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    async close() {
      // A clean shutdown first; a server that hangs on the way down must not hang the suite.
      const killer = setTimeout(() => proc.child.kill('SIGKILL'), 20_000);
      const code = await proc.stop();
      clearTimeout(killer);
      dir.remove();
      if (proc.child.signalCode === 'SIGKILL') throw new Error(`the server did not stop within 20 s of SIGTERM (exit ${code}):\n${proc.stderr().slice(-2000)}`);
    },
  };
}
