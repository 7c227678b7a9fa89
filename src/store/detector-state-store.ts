/**
 * Saved detector state: one versioned snapshot per (tenant, name), as bytes. The detection
 * runner decides the format; the store only keeps bytes, never live objects.
 */
export interface DetectorStateStore {
  loadDetectorState(tenant: string, name: string): Promise<Uint8Array | null>;
  saveDetectorState(tenant: string, name: string, data: Uint8Array): Promise<void>;
  /** Tenants that have saved state. */
  detectorStateTenants(): Promise<readonly string[]>;
}
