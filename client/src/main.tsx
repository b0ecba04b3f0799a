import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { registerServiceWorker } from './pwa/register-sw.ts';
import { requestPersistence } from './storage/persistence.ts';

// Lets tests and support read which build is running without opening Settings.
document.documentElement.dataset.build = __BUILD_ID__;

void requestPersistence();

if (import.meta.env.PROD) registerServiceWorker();

const container = document.getElementById('root');
if (!container) throw new Error('Outpost: #root is missing from index.html');
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
