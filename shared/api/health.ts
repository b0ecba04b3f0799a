export interface HealthResponse {
  status: 'ok' | 'degraded';
  version: string;
  apiVersion: number;
  store: { kind: 'sqlite' | 'postgres'; ok: boolean; schemaVersion: number };
  uptimeSeconds: number;
}
