import { useState } from 'react';
import { AboutSection } from '../settings/AboutSection.tsx';
import { AccountSection } from '../settings/AccountSection.tsx';
import { ApiKeysSection } from '../settings/ApiKeysSection.tsx';
import { DiagnosticsSection } from '../settings/DiagnosticsSection.tsx';
import { StorageSection } from '../settings/StorageSection.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';

export const SIMULATED_ERROR_MESSAGE = 'Simulated page error (Settings, Diagnostics)';

export function SettingsPage() {
  const [failing, setFailing] = useState(false);
  // Thrown during render, not in the click handler: only render errors reach a boundary.
  if (failing) throw new Error(SIMULATED_ERROR_MESSAGE);

  return (
    <>
      <PageHeader title="Settings" />
      <AccountSection />
      <ApiKeysSection />
      <StorageSection />
      <AboutSection />
      <DiagnosticsSection onSimulateError={() => setFailing(true)} />
    </>
  );
}
