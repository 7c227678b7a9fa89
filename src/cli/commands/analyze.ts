import { parseArgs } from 'node:util';
import { createTemplateMiner, currentTemplate } from '../../mine/index.js';
import { DEFAULT_TENANT, emptyLevelCounts, formatTemplateId } from '../../model/index.js';
import type { LevelCounts } from '../../model/index.js';
import { createRecordParser, parseFormatSpec } from '../../parse/index.js';
import { mineKeys } from '../../pipeline/index.js';
import type { Command } from '../command.js';
import { UsageError } from '../command.js';
import { readLineChunks } from '../line-reader.js';

const usage = `Usage: logsift analyze FILE|- [options]

Parses and mines a log file (or stdin) offline, no server needed, and prints its most
common templates with counts.

Options:
  --format F     auto (default: detected), json, logfmt, syslog5424, syslog3164,
                 access-combined, access-common, plain, or a header format such as
                 '<Date> <Time> <Level> <Component>: <Content>'
  --top N        Templates to print (default 20; 0 prints all)
  --json         Print JSON (all templates, with level counts and a sample) instead of a table
`;

interface Row {
  id: number;
  count: number;
  levels: LevelCounts;
  sample: string;
}

export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'Parse and mine a log file offline; print the top templates',
  usage,
  async run(argv, io) {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...argv],
        options: { format: { type: 'string' }, top: { type: 'string', default: '20' }, json: { type: 'boolean', default: false } },
        allowPositionals: true,
        strict: true,
      });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new UsageError('give exactly one FILE (or - for stdin)');
    const top = Number(values.top);
    if (!Number.isInteger(top) || top < 0) throw new UsageError('--top must be a whole number');
    const format = parseFormatSpec(values.format);

    const parser = createRecordParser();
    const miner = createTemplateMiner();
    const rows = new Map<number, Row>();
    let lines = 0;
    let events = 0;
    let rejected = 0;
    const started = performance.now();
    const ctx = { tenant: DEFAULT_TENANT, receivedAt: Date.now(), service: null, host: null, streamKey: 'analyze', format };
    try {
      for await (const chunk of readLineChunks(positionals[0], io.stdin, 50_000)) {
        lines += chunk.length;
        const out = parser.parseLines(chunk, ctx);
        rejected += out.rejects.length;
        for (let k = 0; k < out.events.length; k++) {
          const e = out.events[k];
          events++;
          const r = miner.mine(e.message, mineKeys(e, out.structured[k]));
          let row = rows.get(r.templateId);
          if (row === undefined) {
            row = { id: r.templateId, count: 0, levels: emptyLevelCounts(), sample: e.message };
            rows.set(r.templateId, row);
          }
          row.count++;
          row.levels[e.level]++;
        }
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
        io.stderr.write(`logsift analyze: cannot read ${positionals[0]}: ${(err as Error).message}\n`);
        return 1;
      }
      throw err;
    }
    const secs = (performance.now() - started) / 1000;
    // Lines mined into a template that later generalised are reported under the current one.
    const merged = new Map<number, Row>();
    for (const row of rows.values()) {
      const id = currentTemplate(miner, row.id)?.id ?? row.id;
      const into = merged.get(id);
      if (into === undefined) merged.set(id, { ...row, id, levels: { ...row.levels } });
      else {
        into.count += row.count;
        for (const l of Object.keys(row.levels) as (keyof LevelCounts)[]) into.levels[l] += row.levels[l];
      }
    }
    const sorted = [...merged.values()].sort((a, b) => b.count - a.count);
    if (values.json) {
      io.stdout.write(
        JSON.stringify(
          {
            lines,
            events,
            rejected,
            templates: sorted.map((r) => ({
              id: formatTemplateId(r.id),
              template: miner.get(r.id)?.text ?? '',
              count: r.count,
              share: events === 0 ? 0 : r.count / events,
              levels: r.levels,
              sample: r.sample,
            })),
          },
          null,
          2,
        ) + '\n',
      );
      return 0;
    }
    const shown = top === 0 ? sorted : sorted.slice(0, top);
    const width = Math.max(5, ...shown.map((r) => String(r.count).length));
    io.stdout.write(`${'count'.padStart(width)}  share  level  template\n`);
    for (const r of shown) {
      const share = events === 0 ? 0 : (100 * r.count) / events;
      // One row per template: multi-line templates (stack traces) show their line breaks as \n.
      const text = (miner.get(r.id)?.text ?? '').replaceAll('\n', '\\n');
      io.stdout.write(`${String(r.count).padStart(width)}  ${share.toFixed(1).padStart(4)}%  ${dominantLevel(r.levels).padEnd(5)}  ${text}\n`);
    }
    io.stderr.write(
      `\n${lines} lines, ${events} events, ${sorted.length} templates${rejected > 0 ? `, ${rejected} rejected` : ''} in ${secs.toFixed(2)}s` +
        (shown.length < sorted.length ? ` (showing top ${shown.length}; --top 0 for all)` : '') +
        '\n',
    );
    return 0;
  },
};

function dominantLevel(levels: LevelCounts): string {
  let best: keyof LevelCounts = 'info';
  for (const l of Object.keys(levels) as (keyof LevelCounts)[]) if (levels[l] > levels[best]) best = l;
  return best;
}
