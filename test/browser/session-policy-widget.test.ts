// The widget in a real browser (Debian's chromium via playwright-core), embedded cross-origin in a
// host page, against the real server and a real FerretDB. Screenshots of the main states go to
// docs/widget/ (the README shows them).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { SessionPolicyType, TimeUnit } from '../../gen/ts/sessionpolicy/v1/session_policy';
import { call } from '../contract/support/calls';
import { asAdmin, startTestService, testConfig, type TestService } from '../contract/support/service';
import { startTestStore, uniqueDatabase, type TestStore } from '../contract/support/store';
import { recordCredential } from '../contract/support/run-log';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const SHOTS = resolve(__dirname, '../../docs/widget');

let store: TestStore;
let svc: TestService;
let host: Server;
let hostOrigin: string;
let apiBase: string;
let browser: Browser;

/** The host application's page: loads the module from the service's origin and embeds the widget. */
function hostPage(query: URLSearchParams): string {
  const attr = (s: string): string => s.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Host application</title><style>body{margin:0;padding:16px;background:#f4f5f7;font-family:system-ui,sans-serif}</style>
<script type="module" src="${apiBase}/widget/session-policy-widget.js"></script></head>
<body><session-policy-widget organization-id="${attr(query.get('org') ?? '')}" token="${attr(query.get('token') ?? '')}"></session-policy-widget></body></html>`;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  mkdirSync(SHOTS, { recursive: true });
  host = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(hostPage(new URL(req.url ?? '/', 'http://x').searchParams));
  });
  await new Promise<void>((done) => host.listen(0, '127.0.0.1', done));
  const address = host.address();
  hostOrigin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  store = await startTestStore();
  svc = await startTestService(
    testConfig(store.uri, uniqueDatabase('widget'), {
      HTTP_LISTEN: '127.0.0.1:0',
      WIDGET_TOKEN_SECRET: randomBytes(32).toString('base64url'),
      WIDGET_ALLOWED_ORIGINS: hostOrigin,
    }),
  );
  apiBase = `http://127.0.0.1:${svc.service.httpPort}`;
  await call(svc.admin.updateApplicationSessionPolicy.bind(svc.admin), {
    policy: { absoluteSessionTimeout: 1440, idleSessionTimeoutEnabled: true, idleSessionTimeout: 120, accessTokenExpiry: 15 },
    etag: '',
    requestId: '',
  }, asAdmin());
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
});

afterAll(async () => {
  await browser?.close();
  await svc?.stop();
  await store?.close();
  host?.close();
});

const enableFeature = (organizationId: string, enabled = true) =>
  call(svc.admin.updateOrganizationSettings.bind(svc.admin), { organizationId, settings: { features: [{ name: 'session_policy', enabled }] }, etag: '', requestId: '' }, asAdmin());

const getPolicy = (organizationId: string) => call(svc.admin.getOrganizationSessionPolicy.bind(svc.admin), { organizationId }, asAdmin());

async function mintToken(organizationId: string, subject = 'alice', ttlSeconds = 600): Promise<string> {
  const session = await call(svc.admin.createWidgetSession.bind(svc.admin), { organizationId, subject, ttl: { seconds: BigInt(ttlSeconds), nanos: 0 } }, asAdmin());
  return recordCredential(session.token);
}

async function openWidget(organizationId: string, options: { token?: string; width?: number } = {}): Promise<Page> {
  const token = options.token ?? (await mintToken(organizationId));
  const page = await browser.newPage({ viewport: { width: options.width ?? 720, height: 900 } });
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(`${hostOrigin}/?${new URLSearchParams({ org: organizationId, token })}`);
  await page.locator('session-policy-widget h2').waitFor();
  // Evaluated in the page (a string: the test's own TypeScript has no DOM types).
  await page.waitForFunction("!document.querySelector('session-policy-widget')?.shadowRoot?.textContent?.includes('Loading')");
  return page;
}

const shot = (page: Page, name: string) => page.locator('session-policy-widget').screenshot({ path: resolve(SHOTS, `${name}.png`) });

describe('when the session_policy feature is on', () => {
  it('then an admin sets CUSTOM 8 HOURS and sees 480 minutes and the new effective values, recorded as widget:<subject>', async () => {
    const org = 'widget-custom';
    await enableFeature(org);
    const page = await openWidget(org);
    await shot(page, 'application-inherited');
    await page.getByLabel('Custom').check();
    await page.getByRole('spinbutton', { name: 'Absolute session timeout' }).fill('8');
    await page.getByRole('combobox', { name: 'Absolute session timeout unit' }).selectOption('HOURS');
    await page.getByLabel('Sign members out after a period of inactivity').check();
    await page.getByRole('spinbutton', { name: 'Idle session timeout' }).fill('30');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();

    await expect(page.getByRole('spinbutton', { name: 'Absolute session timeout' }).inputValue()).resolves.toBe('480');
    await expect(page.getByRole('combobox', { name: 'Absolute session timeout unit' }).inputValue()).resolves.toBe('MINUTES');
    const effective = page.locator('dl[data-effective]');
    await expect(effective.textContent()).resolves.toContain('8 hours (480 minutes)set by this organization');
    await expect(effective.textContent()).resolves.toContain('30 minutesset by this organization');
    await expect(effective.textContent()).resolves.toContain('15 minutesfrom the application');
    await expect(page.locator('ol.history li').first().textContent()).resolves.toContain('Custom: absolute 8 hours, idle 30 minutes by widget:alice');
    await shot(page, 'custom-saved');

    const stored = await getPolicy(org);
    expect(stored.policy).toMatchObject({ policySource: SessionPolicyType.CUSTOM, absoluteSessionTimeout: 480, idleSessionTimeout: 30 });
    const history = await call(svc.admin.listPolicyChanges.bind(svc.admin), { organizationId: org, pageSize: 1, pageToken: '' }, asAdmin());
    expect(history.policyChanges[0]?.actor).toBe('widget:alice');

    // Revert: back to APPLICATION, effective values from the application again.
    await page.getByRole('button', { name: 'Revert to application policy' }).click();
    await page.getByRole('status').filter({ hasText: 'Reverted' }).waitFor();
    await expect(page.getByLabel('Application').isChecked()).resolves.toBe(true);
    await expect(effective.textContent()).resolves.toContain('1 day (1440 minutes)from the application');
    expect((await getPolicy(org)).policy?.policySource).toBe(SessionPolicyType.APPLICATION);
    await page.close();
  });

  it("then an invalid value shows the server's message beside its field and changes nothing", async () => {
    const org = 'widget-invalid';
    await enableFeature(org);
    const before = await getPolicy(org);
    const page = await openWidget(org);
    await page.getByLabel('Custom').check();
    // 10 minutes is below the application's 15-minute access-token lifetime.
    await page.getByRole('spinbutton', { name: 'Absolute session timeout' }).fill('10');
    await page.getByRole('button', { name: 'Save' }).click();
    const input = page.getByRole('spinbutton', { name: 'Absolute session timeout' });
    await page.locator('[name=absolute][aria-invalid=true]').waitFor();

    // The very description the server sends for that field, shown beside it.
    const response = await fetch(`${apiBase}/sessionpolicy.v1.SessionPolicyAdminService/UpdateOrganizationSessionPolicy`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await mintToken(org)}` },
      body: JSON.stringify({ organizationId: org, policySource: 'CUSTOM', absoluteSessionTimeout: 10 }),
    });
    const envelope = (await response.json()) as { details: { type: string; debug: { fieldViolations?: { field: string; description: string }[] } }[] };
    const serverMessage = envelope.details.find((d) => d.type === 'google.rpc.BadRequest')?.debug.fieldViolations?.find((v) => v.field === 'absolute_session_timeout')?.description;
    expect(serverMessage).toBeTruthy();
    const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
    const errorId = describedBy.split(' ').find((id) => id.endsWith('-error')) ?? '';
    await expect(page.locator(`[id="${errorId}"]`).textContent()).resolves.toBe(serverMessage);
    await shot(page, 'field-error');

    const after = await getPolicy(org);
    expect(after).toEqual(before);
    await page.close();
  });

  it('then a concurrent change through gRPC leads to the "changed elsewhere, reload" path', async () => {
    const org = 'widget-conflict';
    await enableFeature(org);
    const page = await openWidget(org);
    // Someone else changes the policy over gRPC after the widget loaded it.
    await call(svc.admin.updateOrganizationSessionPolicy.bind(svc.admin), {
      organizationId: org,
      policySource: SessionPolicyType.CUSTOM,
      absoluteSessionTimeout: 600,
      absoluteSessionTimeoutUnit: TimeUnit.MINUTES,
      idleSessionTimeoutEnabled: false,
      idleSessionTimeout: undefined,
      etag: '',
      requestId: '',
    }, asAdmin());
    await page.getByLabel('Custom').check();
    await page.getByRole('spinbutton', { name: 'Absolute session timeout' }).fill('300');
    await page.getByRole('button', { name: 'Save' }).click();
    const banner = page.getByRole('alert').filter({ hasText: 'This policy was changed elsewhere.' });
    await banner.waitFor();
    await shot(page, 'changed-elsewhere');
    expect((await getPolicy(org)).policy?.absoluteSessionTimeout).toBe(600);

    await banner.getByRole('button', { name: 'Reload' }).click();
    await page.getByRole('alert').filter({ hasText: 'changed elsewhere' }).waitFor({ state: 'detached' });
    await expect(page.getByRole('spinbutton', { name: 'Absolute session timeout' }).inputValue()).resolves.toBe('600');
    await page.close();
  });

  it('then the main flow can be completed with the keyboard alone at 320 px wide', async () => {
    const org = 'widget-keyboard';
    await enableFeature(org);
    const page = await openWidget(org, { width: 320 });
    // Nothing overflows the narrow viewport.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(320);
    await page.keyboard.press('Tab'); // the policy radio group (Application is checked)
    await page.keyboard.press('ArrowRight'); // Custom
    await page.keyboard.press('Tab'); // absolute value
    await page.keyboard.type('12');
    await page.keyboard.press('Tab'); // absolute unit
    await page.keyboard.press('ArrowDown'); // Hours
    await page.keyboard.press('Tab'); // idle on/off
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab'); // idle value
    await page.keyboard.type('20');
    await page.keyboard.press('Tab'); // idle unit (Minutes)
    await page.keyboard.press('Tab'); // Save
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await shot(page, 'narrow-320px');
    expect((await getPolicy(org)).policy).toMatchObject({ policySource: SessionPolicyType.CUSTOM, absoluteSessionTimeout: 720, idleSessionTimeoutEnabled: true, idleSessionTimeout: 20 });
    await page.close();
  });
});

describe('when the session_policy feature is off', () => {
  it('then the widget explains why and shows no form', async () => {
    const org = 'widget-feature-off';
    const page = await openWidget(org);
    await page.getByText('Custom session policies are not available for this organization.').waitFor();
    await expect(page.locator('session-policy-widget form').count()).resolves.toBe(0);
    await expect(page.locator('dl[data-effective]').textContent()).resolves.toContain('1 day (1440 minutes)from the application');
    await shot(page, 'feature-off');
    await page.close();
  });
});

describe('when the widget token has expired', () => {
  it('then the widget says the session expired and how to continue', async () => {
    const org = 'widget-expired';
    await enableFeature(org);
    const token = await mintToken(org, 'alice', 1);
    await new Promise((r) => setTimeout(r, 1200));
    const page = await openWidget(org, { token });
    await page.getByRole('alert').filter({ hasText: 'Your session has expired.' }).waitFor();
    await expect(page.locator('session-policy-widget form').count()).resolves.toBe(0);
    await shot(page, 'expired');
    await page.close();
  });
});
