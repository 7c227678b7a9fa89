import { describe, expect, it } from 'vitest';
import { EventDraft } from './event-draft.js';
import { RoleSlots, roleCodeOf } from './field-roles.js';

describe('field roles', () => {
  it('knows the well-known keys and nothing else', () => {
    for (const key of ['ts', '@timestamp', 'level', 'severity', 'msg', 'message', 'service.name', 'host', 'trace_id', 'spanId']) {
      expect(roleCodeOf(key)).toBeGreaterThanOrEqual(0);
    }
    for (const key of ['', 'user', 'caller', 'levels', 'Message', 'x'.repeat(40), 'é']) expect(roleCodeOf(key)).toBe(-1);
  });

  it('keeps the best candidate per role and returns the others to attrs', () => {
    const d = new EventDraft();
    const slots = new RoleSlots();
    slots.offer('message', roleCodeOf('message'), 'second choice', d);
    slots.offer('msg', roleCodeOf('msg'), 'first choice', d);
    slots.offer('text', roleCodeOf('text'), 'third choice', d);
    slots.apply(d, 0);
    expect(d.message).toBe('first choice');
    expect(slots.messageKey).toBe('msg');
    expect(d.attrs).toEqual({ message: 'second choice', text: 'third choice' });
  });

  it('keeps values that do not convert as attributes', () => {
    const d = new EventDraft();
    const slots = new RoleSlots();
    slots.offer('service', roleCodeOf('service'), true, d);
    slots.offer('trace_id', roleCodeOf('trace_id'), '', d);
    slots.offer('host', roleCodeOf('host'), 42, d);
    slots.apply(d, 0);
    expect(d.service).toBeNull();
    expect(d.host).toBe('42');
    expect(d.attrs).toEqual({ service: true, trace_id: '' });
  });
});
