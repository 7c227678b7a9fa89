import { readFileSync } from 'node:fs';
import { compileHeaderFormat } from '../../src/parse/formats/header-format.js';
import { LOGHUB_FORMATS, VARIANTS, logFile, loghubDir, presentSystems } from './loghub.js';

/**
 * The message contents (after header parsing) of every Loghub-2k system present, in file
 * order, system after system. Throws when no dataset is found.
 */
export function loghubContents(): string[] {
  const dir = loghubDir();
  const systems = presentSystems(dir);
  if (systems.length === 0) throw new Error(`no Loghub-2k systems under ${dir} (set LOGSIFT_DATASETS)`);
  const out: string[] = [];
  for (const system of systems) {
    const header = compileHeaderFormat(LOGHUB_FORMATS[system]);
    const ci = header.fields.indexOf('Content');
    for (let line of readFileSync(logFile(dir, system, VARIANTS[1]), 'utf8').split('\n')) {
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line === '') continue;
      const fields = header.match(line);
      out.push(fields === null ? line : fields[ci]);
    }
  }
  return out;
}
