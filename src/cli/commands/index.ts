import type { Command } from '../command.js';
import { analyzeCommand } from './analyze.js';
import { ingestCommand } from './ingest.js';
import { parseCommand } from './parse.js';
import { serveCommand } from './serve.js';
import { sessionsCommand } from './sessions.js';
import { simulateCommand } from './simulate.js';
import { tailCommand } from './tail.js';

/** Every subcommand, in the order `logsift --help` lists them. */
export const COMMANDS: readonly Command[] = [serveCommand, ingestCommand, tailCommand, analyzeCommand, simulateCommand, parseCommand, sessionsCommand];
