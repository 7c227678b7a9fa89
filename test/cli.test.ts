import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, spawnServer, tempDir } from './helpers.js';
import type { ServerProcess } from './helpers.js';

const run = promisify(execFile);

async function logsift(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const child = run(process.execPath, [BIN, ...args], { maxBuffer: 64 * 1024 * 1024 });
    if (input !== undefined) {
      child.child.stdin?.end(input);
    }
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A small realistic Java service log with a stack trace and varying parameters. */
function javaLog(): string {
  const lines: string[] = [];
  for (let i = 0; i < 300; i++) {
    const t = `2026-11-20 10:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')},${String(i).padStart(3, '0')}`;
    if (i % 50 === 49) {
      lines.push(`${t} ERROR [worker-${i % 4}] c.s.payment.ChargeService: Charge failed for order ${1000 + i}`);
      lines.push('java.net.SocketTimeoutException: Read timed out');
      lines.push('\tat java.net.SocketInputStream.socketRead0(Native Method)');
      lines.push('\tat c.s.payment.GatewayClient.charge(GatewayClient.java:88)');
    } else if (i % 3 === 0) {
      lines.push(`${t} INFO [worker-${i % 4}] c.s.payment.ChargeService: Charged card ending ${1000 + (i % 97)} for order ${1000 + i} in ${20 + (i % 40)} ms`);
    } else {
      lines.push(`${t} DEBUG [worker-${i % 4}] c.s.payment.CartService: Cart ${5000 + i} has ${1 + (i % 7)} items`);
    }
  }
  return lines.join('\n') + '\n';
}

describe('logsift CLI', () => {
  const dir = tempDir('logsift-cli-');
  const file = join(dir.path, 'payment.log');
  let server: ServerProcess;
  beforeAll(async () => {
    writeFileSync(file, javaLog());
    server = await spawnServer(['--data-dir', join(dir.path, 'data')]);
  });
  afterAll(async () => {
    await server.stop();
    dir.remove();
  });

  it('prints help and rejects unknown commands and options', async () => {
    const help = await logsift(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/serve/);
    expect(help.stdout).toMatch(/analyze/);
    const unknown = await logsift(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
    const badFlag = await logsift(['analyze', '--nope', file]);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/Usage: logsift analyze/);
  });

  it('analyze prints the top templates of a file, with the trace kept as one event', async () => {
    const format = '<Date> <Time> <Level> [<Thread>] <Component>: <Content>';
    const r = await logsift(['analyze', file, '--format', format]);
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n').slice(1);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/^\s*196\s+65\.3%\s+debug\s+Cart <\*> has <\*> items$/);
    expect(rows[1]).toMatch(/^\s*98\s+.*info\s+Charged card ending <\*> for order <\*> in <\*> ms$/);
    expect(rows[2]).toMatch(/^\s*6\s+.*error\s+Charge failed for order <\*>\\njava\.net\.SocketTimeoutException: Read timed out\\n/);
    expect(r.stderr).toMatch(/318 lines, 300 events, 3 templates/);

    const json = await logsift(['analyze', '-', '--format', format, '--json'], javaLog());
    const parsed = JSON.parse(json.stdout) as { events: number; templates: { count: number; template: string; levels: { error: number } }[] };
    expect(parsed.events).toBe(300);
    expect(parsed.templates.find((t) => t.template.startsWith('Charge failed'))?.levels.error).toBe(6);
  });

  it('analyze explains a missing file', async () => {
    const r = await logsift(['analyze', join(dir.path, 'missing.log')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot read .*missing\.log/);
  });

  it('ingest ships a file to the server, and a second run is deduplicated', async () => {
    const format = '<Date> <Time> <Level> [<Thread>] <Component>: <Content>';
    const first = await logsift(['ingest', file, '--url', server.url, '--service', 'payment', '--format', format, '--batch-lines', '100']);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/300 events stored, 0 deduplicated, 0 rejected/);
    const second = await logsift(['ingest', file, '--url', server.url, '--service', 'payment', '--format', format, '--batch-lines', '100']);
    expect(second.stderr).toMatch(/0 events stored, 300 deduplicated/);
    const res = await fetch(`${server.url}/api/v1/logs?service=payment&level=error`);
    const body = (await res.json()) as { events: { message: string; attrs: Record<string, unknown> }[] };
    expect(body.events).toHaveLength(6);
    expect(body.events[0].message).toMatch(/^Charge failed for order \d+\njava.net.SocketTimeoutException: Read timed out\n\tat /);
    expect(body.events[0].attrs).toMatchObject({ thread: expect.stringMatching(/^worker-/), component: 'c.s.payment.ChargeService' });
  });

  it('ingest reports an unreachable server and fails', async () => {
    const r = await logsift(['ingest', file, '--url', 'http://127.0.0.1:9', '--retries', '2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/FAILED/);
  });

  it('serve refuses a bad setting with a clear message', async () => {
    const r = await logsift(['serve', '--retention', 'forever', '--data-dir', join(dir.path, 'x')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/retention must be a duration/);
  });

  it('serve refuses a data directory another server is using', async () => {
    const r = await logsift(['serve', '--port', '0', '--data-dir', join(dir.path, 'data')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/in use by logsift process/);
  });
});
