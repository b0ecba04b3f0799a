import type { Connector } from '../../../shared/documents/server-written.ts';

const numbers = new Intl.NumberFormat('en');

export function formatCount(n: number): string {
  return numbers.format(n);
}

/** "1 contact", "1,234 contacts". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

export const CONNECTOR_LABELS: Record<Connector, string> = {
  hubspot: 'HubSpot',
  lemlist: 'Lemlist',
  explorium: 'Explorium',
};

export const CONNECTOR_SHORT: Record<Connector, string> = {
  hubspot: 'HS',
  lemlist: 'LL',
  explorium: 'EX',
};

/** Splits what a person typed in a tags box: commas or semicolons separate tags. */
export function parseTagInput(text: string): string[] {
  return text
    .split(/[,;]/)
    .map((tag) => tag.trim())
    .filter(Boolean);
}
