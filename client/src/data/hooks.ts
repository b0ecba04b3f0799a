import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { Observable } from 'rxjs';
import type { ContactQuery } from './contacts-index.ts';
import { useData } from './DataProvider.tsx';

/** Re-renders when the contacts index changes; returns its version. */
export function useContactsVersion(): number {
  const { contacts } = useData();
  return useSyncExternalStore(
    (listener) => contacts.subscribe(listener),
    () => contacts.version,
  );
}

/** Ids of the contacts matching a query, recomputed when the query or the data changes. */
export function useContactIds(query: ContactQuery): readonly string[] {
  const { contacts } = useData();
  const version = useContactsVersion();
  // oxlint-disable-next-line react-hooks/exhaustive-deps -- version stands for the index contents
  return useMemo(() => contacts.query(query), [contacts, query, version]);
}

/** The latest value of an RxDB observable (a query's `$`, a document's `$`). */
export function useObservable<T>(observable: Observable<T>, initial: T): T {
  const [value, setValue] = useState(initial);
  useEffect(() => {
    const subscription = observable.subscribe(setValue);
    return () => subscription.unsubscribe();
  }, [observable]);
  return value;
}
