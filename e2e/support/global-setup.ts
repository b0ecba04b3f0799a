import { mkdirSync, rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { buildClient, repoRoot } from './build.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A production build of the PWA, shared by every end-to-end test file (read-only). */
    clientDir: string;
  }
}

/**
 * One production build for the whole e2e run; tests that change files copy it first. Each run
 * builds into its own directory, so two runs on one machine never pull a build from under
 * each other; it is removed when the run ends.
 */
export default async function setup(project: TestProject) {
  const dir = `${repoRoot}.tmp/e2e/client-${process.pid}`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await buildClient(dir, 'e2e-a');
  project.provide('clientDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
