import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from './config.ts';
import { createLogger, type Logger } from './log.ts';

/** Test-only helpers: a valid Config, a logger whose lines can be read back, temp dirs. */

export function testConfig(overrides: Partial<Config> = {}): Config {
  const result = loadConfig({ DATA_DIR: '/nonexistent/data', CLIENT_DIR: '/nonexistent/client' });
  if (!result.ok) throw new Error(result.errors.join('; '));
  return { ...result.config, ...overrides };
}

export interface MemoryLog {
  log: Logger;
  lines: Record<string, unknown>[];
}

export function memoryLog(): MemoryLog {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger('debug', {
    write(line: string) {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  });
  return { log, lines };
}

export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `outpost-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
