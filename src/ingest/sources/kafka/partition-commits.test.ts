import { describe, expect, it } from 'vitest';
import { PartitionCommits } from './partition-commits.js';

/** A store result the test settles by hand. */
function pending(): { promise: Promise<boolean>; settle: (ok: boolean) => void } {
  let settle: (ok: boolean) => void = () => undefined;
  const promise = new Promise<boolean>((resolve) => (settle = resolve));
  return { promise, settle };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('PartitionCommits', () => {
  it('commits in order, only the durable prefix, and coalesces chunks stored while a commit is on its way', async () => {
    const commits: string[] = [];
    let release: () => void = () => undefined;
    const p = new PartitionCommits(async (offset) => {
      commits.push(offset);
      await new Promise<void>((resolve) => (release = resolve));
    }, 3);
    const [a, b, c, d] = [pending(), pending(), pending(), pending()];
    await p.add(a.promise, '10');
    await p.add(b.promise, '20');
    await p.add(c.promise, '30');
    b.settle(true);
    await tick();
    expect(commits).toEqual([]); // chunk 10 is not durable yet
    a.settle(true);
    await tick();
    expect(commits).toEqual(['20']); // both durable: one commit for the two
    c.settle(true);
    const added = p.add(d.promise, '40');
    d.settle(true);
    await added;
    await tick();
    expect(commits).toEqual(['20']); // 30 and 40 wait for the commit on its way...
    release();
    await tick();
    expect(commits).toEqual(['20', '40']); // ...then go as one
    release();
    await p.drain();
  });

  it('holds the fetch loop back while too many chunks are being stored, not while a commit is slow', async () => {
    const p = new PartitionCommits(() => new Promise<void>(() => undefined), 2);
    const [a, b, c] = [pending(), pending(), pending()];
    await p.add(a.promise, '1');
    await p.add(b.promise, '2');
    let third = false;
    void p.add(c.promise, '3').then(() => (third = true));
    await tick();
    expect(third).toBe(false);
    a.settle(true);
    await tick();
    expect(third).toBe(true); // the commit of 1 never finishes, yet the pipeline moves on
  });

  it('commits nothing from a given-up chunk on, and nothing at all once the partition is taken away', async () => {
    const commits: string[] = [];
    const p = new PartitionCommits(async (offset) => void commits.push(offset), 5);
    const [a, b, c] = [pending(), pending(), pending()];
    await p.add(a.promise, '1');
    await p.add(b.promise, '2');
    await p.add(c.promise, '3');
    c.settle(true);
    b.settle(false);
    a.settle(true);
    await p.drain();
    expect(commits).toEqual(['1']);
    expect(p.broken).toBe(true);

    const q = new PartitionCommits(async (offset) => void commits.push(offset), 5);
    const d = pending();
    await q.add(d.promise, '9');
    q.break();
    d.settle(true);
    await q.drain();
    expect(commits).toEqual(['1']);
    expect(q.broken).toBe(true);
  });
});
