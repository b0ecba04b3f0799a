import { AccountStatus } from '../account/AccountStatus.tsx';
import { MenuIcon } from './icons.tsx';
import { SyncIndicator } from './SyncIndicator.tsx';

interface HeaderProps {
  menuOpen: boolean;
  onToggleMenu: () => void;
}

export function Header({ menuOpen, onToggleMenu }: HeaderProps) {
  return (
    <header className="header">
      <button
        type="button"
        className="header__menu"
        aria-label="Menu"
        aria-expanded={menuOpen}
        aria-controls="sidebar"
        onClick={onToggleMenu}
      >
        <MenuIcon />
      </button>
      <span className="brand">
        <img className="brand__mark" src="/favicon.svg" alt="" width="28" height="28" />
        <span className="brand__name">Outpost</span>
      </span>
      <div className="header__status">
        <AccountStatus />
        <SyncIndicator />
      </div>
    </header>
  );
}
