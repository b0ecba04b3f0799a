/** The keys the app knows by name; anything else in the vault (migrated `*_api_key`) is listed too. */
export interface Provider {
  /** The vault secret's name. */
  id: string;
  /** Short name for buttons: "Save HubSpot key". */
  name: string;
  /** What the field holds: "HubSpot private app token". */
  label: string;
  hint: string;
  /** The team server delivers to it, so the key can be sent there (CRM connectors). */
  server: boolean;
}

export const PROVIDERS: readonly Provider[] = [
  {
    id: 'hubspot',
    name: 'HubSpot',
    label: 'HubSpot private app token',
    hint: 'HubSpot → Settings → Integrations → Private apps. Starts with "pat-".',
    server: true,
  },
  {
    id: 'lemlist',
    name: 'Lemlist',
    label: 'Lemlist API key',
    hint: 'Lemlist → Settings → Integrations → API.',
    server: true,
  },
  {
    id: 'explorium',
    name: 'Explorium',
    label: 'Explorium API key',
    hint: 'Explorium → Account → API keys.',
    server: true,
  },
  {
    id: 'llm',
    name: 'LLM',
    label: 'LLM API key for Chat',
    hint: 'The key of the language model the Chat page talks to.',
    server: false,
  },
];

export function providerFor(name: string): Provider | undefined {
  return PROVIDERS.find((provider) => provider.id === name);
}
