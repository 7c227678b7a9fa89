import { createTemplateMiner } from '../mine/index.js';
import type { MinedTemplate, TemplateMiner, TemplateMinerOptions } from '../mine/index.js';
import type { MetaStore } from '../store/index.js';

/**
 * One template miner per tenant, restored from the MetaStore on first use and saved back
 * periodically and on close. Lineage of generalised templates is recorded as it happens.
 */
export class TenantMiners {
  private readonly miners = new Map<string, TemplateMiner>();
  private readonly loading = new Map<string, Promise<TemplateMiner>>();
  private readonly dirty = new Set<string>();
  private readonly pendingLineage: { tenant: string; template: MinedTemplate }[] = [];

  constructor(
    private readonly meta: MetaStore,
    private readonly options: TemplateMinerOptions = {},
  ) {}

  /** The tenant's miner, restoring its snapshot the first time. */
  async get(tenant: string): Promise<TemplateMiner> {
    const ready = this.miners.get(tenant);
    if (ready !== undefined) return ready;
    let pending = this.loading.get(tenant);
    if (pending === undefined) {
      pending = this.load(tenant);
      this.loading.set(tenant, pending);
    }
    return pending;
  }

  /** Synchronous access for miners already loaded. */
  peek(tenant: string): TemplateMiner | undefined {
    return this.miners.get(tenant);
  }

  /** Marks a tenant's miner as changed and remembers a new template's lineage. */
  noteCreated(tenant: string, template: MinedTemplate): void {
    this.dirty.add(tenant);
    if (template.ancestors.length > 0) this.pendingLineage.push({ tenant, template });
  }

  markDirty(tenant: string): void {
    this.dirty.add(tenant);
  }

  /**
   * Writes the lineage of templates created since the last call, so searches by an old or
   * new id find the whole family. The pipeline calls it before a batch is stored.
   */
  async flushLineage(): Promise<void> {
    if (this.pendingLineage.length === 0) return;
    const lineage = this.pendingLineage.splice(0);
    for (const { tenant, template } of lineage) await this.meta.recordLineage(tenant, template.id, template.ancestors);
  }

  /** Saves changed miners and pending lineage. */
  async flush(): Promise<void> {
    await this.flushLineage();
    const tenants = [...this.dirty];
    this.dirty.clear();
    for (const tenant of tenants) {
      const miner = this.miners.get(tenant);
      if (miner !== undefined) await this.meta.saveMinerSnapshot(tenant, miner.snapshot());
    }
  }

  tenants(): string[] {
    return [...this.miners.keys()];
  }

  private async load(tenant: string): Promise<TemplateMiner> {
    const miner = createTemplateMiner(this.options);
    const snapshot = await this.meta.loadMinerSnapshot(tenant);
    if (snapshot !== null) {
      try {
        miner.restore(snapshot);
      } catch (err) {
        // An unreadable snapshot (e.g. from a newer version) must not stop ingest: start
        // fresh; ids are derived from template text, so known templates keep their ids.
        process.emitWarning(`miner snapshot for tenant ${tenant} ignored: ${(err as Error).message}`);
      }
    }
    this.miners.set(tenant, miner);
    this.loading.delete(tenant);
    return miner;
  }
}
