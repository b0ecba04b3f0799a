import type { OutpostDatabase } from '../data/database.ts';
import type { StatusStore, SyncStatus } from './status.ts';

const CHANNEL = 'outpost-sync-status';

type Message = { type: 'hello' } | { type: 'status'; status: SyncStatus };

/**
 * Only the leader tab replicates, so only it knows the sync status; it sends every change to
 * the other tabs, which show its copy. A tab that opens asks for the current value.
 */
export function shareStatusWithTabs(db: OutpostDatabase, status: StatusStore): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  const channel = new BroadcastChannel(`${CHANNEL}:${db.name}`);
  const post = (message: Message) => {
    // oxlint-disable-next-line unicorn/require-post-message-target-origin -- a BroadcastChannel, not a window
    channel.postMessage(message);
  };
  const send = () => {
    if (db.isLeader()) post({ type: 'status', status: status.get() });
  };
  channel.addEventListener('message', (event: MessageEvent<Message>) => {
    if (event.data.type === 'hello') send();
    else if (!db.isLeader()) status.replace(event.data.status);
  });
  const unsubscribe = status.subscribe(send);
  post({ type: 'hello' });
  return () => {
    unsubscribe();
    channel.close();
  };
}
