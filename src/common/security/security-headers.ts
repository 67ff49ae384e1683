import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { OriginPolicy } from './origins';

/**
 * helmet on every response. The CSP fits kefu's pages (/, /widget.js, /console): scripts from kefu's own files
 * only, no inline script; styles from kefu's files or injected by its bundle; the Socket.IO connection back to
 * kefu. frame-ancestors: the widget's frame may be embedded by WIDGET_ORIGINS, any other page only by kefu itself.
 * /widget.js is loaded by other origins' pages, so resources are served cross-origin (CORP).
 */
export function securityHeaders(origins: OriginPolicy): (request: Request, response: Response, next: NextFunction) => void {
  const build = (frameAncestors: string[]) =>
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors,
        },
      },
      crossOriginResourcePolicy: { policy: 'cross-origin' },
      // the widget's frame is embedded by shops: a same-origin frame policy would forbid it
      xFrameOptions: false,
    });
  const widgetFrame = build(origins.frameAncestors('/widget'));
  const everythingElse = build(origins.frameAncestors('/'));
  return (request, response, next) => (request.path.startsWith('/widget') ? widgetFrame : everythingElse)(request, response, next);
}
