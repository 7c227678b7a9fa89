import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assembleServer } from '../src/cli/server.js';
import type { AssembledServer } from '../src/cli/server.js';
import { loadServerConfig } from '../src/cli/server-config.js';
import type { ServerConfig } from '../src/cli/server-config.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = join(REPO, 'bin', 'logsift.js');

export function tempDir(prefix = 'logsift-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function testConfig(dataDir: string, overrides: Record<string, string | number | boolean> = {}): ServerConfig {
  return loadServerConfig({ dataDir, port: 0, logLevel: 'silent', retentionMs: 0, ...overrides }, {}, null, REPO);
}

/** A whole server in-process on an inline writer, driven with `app.inject`. */
export async function testServer(overrides: Record<string, string | number | boolean> = {}): Promise<AssembledServer & { dir: string; dispose(): Promise<void> }> {
  const dir = tempDir();
  const server = await assembleServer(testConfig(dir.path, overrides), { writer: 'inline', logger: false });
  await server.begin();
  return {
    ...server,
    dir: dir.path,
    async dispose() {
      await server.close();
      dir.remove();
    },
  };
}

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  stderr(): string;
  /** Sends a signal and waits for the process to exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `logsift serve` as a real process on a free port and waits until it listens. */
export async function spawnServer(args: readonly string[], env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--log-level', 'warn', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.setEncoding('utf8');
  child.stdout?.resume();
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${err}`)), 30_000);
    child.stderr?.on('data', (d: string) => {
      err += d;
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m !== null) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${err}`));
    });
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return {
    url,
    child,
    stderr: () => err,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
