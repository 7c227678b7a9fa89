import { describe, expect, it } from 'vitest';
import { EventDraft } from './event-draft.js';
import type { ParseContext } from '../types.js';

const ctx: ParseContext = { tenant: 't', receivedAt: 1000, service: 'svc', host: 'ctx-host', streamKey: 'k', format: { kind: 'auto' } };

describe('EventDraft', () => {
  it('applies context defaults in toEvent', () => {
    const d = new EventDraft();
    d.message = 'm';
    expect(d.toEvent(ctx)).toMatchObject({ tenant: 't', ts: 1000, service: 'svc', host: 'ctx-host', level: 'info', attrs: null });
  });

  it('prefers record host, then context host, then the fallback', () => {
    const d = new EventDraft();
    d.hostFallback = 'node-1';
    expect(d.toEvent(ctx).host).toBe('ctx-host');
    expect(d.toEvent({ ...ctx, host: null }).host).toBe('node-1');
    d.host = 'own';
    expect(d.toEvent(ctx).host).toBe('own');
  });

  it('resets to the same shape and copies', () => {
    const a = new EventDraft();
    a.ts = 5;
    a.setAttr('k', 1);
    const b = new EventDraft();
    b.copyFrom(a);
    expect(b.attrs).toBe(a.attrs);
    a.reset();
    expect(Object.keys(a)).toEqual(Object.keys(new EventDraft()));
    expect(a.ts).toBeNaN();
    expect(a.attrs).toBeNull();
  });
});
