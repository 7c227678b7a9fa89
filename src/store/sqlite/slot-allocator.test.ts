import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SLOTS_PER_MS } from './rowkey.js';
import { SlotAllocator } from './slot-allocator.js';

describe('SlotAllocator', () => {
  it('gives unique keys to many rows in one millisecond across batches, spilling over ranges', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE events (id INTEGER PRIMARY KEY)');
    const insert = db.prepare('INSERT INTO events (id) VALUES (?)');
    const slots = new SlotAllocator(db.prepare('SELECT max(id) FROM events WHERE id >= ? AND id < ?').pluck());
    const base = 1000 * SLOTS_PER_MS;
    const next = base + SLOTS_PER_MS;
    let storedMax = Number.NEGATIVE_INFINITY;
    // Three batches: a crowded millisecond (spilling into the next), then the next millisecond, then both again.
    const batches = [
      Array.from({ length: SLOTS_PER_MS + 100 }, () => base),
      Array.from({ length: 50 }, () => next),
      [...Array.from({ length: 30 }, () => base), ...Array.from({ length: 30 }, () => next)],
    ];
    for (const rows of batches) {
      let previous = Number.NEGATIVE_INFINITY;
      for (const b of rows) {
        const key = slots.allocate(b, previous, storedMax);
        expect(key).toBeGreaterThanOrEqual(b);
        insert.run(key); // throws on a duplicate
        previous = key;
      }
      storedMax = Math.max(storedMax, previous);
    }
    expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(SLOTS_PER_MS + 100 + 50 + 60);
  });

  it('never hands out a key twice over many batches that revisit the same milliseconds', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE events (id INTEGER PRIMARY KEY)');
    const insert = db.prepare('INSERT INTO events (id) VALUES (?)');
    const slots = new SlotAllocator(db.prepare('SELECT max(id) FROM events WHERE id >= ? AND id < ?').pluck());
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    let storedMax = Number.NEGATIVE_INFINITY;
    let total = 0;
    for (let b = 0; b < 60; b++) {
      // Old and new milliseconds mixed, some crowded: backfill, resends and live data at once.
      const rows = Array.from({ length: 1 + rand(400) }, () => (1000 + rand(6 + b)) * SLOTS_PER_MS).sort((x, y) => x - y);
      let previous = Number.NEGATIVE_INFINITY;
      for (const base of rows) {
        const key = slots.allocate(base, previous, storedMax);
        expect(key).toBeGreaterThan(previous);
        insert.run(key); // throws on a duplicate
        previous = key;
      }
      storedMax = Math.max(storedMax, previous);
      total += rows.length;
    }
    expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(total);
  });
});
