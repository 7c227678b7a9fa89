import { execFile, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, tempDir } from './helpers.js';

const run = promisify(execFile);

async function logsift(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Minimal CSV reader for the test (quoted cells, doubled quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  return rows;
}

describe('logsift parse', () => {
  const dir = tempDir('logsift-parse-');
  afterAll(() => dir.remove());

  it('writes the Loghub structured CSV for a header format', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 120; i++) {
      const blk = `blk_${(i * 7919) % 100000}`;
      if (i % 2 === 0) lines.push(`081109 2036${String(i % 60).padStart(2, '0')} ${100 + i} INFO dfs.DataNode$PacketResponder: PacketResponder ${i % 3} for block ${blk} terminating`);
      else lines.push(`081109 2036${String(i % 60).padStart(2, '0')} ${100 + i} INFO dfs.DataNode$DataXceiver: Receiving block ${blk} src: /10.250.${i % 9}.${i}:5${i} dest: /10.250.${i % 9}.${i}:50010`);
    }
    const input = join(dir.path, 'hdfs.log');
    const output = join(dir.path, 'hdfs.csv');
    writeFileSync(input, lines.join('\n'));
    const r = await logsift(['parse', '--format', '<Date> <Time> <Pid> <Level> <Component>: <Content>', '--input', input, '--output', output]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/parsed 120 lines/);
    const rows = parseCsv(readFileSync(output, 'utf8'));
    expect(rows[0]).toEqual(['LineId', 'Date', 'Time', 'Pid', 'Level', 'Component', 'Content', 'EventId', 'EventTemplate', 'ParameterList']);
    expect(rows).toHaveLength(121);
    expect(rows[1].slice(0, 6)).toEqual(['1', '081109', '203600', '100', 'INFO', 'dfs.DataNode$PacketResponder']);
    const templates = new Set(rows.slice(1).map((r) => r[8]));
    expect(templates).toEqual(new Set(['PacketResponder <*> for block <*> terminating', 'Receiving block <*> src: <*> dest: <*>']));
    expect(rows[2][9]).toBe(`['blk_${7919}', '/10.250.1.1:51', '/10.250.1.1:50010']`);
    // Same template → same EventId.
    expect(new Set(rows.slice(1).filter((r) => r[8].startsWith('Receiving')).map((r) => r[7])).size).toBe(1);
  });

  it('detects JSON without --format and mines the message', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => JSON.stringify({ time: `2026-11-20T10:00:${String(i).padStart(2, '0')}Z`, level: i % 10 === 0 ? 'error' : 'info', service: 'api', msg: `request ${i} took ${i * 3} ms` }));
    const input = join(dir.path, 'app.jsonl');
    const output = join(dir.path, 'app.csv');
    writeFileSync(input, lines.join('\n') + '\n');
    const r = await logsift(['parse', '--input', input, '--output', output]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/format: json/);
    const rows = parseCsv(readFileSync(output, 'utf8'));
    expect(rows[0]).toEqual(['LineId', 'Time', 'Level', 'Service', 'Host', 'Content', 'EventId', 'EventTemplate', 'ParameterList']);
    expect(rows[1].slice(0, 6)).toEqual(['1', '2026-11-20T10:00:00.000Z', 'error', 'api', '', 'request 0 took 0 ms']);
    expect(new Set(rows.slice(1).map((r) => r[7]))).toEqual(new Set(['request <*> took <*> ms']));
  });

  it('quotes cells and parameter lists exactly where CSV needs it', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 40; i++) {
      // Parameters with a double quote, an apostrophe and a backslash; a header cell with a comma.
      lines.push(`2024-05-01 10:00:${String(i).padStart(2, '0')} INFO a,b: user "u${i}" from O'Hara${i} path C:\\d${i}`);
      lines.push(`2024-05-01 10:01:${String(i).padStart(2, '0')} WARN svc: disk ${i} full`);
    }
    const input = join(dir.path, 'quoting.log');
    writeFileSync(input, lines.join('\n') + '\n');
    const r = await logsift(['parse', '--format', '<Date> <Time> <Level> <Component>: <Content>', '--input', input, '--output', '-']);
    expect(r.code).toBe(0);
    const rows = parseCsv(r.stdout);
    expect(rows).toHaveLength(81);
    for (const row of rows) expect(row).toHaveLength(9);
    const quoted = rows[79];
    expect(quoted.slice(0, 6)).toEqual(['79', '2024-05-01', '10:00:39', 'INFO', 'a,b', `user "u39" from O'Hara39 path C:\\d39`]);
    expect(quoted[7]).toBe(`user "<*>" from O'<*> path <*>`);
    // Python list literal: backslashes escaped.
    expect(quoted[8]).toBe(`['u39', 'Hara39', 'C:\\\\d39']`);
    const plain = rows[80];
    expect(plain.slice(3, 8)).toEqual(['WARN', 'svc', 'disk 39 full', plain[6], 'disk <*> full']);
    expect(plain[8]).toBe("['39']");
    expect(r.stdout).toContain(",disk 39 full,"); // unquoted when nothing needs quoting
    // JSON-decoded messages may hold newlines and quotes the raw line does not.
    const json = Array.from({ length: 20 }, (_, i) => JSON.stringify({ level: 'info', msg: `line ${i}\nsecond "q"` }));
    const jsonInput = join(dir.path, 'quoting.jsonl');
    writeFileSync(jsonInput, json.join('\n') + '\n');
    const j = await logsift(['parse', '--input', jsonInput, '--output', '-']);
    const jrows = parseCsv(j.stdout);
    expect(jrows).toHaveLength(21);
    expect(jrows[20][5]).toBe('line 19\nsecond "q"');
  });

  it('writes the same rows from a file (split on a worker thread) as from stdin', () => {
    // Several split batches, lines that do not fit the format, quoting, and detection.
    const lines: string[] = [];
    for (let i = 0; i < 9000; i++) {
      if (i % 97 === 0) lines.push(`  continuation ${i}, "quoted"`);
      else lines.push(`2024-05-01 10:${String(i % 60).padStart(2, '0')}:00 INFO c.X${i % 5}: request ${i} took ${i % 300} ms, user "u${i % 7}"`);
    }
    const input = join(dir.path, 'same.log');
    writeFileSync(input, lines.join('\n') + '\n');
    for (const format of [['--format', '<Date> <Time> <Level> <Component>: <Content>'], []]) {
      const fromFile = spawnSync(process.execPath, [BIN, 'parse', ...format, '--input', input, '--output', '-'], { encoding: 'utf8', maxBuffer: 1 << 26 });
      const fromStdin = spawnSync(process.execPath, [BIN, 'parse', ...format, '--input', '-', '--output', '-'], {
        encoding: 'utf8',
        input: readFileSync(input),
        maxBuffer: 1 << 26,
      });
      expect(fromFile.status).toBe(0);
      expect(fromStdin.status).toBe(0);
      expect(fromFile.stdout.split('\n')).toHaveLength(9002);
      expect(fromFile.stdout).toBe(fromStdin.stdout);
    }
  });

  it('mines plain lines whole and explains usage errors', async () => {
    const input = join(dir.path, 'plain.log');
    writeFileSync(input, 'started worker 1\nstarted worker 2\nstarted worker 3\n');
    const r = await logsift(['parse', '--input', input, '--output', '-']);
    expect(r.code).toBe(0);
    const rows = parseCsv(r.stdout);
    expect(rows[0]).toEqual(['LineId', 'Content', 'EventId', 'EventTemplate', 'ParameterList']);
    expect(rows[3][3]).toBe('started worker <*>');
    expect((await logsift(['parse', '--input', input])).stderr).toMatch(/--output is required/);
    expect((await logsift(['parse', '--input', join(dir.path, 'nope'), '--output', '-'])).stderr).toMatch(/not a readable file/);
  });
});
