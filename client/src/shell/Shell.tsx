import { useEffect, useState, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import { Boundary } from '../errors/Boundary.tsx';
import { UpdatePrompt } from '../pwa/UpdatePrompt.tsx';
import { Header } from './Header.tsx';
import { Sidebar } from './Sidebar.tsx';

/**
 * Header on top, sidebar on the left, page in the middle. On narrow screens the sidebar becomes a
 * drawer opened by the header's Menu button (styles.css decides; `data-open` only matters there).
 */
export function Shell({ children }: { children: ReactNode }) {
  const [menuOpen, setMenuOpen] = useState(false);
  const { pathname } = useLocation();

  // Close the drawer when the route changes, however it changed (link, back button).
  const [lastPath, setLastPath] = useState(pathname);
  if (pathname !== lastPath) {
    setLastPath(pathname);
    setMenuOpen(false);
  }

  useEffect(() => {
    if (!menuOpen) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setMenuOpen(false);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [menuOpen]);

  return (
    <div className="shell" data-menu-open={menuOpen}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header menuOpen={menuOpen} onToggleMenu={() => setMenuOpen((open) => !open)} />
      <aside className="sidebar" id="sidebar" data-open={menuOpen}>
        <Boundary id="sidebar" what="The sidebar" variant="sidebar">
          <Sidebar onNavigate={() => setMenuOpen(false)} />
        </Boundary>
      </aside>
      <div className="backdrop" aria-hidden="true" onClick={() => setMenuOpen(false)} />
      <main className="main" id="main" tabIndex={-1}>
        {children}
      </main>
      <UpdatePrompt />
    </div>
  );
}
