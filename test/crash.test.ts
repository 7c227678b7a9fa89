import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer, tempDir } from './helpers.js';

const LINES_PER_BATCH = 400;

function batchBody(b: number): string {
  let s = '';
  for (let l = 0; l < LINES_PER_BATCH; l++) s += `crash probe batch b${b} line l${l} payload ${(b * 7919 + l) % 1000}\n`;
  return s;
}

async function send(url: string, b: number): Promise<boolean> {
  try {
    const res = await fetch(`${url}/api/v1/logs?service=crash`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: batchBody(b) });
    await res.text();
    return res.ok;
  } catch {
    return false;
  }
}

describe('crash safety', () => {
  const dir = tempDir('logsift-crash-');
  afterAll(() => dir.remove());
  beforeAll(() => undefined);

  it('keeps every acknowledged line exactly once across SIGKILL and restart', async () => {
    const first = await spawnServer(['--data-dir', dir.path, '--retention', '0']);
    const acked = new Set<number>();
    const attempted = new Set<number>();
    let next = 0;
    let killed = false;
    // Four concurrent senders, like a fleet of shippers.
    const sender = async () => {
      while (!killed) {
        const b = next++;
        attempted.add(b);
        if (await send(first.url, b)) acked.add(b);
      }
    };
    const senders = [sender(), sender(), sender(), sender()];
    await new Promise((r) => setTimeout(r, 2500));
    killed = true;
    first.child.kill('SIGKILL');
    await Promise.all(senders);
    await first.stop('SIGKILL');
    expect(acked.size).toBeGreaterThan(10);

    const second = await spawnServer(['--data-dir', dir.path, '--retention', '0']);
    try {
      // A client retries what was never acknowledged; dedup must absorb the ones that did commit.
      const retried = [...attempted].filter((b) => !acked.has(b));
      console.log(`crash test: ${acked.size} batches acknowledged, ${retried.length} in flight at SIGKILL and retried`);
      for (const b of retried) expect(await send(second.url, b)).toBe(true);

      const seen = new Map<string, number>();
      let cursor: string | null = null;
      do {
        const res = await fetch(`${second.url}/api/v1/logs?service=crash&limit=1000${cursor === null ? '' : `&cursor=${cursor}`}`);
        const page = (await res.json()) as { events: { message: string }[]; nextCursor: string | null };
        for (const e of page.events) {
          const m = /batch b(\d+) line l(\d+)/.exec(e.message);
          if (m !== null) seen.set(`${m[1]}:${m[2]}`, (seen.get(`${m[1]}:${m[2]}`) ?? 0) + 1);
        }
        cursor = page.nextCursor;
      } while (cursor !== null);

      const duplicates = [...seen.entries()].filter(([, n]) => n > 1);
      expect(duplicates).toEqual([]);
      for (const b of attempted) {
        for (let l = 0; l < LINES_PER_BATCH; l++) {
          if (!seen.has(`${b}:${l}`)) throw new Error(`line ${l} of batch ${b} (${acked.has(b) ? 'acknowledged' : 'retried'}) is missing`);
        }
      }
      expect(seen.size).toBe(attempted.size * LINES_PER_BATCH);
    } finally {
      await second.stop();
    }
  }, 120_000);
});
