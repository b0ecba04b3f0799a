import { NavLink } from 'react-router';
import { NavIcon } from './icons.tsx';
import { NAV_ITEMS } from './nav.ts';

export function Sidebar({ onNavigate }: { onNavigate?: () => void }) {
  return (
    <nav className="sidebar-nav" aria-label="Main">
      <ul>
        {NAV_ITEMS.map((item) => (
          <li key={item.slug}>
            <NavLink
              to={item.path}
              // Without `end`, "/" would match every route and Dashboard would always look active.
              end={item.path === '/'}
              className="nav-link"
              onClick={onNavigate}
            >
              <NavIcon slug={item.slug} />
              <span>{item.label}</span>
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
