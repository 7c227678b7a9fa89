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

Shipper protocols and sources (see src/ingest/README.md):
  --protocols LIST    HTTP protocols on the same port: loki, elastic, otlp, splunk, all (default) or none
                                                                                  [LOGSIFT_PROTOCOLS]
  --syslog-port N     Syslog on TCP and UDP port N (RFC 5424/3164, RFC 6587 framing)  [LOGSIFT_SYSLOG_PORT]
  --syslog-tls-cert F --syslog-tls-key F   PEM files: syslog over TCP speaks TLS (RFC 5425)
  --kafka-brokers L   Consume from Kafka: host:port list                              [LOGSIFT_KAFKA_BROKERS]
  --kafka-topic L     Topics (comma-separated) or one /regex/                         [LOGSIFT_KAFKA_TOPIC]
  --kafka-group G     Consumer group (default logsift); more workers split partitions [LOGSIFT_KAFKA_GROUP]
  --kafka-encoding E  auto (default), json, otlp_proto or otlp_json                   [LOGSIFT_KAFKA_ENCODING]
  --tail PATH         Follow files or globs (repeatable); offsets kept in the data dir [LOGSIFT_TAIL]
  --tail-format F     Format of tailed lines (default auto)                           [LOGSIFT_TAIL_FORMAT]
  --tail-service S    Service for tailed lines that name none                        [LOGSIFT_TAIL_SERVICE]
  --tail-multiline RE Lines matching RE start a record; others join it             [LOGSIFT_TAIL_MULTILINE]

Detection, incidents and explanations (see src/detect/README.md, src/incidents/README.md):
  --no-detect         Do not run anomaly detection, incidents or notifications      [LOGSIFT_DETECT=false]
  --detect-window DUR Detection window (default 1m)                                 [LOGSIFT_DETECT_WINDOW]
  --detect-lateness D How late a line may arrive for its window (default 30s)     [LOGSIFT_DETECT_LATENESS]
  --detect-warmup DUR Learning time per service before new templates count (default 15m) [LOGSIFT_DETECT_WARMUP]
  --detectors-off L   Detectors to switch off, e.g. outlier_window,sequence           [LOGSIFT_DETECTORS_OFF]
  --session-keys L    Parameter names that key sessions besides trace ids, e.g. request_id [LOGSIFT_SESSION_KEYS]
  --session-patterns L Regexes whose matches key sessions, e.g. 'blk_[0-9-]+'       [LOGSIFT_SESSION_PATTERNS]
  --incident-quiet D  Auto-resolve incidents quiet for this long; 0 never (default 30m) [LOGSIFT_INCIDENT_QUIET]
  --llm-url URL       OpenAI-compatible API, e.g. http://localhost:11434/v1           [LOGSIFT_LLM_URL]
  --llm-model NAME    Model to ask (required with --llm-url)                          [LOGSIFT_LLM_MODEL]
  --llm-timeout DUR   Per LLM request (default 20s); the key goes in LOGSIFT_LLM_KEY [LOGSIFT_LLM_TIMEOUT]
  --public-url URL    This server's URL as users reach it, for links in notifications [LOGSIFT_PUBLIC_URL]

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
          protocols: { type: 'string' },
          'syslog-port': { type: 'string' },
          'syslog-tls-cert': { type: 'string' },
          'syslog-tls-key': { type: 'string' },
          'kafka-brokers': { type: 'string' },
          'kafka-topic': { type: 'string' },
          'kafka-group': { type: 'string' },
          'kafka-encoding': { type: 'string' },
          tail: { type: 'string', multiple: true },
          'tail-format': { type: 'string' },
          'tail-service': { type: 'string' },
          'tail-multiline': { type: 'string' },
          'no-detect': { type: 'boolean' },
          'detect-window': { type: 'string' },
          'detect-lateness': { type: 'string' },
          'detect-warmup': { type: 'string' },
          'detectors-off': { type: 'string' },
          'session-keys': { type: 'string' },
          'session-patterns': { type: 'string' },
          'incident-quiet': { type: 'string' },
          'llm-url': { type: 'string' },
          'llm-model': { type: 'string' },
          'llm-timeout': { type: 'string' },
          'public-url': { type: 'string' },
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
          protocols: values.protocols,
          syslogPort: values['syslog-port'],
          syslogTlsCert: values['syslog-tls-cert'],
          syslogTlsKey: values['syslog-tls-key'],
          kafkaBrokers: values['kafka-brokers'],
          kafkaTopic: values['kafka-topic'],
          kafkaGroup: values['kafka-group'],
          kafkaEncoding: values['kafka-encoding'],
          tail: values.tail,
          tailFormat: values['tail-format'],
          tailService: values['tail-service'],
          tailMultiline: values['tail-multiline'],
          detect: values['no-detect'] === true ? false : undefined,
          detectWindowMs: values['detect-window'],
          detectLatenessMs: values['detect-lateness'],
          detectWarmupMs: values['detect-warmup'],
          detectorsOff: values['detectors-off'],
          sessionKeys: values['session-keys'],
          sessionPatterns: values['session-patterns'],
          incidentQuietMs: values['incident-quiet'],
          llmUrl: values['llm-url'],
          llmModel: values['llm-model'],
          llmTimeoutMs: values['llm-timeout'],
          publicUrl: values['public-url'],
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
    for (const { type, ports } of server.sourcePorts()) {
      const where = ports.length === 0 ? 'running' : ports.map((p) => `${p.protocol} ${p.host}:${p.port}`).join(', ');
      io.stderr.write(`  source ${type}: ${where}\n`);
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
