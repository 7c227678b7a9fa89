import type { FormatName } from '../types.js';
import { AccessLogFormat } from './access-log-format.js';
import { JsonTextFormat } from './json-format.js';
import type { JsonRecordMapper } from './json-format.js';
import { LogfmtFormat } from './logfmt-format.js';
import { PlainFormat } from './plain-format.js';
import { Syslog3164Format } from './syslog3164-format.js';
import { Syslog5424Format, parseSyslog5424 } from './syslog5424-format.js';
import type { TextFormat } from './text-format.js';

/** Names of the formats that need no user pattern. */
export type BuiltinFormatName = Exclude<FormatName, 'header'>;

/** One instance of each built-in format, sharing one JSON mapper. Owned by one parser. */
export class BuiltinFormats {
  readonly json: JsonTextFormat;
  readonly plain = new PlainFormat();
  private readonly byName: ReadonlyMap<BuiltinFormatName, TextFormat>;

  constructor(mapper: JsonRecordMapper) {
    this.json = new JsonTextFormat(mapper);
    const formats: TextFormat[] = [
      this.json,
      new LogfmtFormat(),
      new Syslog5424Format(),
      new Syslog3164Format(parseSyslog5424),
      new AccessLogFormat('access-common'),
      new AccessLogFormat('access-combined'),
      this.plain,
    ];
    this.byName = new Map(formats.map((f) => [f.name as BuiltinFormatName, f]));
  }

  get(name: BuiltinFormatName): TextFormat {
    return this.byName.get(name) ?? this.plain;
  }
}
