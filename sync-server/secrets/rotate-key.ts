import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  openSync,
  renameSync,
  unlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config.ts';
import {
  KEY_FILE,
  loadServerKey,
  PREVIOUS_KEY_FILE,
  SECRET_KEY_ENV,
  ServerKeyError,
  writeNewKeyFile,
} from './server-key.ts';

/**
 * `node sync-server/secrets/rotate-key.ts`: makes a new server key current in DATA_DIR and
 * keeps the old one as secret.key.previous.
 *
 * Why keep the old key: credentials sealed with it must still open until each is sealed again
 * under the new key (rotate.ts, in one transaction over the credentials table, which arrives
 * with the CRM issue). loadServerKey puts both keys in the keyring, so the server keeps working
 * between the file swap and the re-encryption, and after a crash anywhere in between.
 *
 * Why this order: at every instant secret.key exists and holds a whole key (old, then new).
 *   1. hard-link secret.key to a temporary name, then rename it over secret.key.previous:
 *      the old key is kept, atomically (a crash here leaves previous == current: harmless);
 *   2. write the new key to a temporary 0600 file and rename it over secret.key: atomic;
 *   3. fsync the directory so both renames survive a power cut.
 * A server that found no key file would generate a new one and lose every credential, so
 * there is never a moment without it.
 *
 * When the credentials table exists, step 0 must check that no row still names the key id in
 * secret.key.previous (an unfinished earlier rotation) before replacing it.
 */

export interface RotationReport {
  dataDir: string;
  previousId: string;
  currentId: string;
  /** Key id of an older secret.key.previous that this rotation replaced. */
  replacedId: string | null;
}

export function rotateKeyFile(
  dataDir: string,
  env: Record<string, string | undefined> = process.env,
): RotationReport {
  if (env[SECRET_KEY_ENV]?.trim()) {
    throw new ServerKeyError(
      `${SECRET_KEY_ENV} is set, so the server does not use a key file and this command has ` +
        `nothing to rotate. Unset it to use ${join(dataDir, KEY_FILE)}, or generate a new ` +
        `value with \`openssl rand -base64 32\` where ${SECRET_KEY_ENV} is defined.`,
    );
  }
  const path = join(dataDir, KEY_FILE);
  const previousPath = join(dataDir, PREVIOUS_KEY_FILE);
  if (!existsSync(path)) {
    throw new ServerKeyError(
      `there is no key file ${path} to rotate; the server creates one on its first start`,
    );
  }
  const before = loadServerKey({ dataDir }, {}); // reads both files, refusing loose modes

  const link = `${previousPath}.${process.pid}.tmp`;
  linkSync(path, link);
  try {
    renameSync(link, previousPath);
  } catch (error) {
    unlinkSync(link);
    throw error;
  }
  const next = writeNewKeyFile(path, { replace: true });
  const dir = openSync(dataDir, 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
  return {
    dataDir,
    previousId: before.current.id,
    currentId: next.id,
    replacedId:
      before.previous && before.previous.id !== before.current.id ? before.previous.id : null,
  };
}

function main(): void {
  const result = loadConfig(process.env);
  if (!result.ok) {
    process.stderr.write(
      `Cannot rotate the key, the configuration is invalid:\n  - ${result.errors.join('\n  - ')}\n`,
    );
    process.exit(1);
  }
  try {
    const report = rotateKeyFile(result.config.dataDir);
    // Key ids only: they name keys without revealing them.
    process.stdout.write(
      [
        `Rotated the server key in ${report.dataDir}.`,
        `  current:  ${KEY_FILE} (key id ${report.currentId})`,
        `  previous: ${PREVIOUS_KEY_FILE} (key id ${report.previousId}), kept so that`,
        '            credentials it sealed still open until they are sealed again.',
        ...(report.replacedId
          ? [`  replaced an older ${PREVIOUS_KEY_FILE} (key id ${report.replacedId}).`]
          : []),
        'No credentials are stored by this version yet, so there is nothing to re-encrypt.',
        'Restart the server to use the new key.',
        '',
      ].join('\n'),
    );
  } catch (error) {
    process.stderr.write(
      `Cannot rotate the key: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  }
}

if (import.meta.main) main();
