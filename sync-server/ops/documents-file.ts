import { z } from 'zod';
import { type CollectionName, collectionDefinitions } from '../../shared/documents/collections.ts';
import type { WireDocument } from '../../shared/sync/protocol.ts';
import { lockWorkspace } from '../replication/documents.ts';
import type { ChangeFeed } from '../replication/feed.ts';
import { checkDocument } from '../replication/validate.ts';
import { writeTrusted } from '../replication/write.ts';
import type { Store } from '../store/store.ts';

/**
 * A workspace's documents as JSON lines: a header line, then one line per document in seq
 * order (tombstones included, so a restore also restores deletions).
 *
 *   {"format":"outpost-documents","version":1,"workspace":"w1","exportedAt":"..."}
 *   {"collection":"contacts","seq":12,"document":{"id":"...", ..., "_deleted":false}}
 */
export const FORMAT = 'outpost-documents';
const PAGE = 1_000;

const headerSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  workspace: z.string(),
  exportedAt: z.string(),
});

const lineSchema = z.strictObject({
  collection: z.enum(Object.keys(collectionDefinitions) as [CollectionName, ...CollectionName[]]),
  seq: z.number().int().nonnegative(),
  document: z.record(z.string(), z.unknown()),
});

/** Writes the backup of one workspace through `write` (which should honour backpressure). */
export async function exportWorkspace(
  store: Store,
  workspaceId: string,
  write: (line: string) => Promise<void>,
  now = new Date(),
): Promise<number> {
  await write(
    JSON.stringify({
      format: FORMAT,
      version: 1,
      workspace: workspaceId,
      exportedAt: now.toISOString(),
    }),
  );
  let after = 0;
  let count = 0;
  for (;;) {
    const rows = await store.query<{ seq: number; collection: string; data: string }>(
      `SELECT seq, collection, data FROM documents WHERE workspace_id = $1 AND seq > $2
       ORDER BY seq LIMIT $3`,
      [workspaceId, after, PAGE],
    );
    for (const row of rows) {
      await write(
        `{"collection":${JSON.stringify(row.collection)},"seq":${row.seq},"document":${row.data}}`,
      );
    }
    count += rows.length;
    if (rows.length < PAGE) return count;
    after = rows.at(-1)!.seq;
  }
}

export interface RestoreReport {
  /** Documents written (new or different from the stored one). */
  written: number;
  /** Documents already stored exactly so: a second restore of one file writes nothing. */
  unchanged: number;
  /** Lines refused, with their line number and reason; nothing of them is stored. */
  refused: { line: number; reason: string }[];
}

/**
 * Restores a backup into `workspaceId` (the backup's own workspace unless told otherwise).
 * Documents are written with new seqs, at least the backup's, so devices that synced with the
 * backed-up server pull them; identical documents are skipped, so restoring twice is harmless.
 */
export async function importWorkspace(
  store: Store,
  feed: ChangeFeed,
  lines: AsyncIterable<string>,
  workspaceId?: string,
): Promise<RestoreReport & { workspaceId: string }> {
  const report: RestoreReport = { written: 0, unchanged: 0, refused: [] };
  let target = workspaceId;
  let number = 0;
  let header = false;
  let batch: { collection: CollectionName; seq: number; document: WireDocument }[] = [];

  const flush = async () => {
    const byCollection = Map.groupBy(batch, (entry) => entry.collection);
    const maxSeq = Math.max(...batch.map((entry) => entry.seq));
    batch = [];
    await store.transaction(async (tx) => {
      await lockWorkspace(tx, target!);
      for (const [collection, entries] of byCollection) {
        const documents = entries.map((e) => e.document);
        const written = await writeTrusted(tx, feed, target!, collection, documents, {
          minSeq: maxSeq,
        });
        report.written += written;
        report.unchanged += documents.length - written;
      }
    });
  };

  for await (const text of lines) {
    number += 1;
    // Before the header: blank lines and the banner `npm run backup` (without -s) prints.
    if (text.trim() === '' || (!header && text.startsWith('> '))) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      if (!header) throw new Error(`line ${number} is not JSON: not an Outpost backup`);
      report.refused.push({ line: number, reason: 'not JSON' });
      continue;
    }
    if (!header) {
      const parsed = headerSchema.safeParse(value);
      if (!parsed.success) {
        throw new Error(`line ${number} is not an ${FORMAT} header: not an Outpost backup`);
      }
      header = true;
      target ??= parsed.data.workspace;
      continue;
    }
    const line = lineSchema.safeParse(value);
    if (!line.success) {
      report.refused.push({ line: number, reason: z.prettifyError(line.error) });
      continue;
    }
    const checked = checkDocument(line.data.collection, line.data.document);
    if (!checked.ok) {
      report.refused.push({ line: number, reason: checked.reason });
      continue;
    }
    batch.push({
      collection: line.data.collection,
      seq: line.data.seq,
      document: checked.document,
    });
    if (batch.length >= 500) await flush();
  }
  if (!header) throw new Error('the backup is empty');
  if (batch.length > 0) await flush();
  return { ...report, workspaceId: target! };
}
