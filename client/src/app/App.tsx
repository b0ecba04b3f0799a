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
      {/* Not in the sidebar: reached from Settings, the header and invite links. */}
      <Route
        path="/account"
        element={
          <PageBoundary name="Account" what="The Account page">
            <AccountPage />
          </PageBoundary>
        }
      />
      <Route
        path="/join"
        element={
          <PageBoundary name="Join" what="The Join page">
            <JoinPage />
          </PageBoundary>
        }
      />
      <Route
        path="*"
        element={
          <PageBoundary name="Page not found" what="This page">
            <NotFoundPage />
          </PageBoundary>
        }
      />
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
