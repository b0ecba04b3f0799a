import { afterAll, beforeAll, inject } from 'vitest';
import { openProfile, type Profile } from './chromium.ts';
import { startServer, type RunningServer } from './server.ts';

export interface AppUnderTest {
  readonly server: RunningServer;
  readonly profile: Profile;
}

/**
 * The real server on the run's shared build and a fresh persistent browser profile, started
 * before the file's tests and stopped after them. Call at the top of a test file.
 */
export function appUnderTest(): AppUnderTest {
  const app = {} as { server: RunningServer; profile: Profile };
  beforeAll(async () => {
    app.server = await startServer({ clientDir: inject('clientDir') });
    app.profile = await openProfile();
  });
  afterAll(async () => {
    await app.profile?.close();
    await app.server?.stop();
  });
  return app;
}
