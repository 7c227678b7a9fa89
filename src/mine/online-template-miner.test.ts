import { describe, expect, it } from 'vitest';
import { LogsiftError } from '../model/index.js';
import { createTemplateMiner, extractParams, templateIdOf } from './index.js';
import type { MinedTemplate, TemplateMiner } from './index.js';

function current(miner: TemplateMiner, id: number): MinedTemplate {
  let t = miner.get(id);
  while (t !== undefined && t.replacedBy !== null) t = miner.get(t.replacedBy);
  if (t === undefined) throw new Error(`template ${id} is gone`);
  return t;
}

describe('OnlineTemplateMiner', () => {
  it('maps lines that differ in values to one template with typed, named parameters', () => {
    const miner = createTemplateMiner();
    const a = miner.mine('Connected to 10.0.0.1:5432 in 35ms user=alice');
    const b = miner.mine('Connected to 10.0.0.2:5432 in 120ms user=alice');
    expect(b.templateId).toBe(a.templateId);
    expect(a.created?.text).toBe('Connected to <*> in <*> user=alice');
    expect(b.params).toEqual(['10.0.0.2:5432', '120ms']);
    const t = miner.get(a.templateId);
    expect(t?.slots.map((s) => s.type)).toEqual(['ip', 'duration']);
    expect(t?.slots.map((s) => s.name)).toEqual([null, null]);
    const took = miner.mine('job 7 took 35ms');
    expect(miner.get(took.templateId)?.slots.map((s) => s.name)).toEqual(['job', 'took']);
  });

  it('derives ids from the text: same text, same id, on every miner', () => {
    const one = createTemplateMiner();
    const two = createTemplateMiner();
    const r1 = one.mine('disk /dev/sda1 is 93% full');
    const r2 = two.mine('disk /dev/sdb2 is 40% full');
    expect(r1.templateId).toBe(r2.templateId);
    expect(r1.templateId).toBe(templateIdOf('disk <*> is <*> full', []));
    expect(r1.templateId).toBeLessThan(2 ** 52);
    expect(Number.isInteger(r1.templateId)).toBe(true);
  });

  it('generalises under a new id that lists the old one, and keeps the old template', () => {
    const miner = createTemplateMiner();
    const first = miner.mine('Invalid user alice from 10.0.0.1');
    miner.mine('Invalid user bob from 10.0.0.2');
    const third = miner.mine('Invalid user carol from 10.0.0.3');
    const t = miner.get(third.templateId);
    expect(t?.text).toBe('Invalid user <*> from <*>');
    expect(t?.ancestors).toContain(first.templateId);
    expect(third.created?.id).toBe(third.templateId);
    const old = miner.get(first.templateId);
    expect(old?.text).toBe('Invalid user alice from <*>');
    expect(old?.replacedBy).toBe(third.templateId);
    // Later lines, including one like the first, go to the general template.
    expect(miner.mine('Invalid user alice from 10.0.0.9').templateId).toBe(third.templateId);
    expect(miner.mine('Invalid user dave from 10.0.0.4').params).toEqual(['dave', '10.0.0.4']);
  });

  it('keeps templates that differ in a word apart until the word varies', () => {
    const miner = createTemplateMiner();
    const opened = miner.mine('session opened for user 42');
    const closed = miner.mine('session closed for user 42');
    expect(opened.templateId).not.toBe(closed.templateId);
  });

  it('makes the key set of structured records part of the identity', () => {
    const miner = createTemplateMiner();
    const a = miner.mine('request done', ['method', 'path', 'status']);
    const b = miner.mine('request done', ['method', 'path', 'status']);
    const c = miner.mine('request done', ['method', 'status']);
    const plain = miner.mine('request done');
    expect(b.templateId).toBe(a.templateId);
    expect(c.templateId).not.toBe(a.templateId);
    expect(plain.templateId).not.toBe(a.templateId);
    expect(miner.get(a.templateId)?.keys).toEqual(['method', 'path', 'status']);
  });

  it('turns the values of k=v bodies into parameters and keeps the keys', () => {
    const miner = createTemplateMiner();
    const ids = new Set<number>();
    for (let i = 0; i < 5; i++) ids.add(miner.mine(`level=info msg=flushed user=u${['a', 'b', 'c', 'd', 'e'][i]} bytes=${i * 100} took=${i}ms`).templateId);
    const final = [...ids].map((id) => current(miner, id).id);
    expect(new Set(final).size).toBe(1);
    const t = current(miner, final[0]);
    expect(t.text).toBe('level=info msg=flushed user=<*> bytes=<*> took=<*>');
    expect(t.slots.map((s) => s.name)).toEqual(['user', 'bytes', 'took']);
  });

  it('mines one template per stack-trace shape', () => {
    const miner = createTemplateMiner();
    const trace = (line: number, msg: string): string =>
      `java.lang.IllegalStateException: ${msg}\n\tat com.acme.Worker.run(Worker.java:${line})\n\tat java.lang.Thread.run(Thread.java:748)`;
    const a = miner.mine(trace(42, 'queue 7 closed'));
    const b = miner.mine(trace(57, 'queue 9 closed'));
    const other = miner.mine('java.lang.NullPointerException\n\tat com.acme.Api.get(Api.java:10)');
    expect(b.templateId).toBe(a.templateId);
    expect(b.params).toEqual(['9', '57', '748']);
    expect(other.templateId).not.toBe(a.templateId);
    expect(miner.get(a.templateId)?.text).toBe(
      'java.lang.IllegalStateException: queue <*> closed\nat com.acme.Worker.run(Worker.java:<*>)\nat java.lang.Thread.run(Thread.java:<*>)',
    );
  });

  it('lets a pinned template win over mined ones, until unpinned', () => {
    const miner = createTemplateMiner();
    const mined = miner.mine('Connected to db-1 in 35 ms');
    const pin = miner.pin('Connected to <*> in <*> ms');
    expect(pin.pinned).toBe(true);
    const r = miner.mine('Connected to db-1 in 40 ms');
    expect(r.templateId).toBe(pin.id);
    expect(r.params).toEqual(['db-1', '40']);
    expect(miner.mine('Connected to cache in 2 ms').templateId).toBe(pin.id);
    expect(miner.mine('something else 5').templateId).not.toBe(pin.id);
    expect(miner.unpin(pin.id)).toBe(true);
    expect(miner.unpin(pin.id)).toBe(false);
    expect(miner.mine('Connected to db-1 in 41 ms').templateId).toBe(mined.templateId);
  });

  it('snapshots to bytes and restores the same state', () => {
    const lines = ['a 1 b', 'user u1 login', 'user u2 login', 'user u3 login', 'disk 5% full', 'x=1 y=2'];
    const miner = createTemplateMiner();
    for (const l of lines) miner.mine(l);
    miner.pin('boot <*> done');
    const bytes = miner.snapshot();
    expect(bytes).toBeInstanceOf(Uint8Array);
    const restored = createTemplateMiner();
    restored.restore(bytes);
    expect([...restored.templates()].map((t) => t.text).sort()).toEqual([...miner.templates()].map((t) => t.text).sort());
    expect(restored.stats().lines).toBe(miner.stats().lines);
    // The restored miner continues exactly like the original.
    const more = ['user u4 login', 'a 2 b', 'boot 3 done', 'disk 9% full', 'new line 1'];
    expect(more.map((l) => restored.mine(l).templateId)).toEqual(more.map((l) => miner.mine(l).templateId));
    expect(restored.snapshot()).toEqual(miner.snapshot());
  });

  it('rejects snapshots it cannot read', () => {
    const miner = createTemplateMiner();
    const bytes = createTemplateMiner().snapshot();
    const future = bytes.slice();
    future[4] = 99;
    expect(() => miner.restore(future)).toThrow(/version 99/);
    expect(() => miner.restore(bytes.slice(0, 10))).toThrow(LogsiftError);
    expect(() => miner.restore(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(/not a template miner snapshot/);
  });

  it('stays bounded: evicts the least used templates and counts what it cuts', () => {
    const miner = createTemplateMiner({ maxTemplates: 100, maxTokens: 16 });
    for (let i = 0; i < 5000; i++) {
      if (i % 10 === 0) miner.mine(`hot path ${i}`);
      miner.mine(`${word(i)} ${word(i * 7 + 3)} ${word(i * 13 + 5)} failed`);
    }
    miner.mine(Array.from({ length: 100 }, (_, i) => `t${i}x`).join(' '));
    const s = miner.stats();
    expect(s.templates).toBeLessThanOrEqual(100);
    expect(s.evictedTemplates).toBeGreaterThan(0);
    expect(s.truncatedLines).toBe(1);
    // The frequently used template survives.
    expect(miner.mine('hot path 5').created).toBeNull();
  });

  it('validates options', () => {
    expect(() => createTemplateMiner({ similarity: 0 })).toThrow(/similarity/);
    expect(() => createTemplateMiner({ maxTemplates: 1.5 })).toThrow(/maxTemplates/);
  });
});

describe('extractParams', () => {
  it('re-extracts parameter values from a stored message', () => {
    expect(extractParams('Connected to <*> in <*> ms', 'Connected to db-1 in  35 ms')).toEqual(['db-1', '35']);
    expect(extractParams('no params here', 'no params here')).toEqual([]);
    expect(extractParams('a <*> b', 'something else')).toBeNull();
  });

  it('agrees with the miner on what it mined', () => {
    const miner = createTemplateMiner();
    const msgs = ['PacketResponder 1 for block blk_-69 terminating', 'Served block blk_38 to /10.0.0.1', 'job=7 state=done (x=5)'];
    for (const msg of msgs) {
      const r = miner.mine(msg);
      expect(extractParams(miner.get(r.templateId)?.text ?? '', msg)).toEqual(r.params);
    }
  });
});

function word(i: number): string {
  let s = '';
  let x = (i * 2654435761) >>> 0;
  for (let k = 0; k < 6; k++) {
    s += String.fromCharCode(97 + (x % 26));
    x = Math.floor(x / 26) + k * 7919;
  }
  return s;
}

describe('subsumption', () => {
  it('retires a specific template once a general one covers it', () => {
    const m = createTemplateMiner();
    const alpha = m.mine('Worker alpha finished job 1').templateId;
    m.mine('Worker alpha finished job 2');
    for (let i = 0; i < 5; i++) m.mine(`Worker w${i} finished job ${10 + i}`);
    const late = m.mine('Worker alpha finished job 99');
    const general = m.get(late.templateId);
    expect(general?.text).toBe('Worker <*> finished job <*>');
    expect(general?.ancestors).toContain(alpha);
    expect(m.get(alpha)?.replacedBy).toBe(late.templateId);
  });

  it('never lets a template of wildcards only absorb anything', () => {
    const m = createTemplateMiner();
    const word = m.mine('succeeded').templateId;
    m.mine('sda1 sda2 sda3 sda4');
    m.mine('sdb1 sdb2 sdb3 sdb4');
    expect(m.mine('succeeded').templateId).toBe(word);
  });
});
