import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { ContactQuery } from '../data/contacts-index.ts';
import { queryFromParams, queryToParams } from './query-url.ts';

/** Typing writes the URL once it pauses: browsers throttle rapid history.replaceState calls. */
const URL_WRITE_DELAY_MS = 300;

/**
 * The page's query, kept in React state (what the list renders from, at keystroke speed) and
 * mirrored into the URL's query string (what a reload, a link or a saved view restores). A URL
 * change that did not come from here (back button, a link to /contacts?tag=vip) replaces it.
 */
export type SetQuery = (next: ContactQuery | ((previous: ContactQuery) => ContactQuery)) => void;

export function useQueryState(): [ContactQuery, SetQuery] {
  const [params, setParams] = useSearchParams();
  const paramsText = params.toString();
  const [query, setQueryState] = useState(() => queryFromParams(params));
  /** The query string as last rendered. */
  const seen = useRef(paramsText);
  /**
   * What this hook asked the router for, latest last, until something else changes the URL.
   * A write lands a render or more later; by then the person may have typed on, and its
   * arrival must not count as someone else's change (that put an old search back in the box).
   */
  const written = useRef<string[]>([]);
  const searchOnly = useRef(false);

  // The URL changed and not by our hand (back button, a link to /contacts?tag=vip): it wins.
  useEffect(() => {
    if (paramsText === seen.current) return;
    seen.current = paramsText;
    if (written.current.includes(paramsText)) return;
    written.current = [];
    setQueryState(queryFromParams(new URLSearchParams(paramsText)));
  }, [paramsText]);

  const wanted = queryToParams(query).toString();
  useEffect(() => {
    if (wanted === (written.current.at(-1) ?? seen.current)) return;
    const write = () => {
      written.current = [...written.current.slice(-7), wanted];
      setParams(new URLSearchParams(wanted), { replace: true });
    };
    if (!searchOnly.current) {
      write();
      return;
    }
    const timer = setTimeout(write, URL_WRITE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [wanted, setParams]);

  const setQuery = useCallback<SetQuery>((update) => {
    setQueryState((previous) => {
      const next = typeof update === 'function' ? update(previous) : update;
      // Only the search text changed: the person is typing, write the URL when they pause.
      searchOnly.current = previous.filters === next.filters && previous.sort === next.sort;
      return next;
    });
  }, []);

  return [query, setQuery];
}
