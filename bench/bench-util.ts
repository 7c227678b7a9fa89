/** Small helpers shared by the benchmarks. */
import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (benchmarks run from dist/bench/). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The shared datasets: $LOGSIFT_DATASETS, else ../shared/datasets next to the repository. */
export function datasetsDir(): string {
  const dir = process.env.LOGSIFT_DATASETS ?? join(REPO_ROOT, '..', 'shared', 'datasets');
  if (!existsSync(dir)) throw new Error(`datasets not found at ${dir}; set LOGSIFT_DATASETS`);
  return dir;
}

export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export function formatRate(perSecond: number): string {
  return Math.round(perSecond).toLocaleString('en-US');
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function machine(): string {
  const c = cpus();
  return `${c.length}× ${c[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

export function verdict(met: boolean): string {
  return met ? 'met' : 'NOT met';
}

/** 52-bit FNV-1a, for fake template ids in store benches. */
export function fnv52(text: string): number {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) h = BigInt.asUintN(64, (h ^ BigInt(text.charCodeAt(i))) * 0x100000001b3n);
  return Number(h & 0xfffffffffffffn);
}
