import { describe, expect, it } from 'vitest';
import { safeHttpUrl } from './safe-url.ts';

describe('safeHttpUrl', () => {
  it('links http(s) addresses and bare domains', () => {
    expect(safeHttpUrl('https://acme.com/about')).toBe('https://acme.com/about');
    expect(safeHttpUrl('http://acme.com')).toBe('http://acme.com/');
    expect(safeHttpUrl('acme.com')).toBe('https://acme.com/');
    expect(safeHttpUrl(' www.linkedin.com/in/ann ')).toBe('https://www.linkedin.com/in/ann');
  });

  it('never links other schemes or junk', () => {
    for (const raw of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox',
      'file:///etc/passwd',
      'mailto:ann@acme.com',
      '',
      'not a url',
      '<img src=x onerror=alert(1)>',
    ]) {
      expect(safeHttpUrl(raw), raw).toBeNull();
    }
  });
});
