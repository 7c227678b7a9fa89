import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { configureFile, FileFollower, followerOptions, NOOP_SOURCE_METRICS } from '../../ingest/sources/index.js';
import type { SourceLogger, TailBatch } from '../../ingest/sources/index.js';
import { LogsiftError } from '../../model/index.js';
import type { Command } from '../command.js';
import { UsageError } from '../command.js';

const usage = `Usage: logsift tail PATH... --url URL [options]

Follows log files (like tail -F) and ships their lines to a logsift server. Survives
rotation (rename + create, copytruncate) and truncation, remembers its offsets across
restarts, and sends whole multi-line records. An offset is saved only after the server
acknowledged the batch; each batch has a stable Idempotency-Key, so no line is lost or
stored twice across crashes and restarts. PATH may be a glob (*, ?, [abc], **): quote it.

Options:
  --url URL          Server base URL, e.g. http://127.0.0.1:7171 (required)
  --service NAME     Service for lines that name none
  --host NAME        Host for lines that name none (default: this machine's name)
  --format F         auto (default), json, logfmt, syslog5424, syslog3164, access-combined,
                     access-common, plain, or a header format like '<Date> <Time> <Level> <Content>'
  --tenant NAME      Tenant (X-Logsift-Tenant header)
  --state FILE       Offsets file (default ./.logsift-tail.json)
  --start-at WHERE   beginning (default) or end: where to begin files seen for the first time
  --multiline RE     Lines matching RE start a record; other lines join the record before
  --batch-lines N    Records per request (default 5000)
  --poll-ms N        How often files are checked, ms (default 250)
  --once             Send what the files hold now, then exit (no following)
`;

/** Log lines of the follower, on stderr. */
function stderrLogger(stderr: NodeJS.WritableStream): SourceLogger {
  const write = (level: string) => (fields: Record<string, unknown>, message: string) => stderr.write(`logsift tail: ${level}: ${message} ${JSON.stringify(fields)}\n`);
  return { info: () => undefined, warn: write('warning'), error: write('error') };
}

export const tailCommand: Command = {
  name: 'tail',
  summary: 'Follow log files and ship new lines to a logsift server',
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
          format: { type: 'string', default: 'auto' },
          tenant: { type: 'string' },
          state: { type: 'string', default: '.logsift-tail.json' },
          'start-at': { type: 'string', default: 'beginning' },
          multiline: { type: 'string' },
          'batch-lines': { type: 'string', default: '5000' },
          'poll-ms': { type: 'string', default: '250' },
          once: { type: 'boolean', default: false },
        },
        allowPositionals: true,
        strict: true,
      });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const { values, positionals } = parsed;
    if (positionals.length === 0) throw new UsageError('give at least one PATH');
    if (values.url === undefined) throw new UsageError('--url is required');
    let config;
    try {
      config = configureFile({
        paths: positionals,
        format: values.format,
        service: values.service ?? null,
        host: values.host ?? null,
        tenant: values.tenant ?? 'default',
        startAt: values['start-at'] as 'beginning' | 'end',
        multilinePattern: values.multiline ?? null,
        batchRecords: Number(values['batch-lines']),
        pollMs: Number(values['poll-ms']),
      });
    } catch (err) {
      if (err instanceof LogsiftError) throw new UsageError(err.message);
      throw err;
    }
    const endpoint = new URL('/api/v1/logs', values.url);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
    if (values.tenant !== undefined) headers['x-logsift-tenant'] = values.tenant;
    let sent = 0;
    // Records go as a JSON array of strings, so a joined multi-line record stays one record.
    const sink = async (batch: TailBatch): Promise<void> => {
      const url = new URL(endpoint);
      url.searchParams.set('stream', batch.path);
      if (config.format !== 'auto') url.searchParams.set('format', config.format);
      if (config.service !== null) url.searchParams.set('service', config.service);
      if (config.host !== null) url.searchParams.set('host', config.host);
      const res = await fetch(url, {
        method: 'POST',
        headers: { ...headers, 'idempotency-key': `tail:${batch.batchId}` },
        body: gzipSync(Buffer.from(JSON.stringify(batch.records), 'utf8')),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`server answered ${res.status}: ${text.slice(0, 300)}`);
      sent += batch.records.length;
    };
    const follower = new FileFollower(
      followerOptions(config, io.cwd, resolve(io.cwd, values.state), 16 * 1024 * 1024),
      sink,
      stderrLogger(io.stderr),
      NOOP_SOURCE_METRICS,
    );
    try {
      await follower.start(!values.once);
    } catch (err) {
      if (err instanceof LogsiftError) {
        io.stderr.write(`logsift tail: ${err.message}\n`);
        return 2;
      }
      throw err;
    }
    if (values.once) {
      let failed = false;
      try {
        await follower.catchUp();
      } catch (err) {
        failed = true;
        io.stderr.write(`logsift tail: ${(err as Error).message}\n`);
      }
      await follower.stop();
      io.stderr.write(`logsift tail: sent ${sent} records\n`);
      return failed ? 1 : 0;
    }
    io.stderr.write(`logsift tail: following ${positionals.join(' ')} → ${endpoint.origin}\n`);
    await new Promise<void>((done) => {
      const stop = () => {
        follower.stop().then(done, (err: unknown) => {
          io.stderr.write(`logsift tail: stopping failed: ${(err as Error).message}\n`);
          done();
        });
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    io.stderr.write(`logsift tail: sent ${sent} records\n`);
    return 0;
  },
};
