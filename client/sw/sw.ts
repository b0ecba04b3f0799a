/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
  type PrecacheEntry,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { runBackgroundSync } from './background-sync.ts';

declare const self: ServiceWorkerGlobalScope & {
  // Replaced at build time by vite-plugin-pwa (injectManifest) with the list of built files.
  __WB_MANIFEST: (PrecacheEntry | string)[];
};

// oxlint-disable-next-line no-underscore-dangle -- the placeholder name is Workbox's
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Every in-app URL is the single-page app: answer navigations with the precached shell so deep
// links open offline. The API is never the shell; its requests go to the network untouched.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//] }),
);

// No skipWaiting on install: the page asks (after the user chose "Reload" in the update prompt).
self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const data: unknown = event.data;
  if (typeof data === 'object' && data !== null && 'type' in data && data.type === 'SKIP_WAITING') {
    void self.skipWaiting();
  }
});

// With the app closed, changes made offline still leave the device when the network returns.
runBackgroundSync(self);

// The first install takes control of open pages at once, so they work offline without a reload.
clientsClaim();
