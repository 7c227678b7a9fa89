import { describe, expect, it } from 'vitest';
import { parseSearch, searchParams, withFilter, withoutFilter } from './search-query';

describe('search box syntax', () => {
  it('splits filters from free text, ORs values of one key, and keeps unknown key:value as text', () => {
    const q = parseSearch('service:web,api level:ERROR payment failed user:alice service:db 10.0.0.1:80');
    expect(q.service).toEqual(['web', 'api', 'db']);
    expect(q.level).toEqual(['error']);
    expect(q.text).toBe('payment failed user:alice 10.0.0.1:80');
    expect(searchParams(q)).toEqual({ q: 'payment failed user:alice 10.0.0.1:80', service: 'web,api,db', level: 'error' });
  });

  it('understands quoted values, level aliases, trace and template ids, and reports what it cannot use', () => {
    const q = parseSearch('host:"web 1" level:warning,bogus trace:abc123 template:8261A5E68387B template:nothex "disk full"');
    expect(q.host).toEqual(['web 1']);
    expect(q.level).toEqual(['warn']);
    expect(q.trace).toBe('abc123');
    expect(q.template).toEqual(['8261A5E68387B']);
    expect(q.text).toBe('disk full');
    expect(q.problems).toHaveLength(2);
    expect(q.problems[0]).toContain('bogus');
    expect(q.problems[1]).toContain('nothex');
  });

  it('adds a filter once (quoting when needed) and removes every filter of a key', () => {
    expect(withFilter('', 'service', 'web')).toBe('service:web');
    expect(withFilter('timeout', 'service', 'web')).toBe('timeout service:web');
    expect(withFilter('timeout service:web', 'service', 'web')).toBe('timeout service:web');
    expect(withFilter('x', 'host', 'web 1')).toBe('x host:"web 1"');
    expect(withFilter('x', 'trace', 't1')).toBe('x trace:t1');
    expect(withoutFilter('a service:web b level:error service:db', 'service')).toBe('a b level:error');
  });
});
