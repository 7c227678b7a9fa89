import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { LogsiftError } from '../../model/index.js';
import type { Command } from '../command.js';
import { UsageError } from '../command.js';
import { startServer } from '../server.js';
import { DEFAULT_CONFIG, loadServerConfig } from '../server-config.js';

const usage = `Usage: logsift serve [options]

Runs the logsift server: ingest API, search, templates, metrics.

Options:
  --port N            Port to listen on (default ${DEFAULT_CONFIG.port}; 0 picks a free one)   [LOGSIFT_PORT]
  --host ADDR         Interface to listen on (default ${DEFAULT_CONFIG.host})                   [LOGSIFT_HOST]
  --data-dir DIR      Where data is kept (default ${DEFAULT_CONFIG.dataDir})                      [LOGSIFT_DATA_DIR]
  --retention DUR     Drop data older than this, e.g. 7d, 36h; 0 keeps all (default 7d) [LOGSIFT_RETENTION]
  --durability MODE   process (survives a crash) or power (also a power loss; fsync)  [LOGSIFT_DURABILITY]
  --dedup-window DUR  How long a resent batch is recognised (default 10m)             [LOGSIFT_DEDUP_WINDOW]
  --max-body SIZE     Largest request body (default 16MiB)                            [LOGSIFT_MAX_BODY]
  --max-record SIZE   Largest single record (default 256KiB)                          [LOGSIFT_MAX_RECORD]
  --demo              Feed the built-in simulator into the server                     [LOGSIFT_DEMO]
  --demo-rate N       Simulated lines per second with --demo (default ${DEFAULT_CONFIG.demoRate})          [LOGSIFT_DEMO_RATE]
  --log-level LEVEL   fatal, error, warn, info, debug, trace or silent (default info) [LOGSIFT_LOG_LEVEL]
  --config FILE       JSON config file with the same settings (default: ./logsift.config.json if present)

Precedence: flags, then environment variables, then the config file, then defaults.
`;

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the server (ingest, search, templates, metrics)',
  usage,
  async run(argv, io) {
    let values;
    try {
      ({ values } = parseArgs({
        args: [...argv],
        options: {
          port: { type: 'string' },
          host: { type: 'string' },
          'data-dir': { type: 'string' },
          retention: { type: 'string' },
          durability: { type: 'string' },
          'dedup-window': { type: 'string' },
          'max-body': { type: 'string' },
          'max-record': { type: 'string' },
          demo: { type: 'boolean' },
          'demo-rate': { type: 'string' },
          'log-level': { type: 'string' },
          config: { type: 'string' },
        },
        strict: true,
        allowPositionals: false,
      }));
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    let configFile = values.config ?? null;
    if (configFile === null) {
      try {
        readFileSync(`${io.cwd}/logsift.config.json`);
        configFile = 'logsift.config.json';
      } catch {
        configFile = null;
      }
    }
    let config;
    try {
      config = loadServerConfig(
        {
          port: values.port,
          host: values.host,
          dataDir: values['data-dir'],
          retentionMs: values.retention,
          durability: values.durability,
          dedupWindowMs: values['dedup-window'],
          maxBodyBytes: values['max-body'],
          maxRecordBytes: values['max-record'],
          demo: values.demo,
          demoRate: values['demo-rate'],
          logLevel: values['log-level'],
        },
        io.env,
        configFile,
        io.cwd,
      );
    } catch (err) {
      if (err instanceof LogsiftError) {
        io.stderr.write(`logsift serve: ${err.message}\n`);
        return 2;
      }
      throw err;
    }
    const version = (JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    let server;
    try {
      server = await startServer(config, { version });
    } catch (err) {
      if (err instanceof LogsiftError || (err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        io.stderr.write(`logsift serve: ${(err as Error).message}\n`);
        return 1;
      }
      throw err;
    }
    io.stderr.write(
      `logsift ${version} listening on ${server.url} (data in ${config.dataDir}${config.demo ? ', demo traffic on' : ''})\n` +
        `  API docs: ${server.url}/docs   metrics: ${server.url}/metrics\n`,
    );
    await new Promise<void>((resolve) => {
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) {
          io.stderr.write(`logsift serve: ${signal} again, exiting now\n`);
          process.exit(1);
        }
        stopping = true;
        io.stderr.write(`logsift serve: ${signal}, shutting down\n`);
        server.close().then(resolve, (err: unknown) => {
          io.stderr.write(`logsift serve: shutdown failed: ${(err as Error).message}\n`);
          resolve();
        });
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    });
    return 0;
  },
};
