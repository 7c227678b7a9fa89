import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Command } from '../command.js';
import { UsageError } from '../command.js';
import { readLineChunks } from '../line-reader.js';

const usage = `Usage: logsift ingest FILE|- --url URL [options]

Ships a log file (or stdin) to a logsift server, in gzip-compressed batches. The server
parses, mines and stores the lines; multi-line records (stack traces) are kept together.
Batches that fail are retried with backoff; a retried batch is never stored twice.

Options:
  --url URL          Server base URL, e.g. http://127.0.0.1:7171 (required)
  --service NAME     Service for lines that name none
  --host NAME        Host for lines that name none
  --format F         auto (default), json, logfmt, syslog5424, syslog3164, access-combined,
                     access-common, plain, or a header format like '<Date> <Time> <Level> <Content>'
  --tenant NAME      Tenant (X-Logsift-Tenant header)
  --batch-lines N    Lines per request (default 5000)
  --concurrency N    Requests in flight (default 2)
  --retries N        Attempts per batch before giving up (default 8)
`;

interface Totals {
  lines: number;
  accepted: number;
  deduplicated: number;
  rejected: number;
  failedBatches: number;
}

export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'Ship a log file (or stdin) to a logsift server',
  usage,
  async run(argv, io) {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...argv],
        options: {
          url: { type: 'string' },
          service: { type: 'string' },
          host: { type: 'string' },
          format: { type: 'string' },
          tenant: { type: 'string' },
          'batch-lines': { type: 'string', default: '5000' },
          concurrency: { type: 'string', default: '2' },
          retries: { type: 'string', default: '8' },
        },
        allowPositionals: true,
        strict: true,
      });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new UsageError('give exactly one FILE (or - for stdin)');
    if (values.url === undefined) throw new UsageError('--url is required');
    const batchLines = positiveInt(values['batch-lines'], '--batch-lines');
    const concurrency = positiveInt(values.concurrency, '--concurrency');
    const retries = positiveInt(values.retries, '--retries');
    const endpoint = new URL('/api/v1/logs', values.url.endsWith('/') ? values.url : values.url + '/');
    if (/\/api\/v1\/logs\/?$/.test(new URL(values.url).pathname)) endpoint.pathname = '/api/v1/logs';
    for (const key of ['service', 'host', 'format'] as const) {
      const v = values[key];
      if (v !== undefined) endpoint.searchParams.set(key, v);
    }
    const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8', 'content-encoding': 'gzip' };
    if (values.tenant !== undefined) headers['x-logsift-tenant'] = values.tenant;

    const totals: Totals = { lines: 0, accepted: 0, deduplicated: 0, rejected: 0, failedBatches: 0 };
    const started = performance.now();
    const inflight = new Set<Promise<void>>();
    let pending: string[] = [];
    const flush = async (lines: string[]) => {
      const p = sendBatch(endpoint, headers, lines, retries, totals, io.stderr).finally(() => inflight.delete(p));
      inflight.add(p);
      if (inflight.size >= concurrency) await Promise.race(inflight);
    };
    for await (const chunk of readLineChunks(positionals[0], io.stdin, batchLines)) {
      pending.push(...chunk);
      // Cut only before a line that starts a record, so stack traces stay in one batch.
      while (pending.length >= batchLines) {
        let cut = batchLines;
        while (cut < pending.length && /^\s/.test(pending[cut])) cut++;
        if (cut >= pending.length) break;
        await flush(pending.slice(0, cut));
        pending = pending.slice(cut);
      }
    }
    if (pending.length > 0) await flush(pending);
    await Promise.all(inflight);
    const secs = (performance.now() - started) / 1000;
    io.stderr.write(
      `sent ${totals.lines} lines in ${secs.toFixed(1)}s (${Math.round(totals.lines / Math.max(secs, 1e-6))} lines/s): ` +
        `${totals.accepted} events stored, ${totals.deduplicated} deduplicated, ${totals.rejected} rejected` +
        (totals.failedBatches > 0 ? `, ${totals.failedBatches} batches FAILED` : '') +
        '\n',
    );
    return totals.failedBatches > 0 ? 1 : 0;
  },
};

async function sendBatch(url: URL, headers: Record<string, string>, lines: string[], attempts: number, totals: Totals, stderr: NodeJS.WritableStream): Promise<void> {
  const body = gzipSync(Buffer.from(lines.join('\n'), 'utf8'));
  let delay = 200;
  for (let attempt = 1; ; attempt++) {
    let status = 0;
    let text = '';
    try {
      const res = await fetch(url, { method: 'POST', headers, body });
      status = res.status;
      text = await res.text();
      if (res.ok) {
        const r = JSON.parse(text) as { accepted: number; deduplicated: number; rejected: number };
        totals.lines += lines.length;
        totals.accepted += r.accepted;
        totals.deduplicated += r.deduplicated;
        totals.rejected += r.rejected;
        return;
      }
      if (status < 500 && status !== 429) {
        stderr.write(`batch refused (${status}): ${text.slice(0, 500)}\n`);
        totals.failedBatches++;
        return;
      }
    } catch (err) {
      text = (err as Error).message;
    }
    if (attempt >= attempts) {
      stderr.write(`batch failed after ${attempts} attempts (${status || 'network'}): ${text.slice(0, 300)}\n`);
      totals.failedBatches++;
      return;
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 10_000);
  }
}

function positiveInt(v: string | undefined, name: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive integer`);
  return n;
}
