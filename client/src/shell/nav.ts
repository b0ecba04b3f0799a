/** The app's sections, in sidebar order. Routes are built from this list (see app/App.tsx). */
export const NAV_ITEMS = [
  { slug: 'dashboard', path: '/', label: 'Dashboard' },
  { slug: 'contacts', path: '/contacts', label: 'Contacts' },
  { slug: 'import', path: '/import', label: 'Import' },
  { slug: 'campaigns', path: '/campaigns', label: 'Campaigns' },
  { slug: 'icp', path: '/icp', label: 'ICP' },
  { slug: 'chat', path: '/chat', label: 'Chat' },
  { slug: 'settings', path: '/settings', label: 'Settings' },
] as const;

export type NavSlug = (typeof NAV_ITEMS)[number]['slug'];
