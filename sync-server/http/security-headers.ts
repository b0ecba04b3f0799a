import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

const SELF = ["'self'"];

/**
 * The app loads only its own files: no inline scripts or styles, no eval, no third-party
 * origins (connectors are called by the server, not the browser). img-src allows data: and
 * blob: for generated images (avatars, CSV previews). Anything injected into a page therefore
 * cannot run, which matters in an app that holds CRM keys in its vault.
 */
export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: SELF,
      scriptSrc: SELF,
      styleSrc: SELF,
      imgSrc: [...SELF, 'data:', 'blob:'],
      connectSrc: SELF,
      workerSrc: SELF,
      manifestSrc: SELF,
      fontSrc: SELF,
      objectSrc: ["'none'"],
      baseUri: SELF,
      formAction: SELF,
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    // HSTS is only meaningful over HTTPS, which a proxy in front terminates; it sets it there.
    strictTransportSecurity: false,
  });
}
