/**
 * Light normalization of imported values: what differs only in spelling between exports is made
 * the same, nothing is invented. A value we cannot read is kept as written (trimmed).
 */

/** Spaces collapsed; a leading "00" becomes "+"; letters kept (extensions, "ext. 12"). */
export function normalizePhone(raw: string): string {
  const phone = raw.trim().replace(/\s+/g, ' ');
  if (/^00[1-9]/.test(phone)) return `+${phone.slice(2)}`;
  return phone;
}

/** A bare domain gets https://; the scheme and host are lowercased; nothing else changes. */
export function normalizeUrl(raw: string): string {
  const url = raw.trim();
  if (url === '') return '';
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) {
    return url.replace(
      /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i,
      (_, scheme: string, host: string) => `${scheme.toLowerCase()}${host.toLowerCase()}`,
    );
  }
  // "www.acme.com" or "acme.com/about": a web address without its scheme.
  if (/^[\w-]+(\.[\w-]+)+([/?#]|$)/.test(url) && !url.includes(' ')) {
    const [host = '', ...rest] = url.split(/(?=[/?#])/);
    return `https://${host.toLowerCase()}${rest.join('')}`;
  }
  return url;
}

/**
 * A LinkedIn profile URL in one spelling: https, www.linkedin.com host, no query, fragment or
 * trailing slash ("linkedin.com/in/ann/?utm=x" = "https://www.linkedin.com/in/ann").
 */
export function normalizeLinkedinUrl(raw: string): string {
  const url = normalizeUrl(raw);
  const match = /^https?:\/\/(?:[a-z]{2,3}\.|www\.)?linkedin\.com(\/[^?#]*)?/i.exec(url);
  if (!match) return url;
  const path = (match[1] ?? '').replace(/\/+$/, '');
  return `https://www.linkedin.com${path}`;
}

/** Common spellings of the countries exports name most, in English. */
const COUNTRY_NAMES: Record<string, string> = {
  us: 'United States',
  usa: 'United States',
  'united states of america': 'United States',
  'etats-unis': 'United States',
  'états-unis': 'United States',
  'vereinigte staaten': 'United States',
  'estados unidos': 'United States',
  uk: 'United Kingdom',
  gb: 'United Kingdom',
  'great britain': 'United Kingdom',
  england: 'United Kingdom',
  'royaume-uni': 'United Kingdom',
  'vereinigtes königreich': 'United Kingdom',
  'reino unido': 'United Kingdom',
  fr: 'France',
  frankreich: 'France',
  francia: 'France',
  de: 'Germany',
  allemagne: 'Germany',
  deutschland: 'Germany',
  alemania: 'Germany',
  es: 'Spain',
  espagne: 'Spain',
  spanien: 'Spain',
  españa: 'Spain',
  espana: 'Spain',
  it: 'Italy',
  italie: 'Italy',
  italien: 'Italy',
  italia: 'Italy',
  jp: 'Japan',
  japon: 'Japan',
  japón: 'Japan',
  br: 'Brazil',
  brésil: 'Brazil',
  bresil: 'Brazil',
  brasilien: 'Brazil',
  brasil: 'Brazil',
  in: 'India',
  inde: 'India',
  indien: 'India',
  ch: 'Switzerland',
  suisse: 'Switzerland',
  schweiz: 'Switzerland',
  suiza: 'Switzerland',
  be: 'Belgium',
  belgique: 'Belgium',
  belgien: 'Belgium',
  bélgica: 'Belgium',
  nl: 'Netherlands',
  'pays-bas': 'Netherlands',
  niederlande: 'Netherlands',
  'the netherlands': 'Netherlands',
  'países bajos': 'Netherlands',
  ca: 'Canada',
  canadá: 'Canada',
  kanada: 'Canada',
  at: 'Austria',
  autriche: 'Austria',
  österreich: 'Austria',
};

/** A known spelling or code becomes the English name; anything else is kept as written. */
export function normalizeCountry(raw: string): string {
  const country = raw.trim().replace(/\s+/g, ' ');
  return COUNTRY_NAMES[country.toLowerCase()] ?? country;
}
