import { describe, expect, it } from 'vitest';
import {
  majorTokens,
  messageMatchesTerm,
  queryTerms,
  addRowTerms,
  sanitizeValue,
  serviceTerm,
  suffixTerms,
  templateConstants,
} from './terms.js';

describe('index terms', () => {
  it('keeps IPs, paths and dotted names whole and strips edge punctuation', () => {
    expect(majorTokens('Receiving block blk_-123 src: /10.251.42.84:57069 at java.lang.Error(x)')).toEqual([
      'receiving',
      'block',
      'blk_-123',
      'src',
      '10.251.42.84:57069',
      'at',
      'java.lang.error',
      'x',
    ]);
    expect(majorTokens('user="Alice" ok, done;  — ÉTÉ·x')).toEqual(['user', 'alice', 'ok', 'done', 'été', 'x']);
  });

  it('indexes suffixes after minor characters', () => {
    const out: string[] = [];
    suffixTerms('java.lang.nullpointerexception', out);
    expect(out).toEqual(['java.lang.nullpointerexception', 'lang.nullpointerexception', 'nullpointerexception']);
    const ip: string[] = [];
    suffixTerms('10.251.42.84:57069', ip);
    expect(ip).toEqual(['10.251.42.84:57069']);
    const dashed: string[] = [];
    suffixTerms('payment-svc.prod/api', dashed);
    expect(dashed).toEqual(['payment-svc.prod/api', 'prod/api', 'api']);
  });

  it('separates template constants from wildcard tokens', () => {
    const c = templateConstants('took <*>ms for user=<*> on blk_<*> Done');
    expect([...c.tokens].sort()).toEqual(['done', 'for', 'on', 'took', 'user']);
  });

  it('indexes only the variable tokens of a row and its attribute values', () => {
    const c = templateConstants('Connected to <*> in <*> ms');
    const into = new Set<string>([serviceTerm('web')]);
    addRowTerms('Connected to db-1.prod in 35 ms', 'Alice 10.0.0.1', c.tokens, into, [], new Set());
    expect([...into]).toEqual(['s\u00b7web', 'db-1.prod', 'prod', '35', 'alice', '10.0.0.1']);
  });

  it('matches query terms at token starts and after minor characters only', () => {
    const m = 'error at java.lang.nullpointerexception in /api/users/42';
    expect(messageMatchesTerm(m, 'nullpointerexception')).toBe(true);
    expect(messageMatchesTerm(m, 'lang.null')).toBe(true);
    expect(messageMatchesTerm(m, 'pointer')).toBe(false);
    expect(messageMatchesTerm(m, 'users/42')).toBe(true);
    expect(messageMatchesTerm('svc payment-api', 'api')).toBe(false);
    expect(queryTerms('  /api/users  Error error ')).toEqual(['api/users', 'error']);
  });

  it('sanitises structural values to single tokens', () => {
    expect(sanitizeValue('My Service!')).toBe('my_service_');
    expect(sanitizeValue('')).toBe('_');
  });
});
