import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { startIcpScoring } from '../icp/live-scoring.ts';
import { startAppSync } from '../sync/app-sync.ts';
import { ContactsIndex } from './contacts-index.ts';
import { openDatabase, type OutpostDatabase } from './database.ts';
import { detectEviction, type EvictionNotice } from './eviction.ts';
import { mirrorIntoIndex } from './live-index.ts';

export interface Data {
  db: OutpostDatabase;
  /** Every live contact in memory, kept equal to the database (contacts-index.ts). */
  contacts: ContactsIndex;
  eviction: EvictionNotice | null;
}

const DataContext = createContext<Data | null>(null);

type State =
  { status: 'opening' } | { status: 'ready'; data: Data } | { status: 'failed'; message: string };

/** Opening IndexedDB can fail in ways people must be told about, in words. */
function explainOpenFailure(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (/quota/i.test(text)) {
    return 'This device has no storage space left for Outpost. Free some space and reload.';
  }
  if (/indexeddb|InvalidStateError|SecurityError|UnknownError/i.test(text)) {
    return (
      'Outpost cannot use this browser’s storage (IndexedDB). Private windows and some ' +
      'privacy settings block it; open Outpost in a normal window.'
    );
  }
  return `Outpost could not open its data on this device: ${text}`;
}

let opening: Promise<Data> | null = null;

/** One database and one index per page, whatever React's StrictMode double-mounting does. */
function openData(): Promise<Data> {
  opening ??= (async () => {
    const db = await openDatabase();
    const contacts = new ContactsIndex();
    await mirrorIntoIndex(db, contacts);
    // Keeps every contact's ICP score in the index for as long as the page lives: never stopped.
    startIcpScoring(db, contacts);
    const eviction = await detectEviction(db, contacts.size);
    // Replicates with the server from the leader tab for as long as the page lives.
    startAppSync(db);
    return { db, contacts, eviction };
  })();
  return opening;
}

export function DataProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({ status: 'opening' });
  useEffect(() => {
    let live = true;
    openData().then(
      (data) => live && setState({ status: 'ready', data }),
      (error: unknown) => {
        opening = null;
        if (live) setState({ status: 'failed', message: explainOpenFailure(error) });
      },
    );
    return () => {
      live = false;
    };
  }, []);

  if (state.status === 'opening') {
    return (
      <p className="data-status" role="status">
        Opening your data…
      </p>
    );
  }
  if (state.status === 'failed') {
    return (
      <div className="data-status data-status-failed" role="alert">
        <h1>Your data could not be opened</h1>
        <p>{state.message}</p>
      </div>
    );
  }
  return (
    <DataContext.Provider value={state.data}>
      {state.data.eviction && (
        <p className="data-notice" role="alert">
          {state.data.eviction.message}
        </p>
      )}
      {children}
    </DataContext.Provider>
  );
}

export function useData(): Data {
  const data = useContext(DataContext);
  if (!data) throw new Error('useData() outside <DataProvider>');
  return data;
}

/** For parts that also render without the device's data (Settings' tests): null then. */
export function useDataIfOpen(): Data | null {
  return useContext(DataContext);
}
