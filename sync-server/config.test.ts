import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARS, loadConfig, REPO_ROOT } from './config.ts';

describe('loadConfig', () => {
  it('applies the defaults', () => {
    const result = loadConfig({});
    expect(result).toEqual({
      ok: true,
      config: {
        port: 8787,
        host: '127.0.0.1',
        dataDir: resolve(REPO_ROOT, 'data'),
        clientDir: resolve(REPO_ROOT, 'dist/client'),
        databaseUrl: undefined,
        logLevel: 'info',
        maxBodyBytes: 1_048_576,
        clientErrorRateLimit: 30,
        trustProxy: false,
        shutdownTimeoutMs: 10_000,
        signup: 'first',
        sessionDays: 30,
        loginRateLimit: 10,
        metricsToken: undefined,
        hubspotBaseUrl: 'https://api.hubapi.com',
        lemlistBaseUrl: 'https://api.lemlist.com/api',
        exploriumBaseUrl: 'https://api.explorium.ai',
        hubspotRateLimit: 100,
        deliveryTimeoutMs: 30_000,
        deliveryWorkers: true,
      },
    });
  });

  it('reads every variable', () => {
    const result = loadConfig({
      PORT: '0',
      HOST: '0.0.0.0',
      DATA_DIR: 'relative/data',
      CLIENT_DIR: '/srv/client',
      DATABASE_URL: 'postgresql://u:p@db:5432/outpost',
      LOG_LEVEL: 'debug',
      MAX_BODY_BYTES: '2048',
      CLIENT_ERROR_RATE_LIMIT: '5',
      TRUST_PROXY: 'true',
      SHUTDOWN_TIMEOUT_MS: '500',
    });
    expect(result.ok && result.config).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      dataDir: resolve('relative/data'),
      clientDir: '/srv/client',
      databaseUrl: 'postgresql://u:p@db:5432/outpost',
      logLevel: 'debug',
      maxBodyBytes: 2048,
      clientErrorRateLimit: 5,
      trustProxy: true,
      shutdownTimeoutMs: 500,
    });
  });

  it('treats an empty variable as unset', () => {
    const result = loadConfig({ PORT: '', TRUST_PROXY: '' });
    expect(result.ok && result.config.port).toBe(8787);
  });

  it('lists every bad value with a clear message', () => {
    const result = loadConfig({
      PORT: 'abc',
      LOG_LEVEL: 'loud',
      MAX_BODY_BYTES: '-1',
      TRUST_PROXY: 'maybe',
      SHUTDOWN_TIMEOUT_MS: '1.5',
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        'PORT must be an integer from 0 to 65535 (got "abc")',
        'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
        'MAX_BODY_BYTES must be an integer from 1 to 1073741824 (got "-1")',
        'TRUST_PROXY must be true or false (got "maybe")',
        'SHUTDOWN_TIMEOUT_MS must be an integer from 0 to 600000 (got "1.5")',
      ],
    });
  });

  it('rejects out-of-range ports', () => {
    const result = loadConfig({ PORT: '70000' });
    expect(result.ok ? [] : result.errors).toEqual([
      'PORT must be an integer from 0 to 65535 (got "70000")',
    ]);
  });

  it('never echoes a DATABASE_URL, which may hold a password', () => {
    const result = loadConfig({ DATABASE_URL: 'mysql://root:hunter2@db/outpost' });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors).toEqual([
      'DATABASE_URL must be a postgres:// or postgresql:// URL (the value is not shown)',
    ]);
    expect(errors.join()).not.toContain('hunter2');
  });

  it('documents every variable it reads', () => {
    expect(CONFIG_VARS.map((v) => v.name)).toEqual([
      'PORT',
      'HOST',
      'DATA_DIR',
      'CLIENT_DIR',
      'DATABASE_URL',
      'LOG_LEVEL',
      'MAX_BODY_BYTES',
      'CLIENT_ERROR_RATE_LIMIT',
      'TRUST_PROXY',
      'SHUTDOWN_TIMEOUT_MS',
      'SIGNUP',
      'SESSION_DAYS',
      'LOGIN_RATE_LIMIT',
      'METRICS_TOKEN',
      'HUBSPOT_BASE_URL',
      'LEMLIST_BASE_URL',
      'EXPLORIUM_BASE_URL',
      'HUBSPOT_RATE_LIMIT',
      'DELIVERY_TIMEOUT_MS',
      'DELIVERY_WORKERS',
    ]);
    for (const v of CONFIG_VARS) expect(v.description.length).toBeGreaterThan(10);
  });
});

describe('README', () => {
  it('documents every configuration variable, with its default', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const variable of CONFIG_VARS) {
      expect(readme, variable.name).toMatch(new RegExp(`^\\| \`${variable.name}\` +\\|`, 'm'));
    }
  });
});
