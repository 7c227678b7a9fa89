import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../src/cli/server.js';
import type { RunningServer } from '../src/cli/server.js';
import { BIN, tempDir, testConfig } from './helpers.js';
import type { ServerProcess } from './helpers.js';

/** A server listening on 127.0.0.1 in this process (real sockets, so real clients can connect). */
export interface ListeningServer {
  readonly url: string;
  readonly server: RunningServer;
  readonly dir: string;
  dispose(): Promise<void>;
}

export async function listeningServer(overrides: Record<string, string | number | boolean | readonly string[]> = {}): Promise<ListeningServer> {
  const dir = tempDir('logsift-proto-');
  const config = testConfig(dir.path, overrides as Record<string, string | number | boolean>);
  const server = await startServer(config, { writer: 'inline', logger: false });
  return {
    url: server.url,
    server,
    dir: dir.path,
    async dispose() {
      await server.close();
      dir.remove();
    },
  };
}

export interface EventView {
  readonly ts: number;
  readonly service: string;
  readonly host: string;
  readonly level: string;
  readonly message: string;
  readonly attrs: Record<string, unknown> | null;
  readonly traceId: string | null;
  readonly spanId: string | null;
}

/** Every event matching `query` (search API query string), all pages. */
export async function allEvents(url: string, query = '', headers: Record<string, string> = {}): Promise<EventView[]> {
  const out: EventView[] = [];
  let cursor: string | null = null;
  do {
    const res = await fetch(`${url}/api/v1/logs?limit=1000${query === '' ? '' : `&${query}`}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`, { headers });
    if (!res.ok) throw new Error(`search failed: ${res.status} ${await res.text()}`);
    const page = (await res.json()) as { events: EventView[]; nextCursor: string | null };
    out.push(...page.events);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return out;
}

export interface DeadLetterView {
  readonly source: string;
  readonly reason: string;
  readonly detail: string;
  readonly raw: string;
}

export async function deadLetters(url: string): Promise<DeadLetterView[]> {
  const res = await fetch(`${url}/api/v1/dead-letters?limit=1000`);
  return ((await res.json()) as { deadLetters: DeadLetterView[] }).deadLetters;
}

/** The value of one Prometheus sample, e.g. metric('logsift_source_frames_total', {source: 'syslog', outcome: 'invalid'}). */
export async function metric(url: string, name: string, labels: Record<string, string>): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(name + '{') && line.split(' ')[0] !== name) continue;
    if (want.every((w) => line.includes(w))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}

/** Polls `check` until it returns true, or fails with `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * The path of a binary the test needs. CI installs them (.ci/run): a missing one fails the test
 * with a clear message instead of skipping it.
 */
export function requireBinary(name: string, debianPackage: string): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${name} || ls /usr/sbin/${name} /sbin/${name} 2>/dev/null | head -n1`], { encoding: 'utf8' }).trim().split('\n')[0] || missing(name, debianPackage);
  } catch {
    return missing(name, debianPackage);
  }
}

function missing(name: string, pkg: string): never {
  throw new Error(`this test needs \`${name}\`: install it with \`apt-get install -y ${pkg}\` (listed in .ci/run)`);
}

/** A librdkafka mock Kafka cluster started through kcat, on 127.0.0.1. */
export interface MockKafka {
  readonly bootstrap: string;
  stop(): Promise<void>;
}

/**
 * Starts librdkafka's mock cluster (a real Kafka-protocol broker in-process of kcat): topics are
 * auto-created with 4 partitions on first use. kcat's stdin is kept open so it keeps running.
 */
export async function startMockKafka(dir: string): Promise<MockKafka> {
  const kcat = requireBinary('kcat', 'kcat');
  const errFile = join(dir, 'mock.err');
  const child: ChildProcess = spawn('sh', ['-c', `exec "${kcat}" -P -t _keepalive -X test.mock.num.brokers=1 -b dummy:9092 2>"${errFile}"`], { stdio: ['pipe', 'ignore', 'ignore'] });
  let bootstrap = '';
  await waitFor('the kcat mock cluster to start', () => {
    try {
      bootstrap = /replaced with (127\.0\.0\.1:\d+)/.exec(readFileSync(errFile, 'utf8'))?.[1] ?? '';
    } catch {
      bootstrap = '';
    }
    return bootstrap !== '' || child.exitCode !== null;
  });
  if (bootstrap === '') throw new Error(`kcat mock cluster did not start: ${readFileSync(errFile, 'utf8')}`);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    bootstrap,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // kcat -P blocks reading stdin and only notices a signal after the next line: close stdin instead.
      child.stdin?.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A `logsift serve` process whose log (stdout, pino JSON lines) is kept too. */
export interface LoggingServerProcess extends ServerProcess {
  stdout(): string;
}

/** Like `spawnServer`, but keeps the server's log lines (stdout, from the first one) for assertions. */
export async function spawnLoggingServer(args: readonly string[]): Promise<LoggingServerProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8');
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${err}`)), 30_000);
    child.stderr?.on('data', (d: string) => {
      err += d;
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m !== null) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${err}`));
    });
  });
  return {
    url,
    child,
    stderr: () => err,
    stdout: () => out,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
