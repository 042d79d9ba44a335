// What the HTTP face serves besides the API: the widget module, a page that hosts it in an iframe,
// and in dev mode a demo host application that mints a token server-side and embeds the widget.
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { resolve } from 'node:path';
import type { Caller } from '../../app/caller';
import type { ServiceContext } from '../../app/service-context';
import { createWidgetSession } from '../../app/use-cases/create-widget-session';
import { updateOrganizationSettings } from '../../app/use-cases/organization-settings';

export interface Page {
  readonly route: string;
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string | Buffer;
}

export const WIDGET_MODULE_PATH = '/widget/session-policy-widget.js';

/** Finds widget/ whether running from src/ (tsx, ts-jest) or from the compiled dist/src/. */
function widgetDir(): string {
  for (const up of ['../../..', '../../../..']) {
    const candidate = resolve(__dirname, up, 'widget');
    if (existsSync(resolve(candidate, 'session-policy-widget.js'))) return candidate;
  }
  throw new Error('widget/session-policy-widget.js not found');
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The dev-mode demo acts as a host application's backend holding the dev admin credentials. */
const DEV_ADMIN: Caller = { kind: 'service', actor: 'service:dev-admin', scopes: new Set(['policy:admin']) };

export function widgetAssets(options: {
  readonly ctx: ServiceContext;
  readonly devMode: boolean;
  readonly allowedOrigins: readonly string[];
}): (req: IncomingMessage, path: string) => Promise<Page | undefined> {
  const dir = widgetDir();
  const moduleSource = readFileSync(resolve(dir, 'session-policy-widget.js'));
  // Exactly the configured origins may frame the embed page ('none' without any): the demo page hosts
  // the widget as an element, not a frame, so the service's own origin needs no place in the list.
  const ancestors = options.allowedOrigins.length > 0 ? options.allowedOrigins.join(' ') : "'none'";
  const htmlHeaders = {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'content-security-policy': `default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors ${ancestors}`,
  };

  const embedPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Session policy</title><style>body{margin:0;padding:8px;background:#fff}</style>
<script type="module" src="${WIDGET_MODULE_PATH}"></script></head>
<body><session-policy-widget from-fragment></session-policy-widget></body></html>`;

  async function demoPage(req: IncomingMessage): Promise<Page> {
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const organizationId = query.get('organization') || 'acme';
    const feature = query.get('feature');
    if (feature === 'on' || feature === 'off') {
      await updateOrganizationSettings(options.ctx, DEV_ADMIN, { organizationId, features: [{ name: 'session_policy', enabled: feature === 'on' }], etag: '' });
    }
    const session = createWidgetSession(options.ctx, DEV_ADMIN, { organizationId, subject: 'demo-admin', ttlMs: 15 * 60 * 1000 });
    const org = escapeHtml(organizationId);
    const q = encodeURIComponent(organizationId);
    const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo host application: ${org} settings</title>
<script type="module" src="${WIDGET_MODULE_PATH}"></script>
<style>
  body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f5f7;color:#1f2328}
  header{background:#24292f;color:#fff;padding:12px 20px;display:flex;gap:16px;align-items:baseline;flex-wrap:wrap}
  header strong{font-size:16px} header span{opacity:.75;font-size:13px}
  main{max-width:760px;margin:24px auto;padding:0 16px}
  h1{font-size:22px;margin:0 0 4px} p.note{color:#57606a;margin:0 0 16px;font-size:13px}
  nav{margin:0 0 16px} nav a{color:#0969da;margin-right:12px;font-size:13px}
</style></head>
<body>
<header><strong>Demo host application</strong><span>dev mode · the token below was minted server-side for organization ${org}, valid 15 minutes</span></header>
<main>
  <h1>Organization settings: ${org}</h1>
  <p class="note">This page plays a host application. Its backend called CreateWidgetSession with the dev admin credentials and handed the token to the widget.</p>
  <nav aria-label="Demo controls"><a href="/demo?organization=${q}&amp;feature=on">Turn the session_policy feature on</a><a href="/demo?organization=${q}&amp;feature=off">Turn it off</a><a href="/demo?organization=${q}">Reload with a fresh token</a></nav>
  <session-policy-widget organization-id="${org}" token="${escapeHtml(session.token)}"></session-policy-widget>
</main></body></html>`;
    return { route: 'GET /demo', status: 200, headers: htmlHeaders, body };
  }

  return async (req, path) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return undefined;
    if (path === WIDGET_MODULE_PATH) {
      return {
        route: `GET ${WIDGET_MODULE_PATH}`,
        status: 200,
        // Cross-origin module scripts are fetched in CORS mode; the CORS headers come from the server.
        headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache', 'cross-origin-resource-policy': 'cross-origin' },
        body: moduleSource,
      };
    }
    if (path === '/widget/embed') return { route: 'GET /widget/embed', status: 200, headers: htmlHeaders, body: embedPage };
    if (path === '/demo' && options.devMode) return demoPage(req);
    // Browsers ask for it on every page; an empty answer keeps 404s out of the logs.
    if (path === '/favicon.ico') return { route: 'GET /favicon.ico', status: 204, headers: { 'cache-control': 'max-age=86400' }, body: '' };
    return undefined;
  };
}
