import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, tempDir } from './helpers.js';
import { allEvents, listeningServer, spawnLoggingServer, waitFor } from './protocol-helpers.js';
import type { ListeningServer } from './protocol-helpers.js';

interface TailProcess {
  readonly child: ChildProcess;
  stderr(): string;
  /** Resolves with the exit code when the process ends by itself. */
  exited(): Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

function startTail(args: readonly string[], cwd: string): TailProcess {
  const child = spawn(process.execPath, [BIN, 'tail', ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    stderr: () => err,
    exited: () => exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

const lines = (prefix: string, from: number, to: number) => Array.from({ length: to - from }, (_, i) => `${prefix} line ${from + i} ok`).join('\n') + '\n';

/** Every message of `service`, and a check that none is stored twice. */
async function messages(url: string, service: string): Promise<string[]> {
  const events = await allEvents(url, `service=${service}`);
  return events.map((e) => e.message);
}

async function expectExactly(url: string, service: string, want: readonly string[]): Promise<void> {
  await waitFor(`${want.length} ${service} records`, async () => (await messages(url, service)).length >= want.length, 20_000, 100);
  await new Promise((r) => setTimeout(r, 400)); // anything extra (a duplicate) would arrive now
  const got = await messages(url, service);
  expect(got.length).toBe(want.length);
  expect(new Set(got)).toEqual(new Set(want));
}

const range = (prefix: string, from: number, to: number) => Array.from({ length: to - from }, (_, i) => `${prefix} line ${from + i} ok`);

/** `logsift tail` and the server's file source: rotation, truncation, restarts, multi-line records. */
describe('file tailing', () => {
  let s: ListeningServer;
  const work = tempDir('logsift-tail-');
  beforeAll(async () => {
    s = await listeningServer();
  });
  afterAll(async () => {
    await s.dispose();
    work.remove();
  });

  it('follows a file across rename + create rotation, copytruncate and truncation, sending each line once', async () => {
    const dir = join(work.path, 'rot');
    mkdirSync(dir);
    const log = join(dir, 'app.log');
    writeFileSync(log, lines('rot', 0, 100));
    const tail = startTail([join(dir, 'app.log*'), '--url', s.url, '--service', 'rot', '--poll-ms', '50', '--state', join(dir, 'state.json')], dir);
    try {
      await expectExactly(s.url, 'rot', range('rot', 0, 100));
      // rename + create; the old file gets a late write from a process still holding it open.
      renameSync(log, `${log}.1`);
      appendFileSync(`${log}.1`, lines('rot', 100, 110));
      writeFileSync(log, lines('rot', 110, 150));
      await expectExactly(s.url, 'rot', range('rot', 0, 150));
      // copytruncate: the copy (app.log.2) is a new file under the glob, but logrotate's copy shares no inode;
      // keep it out of the glob's way by copying outside, as logrotate's olddir would.
      copyFileSync(log, join(work.path, 'app.log.copied'));
      truncateSync(log, 0);
      appendFileSync(log, lines('rot', 150, 170));
      await expectExactly(s.url, 'rot', range('rot', 0, 170));
      // plain truncation (`> app.log`) and new content
      truncateSync(log, 0);
      appendFileSync(log, lines('rot', 170, 175));
      await expectExactly(s.url, 'rot', range('rot', 0, 175));
    } finally {
      await tail.stop();
    }
  });

  it('remembers offsets across a restart and a SIGKILL: nothing lost, nothing sent twice', async () => {
    const dir = join(work.path, 'restart');
    mkdirSync(dir);
    const log = join(dir, 'svc.log');
    const state = join(dir, 'state.json');
    const args = [log, '--url', s.url, '--service', 'restart', '--poll-ms', '50', '--state', state, '--batch-lines', '37'];
    writeFileSync(log, lines('rs', 0, 200));
    let tail = startTail(args, dir);
    await expectExactly(s.url, 'restart', range('rs', 0, 200));
    expect(await tail.stop()).toBe(0);
    appendFileSync(log, lines('rs', 200, 300)); // written while nobody follows
    tail = startTail(args, dir);
    await expectExactly(s.url, 'restart', range('rs', 0, 300));
    // Crash in the middle of a stream of writes, then start again.
    const writer = (async () => {
      for (let i = 300; i < 2300; i += 100) {
        appendFileSync(log, lines('rs', i, i + 100));
        await new Promise((r) => setTimeout(r, 15));
      }
    })();
    await new Promise((r) => setTimeout(r, 120));
    await tail.stop('SIGKILL');
    await writer;
    tail = startTail(args, dir);
    try {
      await expectExactly(s.url, 'restart', range('rs', 0, 2300));
    } finally {
      await tail.stop();
    }
  });

  it('keeps multi-line records whole and picks up new files matching a glob', async () => {
    const dir = join(work.path, 'multi');
    mkdirSync(dir);
    const trace = [
      '2026-11-22 10:00:00 ERROR request failed',
      'java.lang.IllegalStateException: pool closed',
      '\tat com.shop.Db.get(Db.java:42)',
      '\tat com.shop.Api.handle(Api.java:7)',
      'Caused by: java.io.IOException: broken pipe',
      '\t... 2 more',
      '2026-11-22 10:00:01 INFO recovered',
    ].join('\n');
    writeFileSync(join(dir, 'a.log'), trace + '\n');
    const tail = startTail([join(dir, '*.log'), '--url', s.url, '--service', 'multi', '--poll-ms', '50', '--state', join(dir, 'state.json')], dir);
    try {
      await waitFor('the trace', async () => (await messages(s.url, 'multi')).length >= 3);
      const events = await allEvents(s.url, 'service=multi');
      expect(events).toHaveLength(3);
      // The exception and its frames are one record (the parse stage starts a record at the exception line).
      const trace = events.find((e) => e.message.startsWith('java.lang.IllegalStateException'));
      expect(trace?.message.split('\n')).toHaveLength(5);
      expect(trace?.message).toContain('Caused by: java.io.IOException');
      writeFileSync(join(dir, 'b.log'), 'a line in a new file\n');
      await waitFor('the new file', async () => (await messages(s.url, 'multi')).includes('a line in a new file'));
    } finally {
      await tail.stop();
    }
    // --multiline: a custom record start, the records joined by the tailer
    writeFileSync(join(dir, 'custom.txt'), '>> first record\ncontinues here\n>> second record\n');
    const once = startTail([join(dir, 'custom.txt'), '--url', s.url, '--service', 'custom', '--multiline', '^>>', '--once', '--state', join(dir, 'state2.json')], dir);
    expect(await once.exited()).toBe(0);
    expect((await messages(s.url, 'custom')).sort()).toEqual(['>> first record\ncontinues here', '>> second record']);
  });

  it('runs inside the server too (serve --tail), offsets in the data directory', async () => {
    const dir = join(work.path, 'server-tail');
    mkdirSync(dir);
    writeFileSync(join(dir, 'x.log'), lines('srv', 0, 50));
    const data = join(work.path, 'server-tail-data');
    const server = await spawnLoggingServer(['--data-dir', data, '--retention', '0', '--log-level', 'warn', '--tail', join(dir, '*.log'), '--tail-service', 'srvtail']);
    try {
      await expectExactly(server.url, 'srvtail', range('srv', 0, 50));
      appendFileSync(join(dir, 'x.log'), lines('srv', 50, 60));
      await expectExactly(server.url, 'srvtail', range('srv', 0, 60));
    } finally {
      await server.stop();
    }
    appendFileSync(join(dir, 'x.log'), lines('srv', 60, 70));
    const again = await spawnLoggingServer(['--data-dir', data, '--retention', '0', '--log-level', 'warn', '--tail', join(dir, '*.log'), '--tail-service', 'srvtail']);
    try {
      await expectExactly(again.url, 'srvtail', range('srv', 0, 70));
    } finally {
      await again.stop();
    }
  });
});
