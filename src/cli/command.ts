import type { Readable, Writable } from 'node:stream';

/** Streams a command reads and writes, injected so tests can capture them. */
export interface CliIO {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** One `logsift <name>` subcommand. `run` resolves to the process exit code. */
export interface Command {
  readonly name: string;
  /** One line for `logsift --help`. */
  readonly summary: string;
  /** Full usage text for `logsift <name> --help`. */
  readonly usage: string;
  run(argv: readonly string[], io: CliIO): Promise<number>;
}

/** Thrown for bad command-line input; printed with the usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
