import type { ComponentType } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { AccountPage, JoinPage } from '../account/AccountPage.tsx';
import { DataProvider } from '../data/DataProvider.tsx';
import { Boundary } from '../errors/Boundary.tsx';
import { CampaignsPage } from '../pages/Campaigns.tsx';
import { ChatPage } from '../pages/Chat.tsx';
import { ContactsPage } from '../pages/Contacts.tsx';
import { DashboardPage } from '../pages/Dashboard.tsx';
import { IcpPage } from '../pages/Icp.tsx';
import { ImportPage } from '../pages/Import.tsx';
import { NotFoundPage } from '../pages/NotFound.tsx';
import { SettingsPage } from '../pages/Settings.tsx';
import { NAV_ITEMS, type NavSlug } from '../shell/nav.ts';
import { Shell } from '../shell/Shell.tsx';
import { PageBoundary } from './PageBoundary.tsx';

// A Record, so a section added to the sidebar without a page fails to compile.
const PAGES: Record<NavSlug, ComponentType> = {
  dashboard: DashboardPage,
  contacts: ContactsPage,
  import: ImportPage,
  campaigns: CampaignsPage,
  icp: IcpPage,
  chat: ChatPage,
  settings: SettingsPage,
};

/** Not in the sidebar: reached from Settings, the header and invite links; then the fallback. */
const OTHER_PAGES: { path: string; name: string; Page: ComponentType }[] = [
  { path: '/account', name: 'Account', Page: AccountPage },
  { path: '/join', name: 'Join', Page: JoinPage },
  { path: '*', name: 'Page not found', Page: NotFoundPage },
];

export function AppRoutes() {
  return (
    <Routes>
      {NAV_ITEMS.map(({ slug, path, label }) => {
        const Page = PAGES[slug];
        return (
          <Route
            key={slug}
            path={path}
            element={
              <PageBoundary name={label} what={`The ${label} page`}>
                <Page />
              </PageBoundary>
            }
          />
        );
      })}
      {OTHER_PAGES.map(({ path, name, Page }) => (
        <Route
          key={path}
          path={path}
          element={
            <PageBoundary name={name} what={path === '*' ? 'This page' : `The ${name} page`}>
              <Page />
            </PageBoundary>
          }
        />
      ))}
    </Routes>
  );
}

export function App() {
  return (
    <Boundary id="app" what="Outpost" variant="app">
      <BrowserRouter>
        <Shell>
          <DataProvider>
            <AppRoutes />
          </DataProvider>
        </Shell>
      </BrowserRouter>
    </Boundary>
  );
}
