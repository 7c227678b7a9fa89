import { describe, expect, it } from 'vitest';
import { LogsiftError } from '../model/index.js';
import { parseFormatSpec } from './format-spec.js';

describe('parseFormatSpec', () => {
  it('defaults to auto', () => {
    expect(parseFormatSpec(undefined)).toEqual({ kind: 'auto' });
    expect(parseFormatSpec('')).toEqual({ kind: 'auto' });
    expect(parseFormatSpec(' AUTO ')).toEqual({ kind: 'auto' });
  });

  it('accepts built-in names and aliases, case-insensitively', () => {
    expect(parseFormatSpec('json')).toEqual({ kind: 'builtin', name: 'json' });
    expect(parseFormatSpec('NDJSON')).toEqual({ kind: 'builtin', name: 'json' });
    expect(parseFormatSpec('rfc5424')).toEqual({ kind: 'builtin', name: 'syslog5424' });
    expect(parseFormatSpec('RFC3164')).toEqual({ kind: 'builtin', name: 'syslog3164' });
    expect(parseFormatSpec('combined')).toEqual({ kind: 'builtin', name: 'access-combined' });
    expect(parseFormatSpec('clf')).toEqual({ kind: 'builtin', name: 'access-common' });
    expect(parseFormatSpec('logfmt')).toEqual({ kind: 'builtin', name: 'logfmt' });
    expect(parseFormatSpec('text')).toEqual({ kind: 'builtin', name: 'plain' });
  });

  it('accepts header formats and validates them now', () => {
    const spec = parseFormatSpec('<Date> <Time> <Level> <Component>: <Content>');
    expect(spec).toEqual({ kind: 'header', pattern: '<Date> <Time> <Level> <Component>: <Content>' });
    expect(() => parseFormatSpec('<A> <A>')).toThrow(LogsiftError);
  });

  it('rejects unknown names with the list of valid ones', () => {
    expect(() => parseFormatSpec('header')).toThrow(/unknown log format "header".*logfmt/);
    expect(() => parseFormatSpec('yaml')).toThrow(expect.objectContaining({ code: 'invalid_config' }));
  });
});
