import type { ReactNode } from 'react';
import { useLocation } from 'react-router';
import { Boundary } from '../errors/Boundary.tsx';

interface PageBoundaryProps {
  /** The page's name as the sidebar shows it; error reports say "page:<name>". */
  name: string;
  /** Subject of the fallback heading, e.g. "The Contacts page". */
  what: string;
  children: ReactNode;
}

export function PageBoundary({ name, what, children }: PageBoundaryProps) {
  const { pathname } = useLocation();
  return (
    // Reset on route change: leaving a failed page and coming back must show the page again.
    <Boundary id={`page:${name}`} what={what} variant="page" resetKeys={[pathname]}>
      {children}
    </Boundary>
  );
}
