/** The tenant's own row as a command may read and change it (never its plan or status). */
export interface TenantSettingsStore {
  read(): Promise<{ name: string; settings: Record<string, unknown> }>;
  /** Replaces the settings JSON (the caller merges). */
  writeSettings(settings: Record<string, unknown>): Promise<void>;
}
