import { describe, expect, it } from 'vitest';
import { inlineTraceId } from './inline-trace-id.js';

describe('inlineTraceId', () => {
  it('finds a trace id written into a text line', () => {
    expect(inlineTraceId('Charged card for order 1 in 23 ms trace_id=90ac1f0e5d2b4c3a', null)).toBe('90ac1f0e5d2b4c3a');
    expect(inlineTraceId('handled request traceId: "4bf92f3577b34da6a3ce929d0e0e4736" ok', null)).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(inlineTraceId('[trace-id=0af7651916cd43dd8448eb211c80319c] GET /', null)).toBe('0af7651916cd43dd8448eb211c80319c');
  });

  it('finds one in attributes such as syslog structured data', () => {
    expect(inlineTraceId('delivered message', { 'sd.ctx@32473.trace_id': '6520aa01bb02cc03' })).toBe('6520aa01bb02cc03');
    expect(inlineTraceId('x', { 'mdc.traceId': 'abcdef0123456789' })).toBe('abcdef0123456789');
  });

  it('ignores words that only mention tracing, and non-ids', () => {
    expect(inlineTraceId('tracing enabled; trace id not set', null)).toBeNull();
    expect(inlineTraceId('trace_id=hello', null)).toBeNull();
    expect(inlineTraceId('x', { retrace_identity: 'abcdef0123456789', trace_id_count: '12345678' })).toBeNull();
  });
});
