import { ACCESS_COMBINED, ACCESS_NONE, scanAccessLine } from './formats/access-log-format.js';
import type { BuiltinFormatName } from './formats/builtin-formats.js';
import { decodeJsonObject, looksLikeJsonObject } from './formats/json-format.js';
import { LogfmtScanner, logfmtPairCount } from './formats/logfmt-format.js';
import { parseSyslog3164 } from './formats/syslog3164-format.js';
import { parseSyslog5424 } from './formats/syslog5424-format.js';
import { CH_LT, isRegexSpace } from './internal/char-codes.js';
import { EventDraft } from './internal/event-draft.js';
import { ML_NONE, continuation } from './multiline.js';
import type { FormatSpec } from './types.js';

/** Lines a detection looks at, at most (blank and continuation lines are skipped, not counted). */
export const DETECT_SAMPLE_LINES = 32;
/** Lines longer than this are judged on their first part only (detection must stay cheap). */
const MAX_SAMPLE_CHARS = 16_384;

/**
 * Scores each built-in format on a sample of lines and picks the one most lines match, if at
 * least half do; otherwise `plain`. Each line counts for one format only, tried in this order:
 * JSON object, RFC 5424, RFC 3164 (with or without PRI), access log, logfmt (≥ 2 pairs). Ties
 * go to the earlier format. Header formats are user-given and never detected.
 *
 * Within syslog, RFC 5424 wins when at least as many lines are 5424 as 3164 (both syslog
 * parsers read the other dialect's PRI lines anyway); within access logs, combined wins when at
 * least half carry referer and user agent.
 */
export class FormatDetector {
  private readonly draft = new EventDraft();
  private readonly logfmt = new LogfmtScanner();

  /**
   * Detects from `lines[from…]`. Returns null when the sample holds no usable line (all blank,
   * indented or not strings), so the caller can wait for more input.
   */
  detect(lines: readonly unknown[], from: number, receivedAt: number): BuiltinFormatName | null {
    const d = this.draft;
    let sampled = 0;
    let json = 0;
    let s5424 = 0;
    let s3164 = 0;
    let access = 0;
    let combined = 0;
    let logfmt = 0;
    for (let i = from; i < lines.length && sampled < DETECT_SAMPLE_LINES; i++) {
      const raw = lines[i];
      if (typeof raw !== 'string' || raw.length === 0) continue;
      let line = raw.length > MAX_SAMPLE_CHARS ? raw.slice(0, MAX_SAMPLE_CHARS) : raw;
      if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
      if (line.length === 0 || isRegexSpace(line.charCodeAt(0))) continue;
      if (continuation(line, ML_NONE, undefined) >= 0) continue;
      sampled++;
      d.reset();
      if (looksLikeJsonObject(line)) {
        if (decodeJsonObject(line) !== null) json++;
        continue;
      }
      if (line.charCodeAt(0) === CH_LT) {
        if (parseSyslog5424(line, d, receivedAt)) s5424++;
        else if ((d.reset(), parseSyslog3164(line, d, receivedAt))) s3164++;
        continue;
      }
      if (parseSyslog3164(line, d, receivedAt)) {
        s3164++;
        continue;
      }
      d.reset();
      const shape = scanAccessLine(line, d, receivedAt);
      if (shape !== ACCESS_NONE) {
        access++;
        if (shape === ACCESS_COMBINED) combined++;
        continue;
      }
      if (logfmtPairCount(this.logfmt, line) >= 2) logfmt++;
    }
    if (sampled === 0) return null;
    const syslog = s5424 + s3164;
    let best: BuiltinFormatName = 'plain';
    let bestCount = 0;
    if (json > bestCount) [best, bestCount] = ['json', json];
    if (syslog > bestCount) [best, bestCount] = [s5424 >= s3164 ? 'syslog5424' : 'syslog3164', syslog];
    if (access > bestCount) [best, bestCount] = [combined * 2 >= access ? 'access-combined' : 'access-common', access];
    if (logfmt > bestCount) [best, bestCount] = ['logfmt', logfmt];
    return bestCount * 2 >= sampled ? best : 'plain';
  }
}

const sharedDetector = new FormatDetector();

/**
 * Detects the format of a sample of lines (for example the head of a file): json, logfmt,
 * syslog5424, syslog3164, access-combined, access-common, or plain. Never returns `auto` or
 * a header format. Year-less timestamps are judged against the current time.
 */
export function detectFormat(sampleLines: readonly string[]): FormatSpec {
  return { kind: 'builtin', name: sharedDetector.detect(sampleLines, 0, Date.now()) ?? 'plain' };
}
