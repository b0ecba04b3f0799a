/**
 * A contact's website or LinkedIn URL as a link target, only when it is plainly http(s).
 * Contact data comes from imported files and other people's edits: `javascript:` or `data:` in
 * an href would run or show whatever the file said. Anything else is shown as text, not linked.
 * A bare domain ("acme.com", what exports usually hold) is read as https.
 */
export function safeHttpUrl(raw: string): string | null {
  const text = raw.trim();
  if (!text) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (!url.hostname.includes('.') && url.hostname !== 'localhost') return null;
  return url.href;
}
