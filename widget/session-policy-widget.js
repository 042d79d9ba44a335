// <session-policy-widget organization-id="…" token="…" [api-base="…"]>
// The org-admin self-service widget: one dependency-free ES module, served by the session policy
// service at /widget/session-policy-widget.js. It talks Connect unary JSON to the service with a
// short-lived widget token that the host application's backend minted (CreateWidgetSession); every
// rule is enforced server-side, the widget only shows the server's answers.

const ADMIN = 'sessionpolicy.v1.SessionPolicyAdminService';
const RESOLVER = 'sessionpolicy.v1.SessionPolicyResolverService';
const UNIT_MINUTES = { MINUTES: 1, HOURS: 60, DAYS: 1440 };
const HISTORY_SIZE = 5;

/** BadRequest field paths (the proto's snake_case, as sent) -> the form field a message is shown beside. */
const FIELD_OF_PATH = {
  policy_source: 'source',
  absolute_session_timeout: 'absolute',
  absolute_session_timeout_unit: 'absolute',
  idle_session_timeout_enabled: 'idleEnabled',
  idle_session_timeout: 'idle',
  idle_session_timeout_unit: 'idle',
};

const STYLES = `
:host{display:block;max-width:640px;color:#1f2328;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
  --accent:#0969da;--accent-strong:#0550ae;--border:#d0d7de;--muted:#57606a;--danger:#cf222e;--danger-bg:#ffebe9;--ok:#1a7f37;--warn-bg:#fff8c5;--warn-border:#d4a72c}
*{box-sizing:border-box}
.card{background:#fff;border:1px solid var(--border);border-radius:8px;padding:20px;min-width:0}
h2{font-size:18px;margin:0 0 4px;line-height:1.3}
h2:focus{outline:none}
h3{font-size:14px;margin:20px 0 8px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
p{margin:0 0 12px}
.lead{color:var(--muted);margin-bottom:16px}
fieldset{border:0;padding:0;margin:0 0 16px;min-width:0}
legend{font-weight:600;padding:0;margin-bottom:6px}
.choices{display:flex;flex-wrap:wrap;gap:8px}
.choice{flex:1 1 200px;display:flex;gap:10px;align-items:flex-start;border:1px solid var(--border);border-radius:6px;padding:10px 12px;cursor:pointer}
.choice:has(input:checked){border-color:var(--accent);background:#ddf4ff}
.choice input{margin-top:3px}
.choice small{display:block;color:var(--muted)}
.field{margin:0 0 14px}
.field > label,.label{display:block;font-weight:600;margin-bottom:4px}
.row{display:flex;flex-wrap:wrap;gap:8px;align-items:center}
input[type=number]{width:110px;padding:6px 8px;border:1px solid var(--border);border-radius:6px;font:inherit}
select{padding:6px 8px;border:1px solid var(--border);border-radius:6px;font:inherit;background:#fff}
input:focus-visible,select:focus-visible,button:focus-visible,.choice:has(input:focus-visible){outline:2px solid var(--accent);outline-offset:2px}
[aria-invalid=true]{border-color:var(--danger)!important;background:var(--danger-bg)}
.hint{color:var(--muted);font-size:13px;margin-top:2px}
.error{color:var(--danger);font-size:13px;margin-top:4px;font-weight:500}
.error:empty{display:none}
.check{display:flex;gap:8px;align-items:flex-start;font-weight:600;cursor:pointer}
.check input{margin-top:4px}
.readonly{background:#f6f8fa;border:1px solid var(--border);border-radius:6px;padding:8px 12px}
.actions{display:flex;flex-wrap:wrap;gap:8px;margin-top:16px}
button{font:inherit;font-weight:600;border-radius:6px;padding:7px 14px;border:1px solid var(--border);background:#f6f8fa;color:#1f2328;cursor:pointer}
button.primary{background:var(--accent);border-color:var(--accent);color:#fff}
button.primary:hover{background:var(--accent-strong)}
button.danger{color:var(--danger)}
button:disabled{opacity:.55;cursor:default}
.banner{border-radius:6px;padding:10px 12px;margin:0 0 16px;border:1px solid}
.banner.warn{background:var(--warn-bg);border-color:var(--warn-border)}
.banner.error{background:var(--danger-bg);border-color:#ff818266;color:#82071e}
.banner .row{margin-top:8px}
.status{min-height:1.5em;color:var(--ok);font-weight:500;margin-top:8px}
dl.effective{display:grid;grid-template-columns:minmax(0,1fr) auto;gap:6px 12px;margin:0}
dl.effective dt{color:var(--muted)}
dl.effective dd{margin:0;text-align:right;font-weight:600}
dl.effective dd small{display:block;font-weight:400;color:var(--muted)}
ol.history{list-style:none;padding:0;margin:0}
ol.history li{border-top:1px solid #eaeef2;padding:6px 0;display:flex;flex-wrap:wrap;justify-content:space-between;gap:2px 12px}
ol.history li:first-child{border-top:0}
ol.history time{color:var(--muted);font-size:13px}
.empty{color:var(--muted)}
[hidden]{display:none!important}
@media (max-width:420px){.card{padding:14px}.choice{flex-basis:100%}}
`;

function durationMinutes(duration) {
  if (duration === undefined || duration === null) return 0;
  if (typeof duration === 'string') return Math.round(parseFloat(duration) / 60);
  return Math.round(Number(duration.seconds ?? 0) / 60);
}

function formatMinutes(minutes) {
  if (minutes >= 1440 && minutes % 1440 === 0) return `${minutes / 1440} ${minutes === 1440 ? 'day' : 'days'}`;
  if (minutes >= 60 && minutes % 60 === 0) return `${minutes / 60} ${minutes === 60 ? 'hour' : 'hours'}`;
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}

function withMinutes(minutes) {
  const friendly = formatMinutes(minutes);
  return friendly.endsWith('minutes') || friendly.endsWith('minute') ? friendly : `${friendly} (${minutes} minutes)`;
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === false || value === undefined || value === null) continue;
    if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

/** A failed call, carrying the Connect error envelope's code, reason and field violations. */
class ApiError extends Error {
  constructor(code, message, reason, violations) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.violations = violations;
  }
}

let uid = 0;

export class SessionPolicyWidget extends HTMLElement {
  static get observedAttributes() {
    return ['organization-id', 'token', 'api-base'];
  }

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    this.id_ = `spw${++uid}`;
    this.state = { phase: 'loading' };
    this.loadedOnce = false;
  }

  connectedCallback() {
    if (this.hasAttribute('from-fragment')) {
      // In the /widget/embed iframe: the fragment never reaches a server log.
      const params = new URLSearchParams(location.hash.slice(1));
      for (const name of ['organization-id', 'token', 'api-base']) if (params.get(name)) this.setAttribute(name, params.get(name));
    }
    this.load();
  }

  attributeChangedCallback(_name, before, after) {
    if (this.isConnected && this.loadedOnce && before !== after) this.load();
  }

  get organizationId() {
    return this.getAttribute('organization-id') ?? '';
  }

  get apiBase() {
    // By default, the service that served this module.
    return (this.getAttribute('api-base') || new URL('..', import.meta.url).href).replace(/\/+$/, '');
  }

  async call(method, body) {
    let response;
    try {
      response = await fetch(`${this.apiBase}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'connect-protocol-version': '1', authorization: `Bearer ${this.getAttribute('token') ?? ''}` },
        body: JSON.stringify(body),
      });
    } catch {
      throw new ApiError('unavailable', 'The session policy service cannot be reached. Check your connection and try again.', '', []);
    }
    const json = await response.json().catch(() => ({}));
    if (response.ok) return json;
    const details = Array.isArray(json.details) ? json.details : [];
    const info = details.find((d) => d.type === 'google.rpc.ErrorInfo')?.debug ?? {};
    const badRequest = details.find((d) => d.type === 'google.rpc.BadRequest')?.debug ?? {};
    throw new ApiError(json.code ?? 'unknown', json.message ?? `HTTP ${response.status}`, info.reason ?? '', badRequest.fieldViolations ?? []);
  }

  async load() {
    this.loadedOnce = true;
    this.state = { ...this.state, phase: 'loading' };
    this.render();
    const organizationId = this.organizationId;
    try {
      const [settings, policy, application, effective] = await Promise.all([
        this.call(`${ADMIN}/GetOrganizationSettings`, { organizationId }),
        this.call(`${ADMIN}/GetOrganizationSessionPolicy`, { organizationId }),
        this.call(`${ADMIN}/GetApplicationSessionPolicy`, {}),
        this.call(`${RESOLVER}/ResolveEffectivePolicy`, { organizationIds: [organizationId] }),
      ]);
      const history = await this.call(`${ADMIN}/ListPolicyChanges`, { organizationId, pageSize: HISTORY_SIZE }).catch(() => ({ policyChanges: [] }));
      const featureOn = (settings.settings?.features ?? []).some((f) => f.name === 'session_policy' && f.enabled);
      this.state = {
        phase: 'ready',
        featureOn,
        policy: policy.policy ?? { policySource: 'APPLICATION' },
        etag: policy.etag ?? '',
        application: application.policy ?? {},
        effective: effective.effectivePolicy ?? {},
        history: history.policyChanges ?? [],
        errors: {},
        conflict: false,
        message: '',
        status: this.state.status ?? '',
      };
    } catch (error) {
      this.state = { phase: 'failed', error };
    }
    this.render();
  }

  /** The form's values as an UpdateOrganizationSessionPolicyRequest. */
  readForm() {
    const q = (name) => this.root.querySelector(`[name="${name}"]`);
    const source = this.root.querySelector('input[name="source"]:checked')?.value ?? 'APPLICATION';
    const request = { organizationId: this.organizationId, policySource: source, etag: this.state.etag };
    if (source !== 'CUSTOM') return request;
    const number = (input) => (input.value.trim() === '' ? undefined : Number(input.value));
    request.absoluteSessionTimeout = number(q('absolute'));
    request.absoluteSessionTimeoutUnit = q('absoluteUnit').value;
    request.idleSessionTimeoutEnabled = q('idleEnabled').checked;
    if (request.idleSessionTimeoutEnabled) {
      request.idleSessionTimeout = number(q('idle'));
      request.idleSessionTimeoutUnit = q('idleUnit').value;
    }
    return request;
  }

  async save(request, doneMessage) {
    this.setBusy(true);
    this.clearErrors();
    this.announce('');
    try {
      await this.call(`${ADMIN}/UpdateOrganizationSessionPolicy`, request);
      this.state.status = doneMessage;
      await this.load();
      // The form was rebuilt: give keyboard users their place back on the Save button.
      this.root.querySelector('[data-action="save"]')?.focus();
    } catch (error) {
      this.setBusy(false);
      this.showError(error);
    }
  }

  showError(error) {
    if (error.code === 'aborted') {
      this.state.conflict = true;
      this.render(true);
      this.root.querySelector('[data-action="reload"]')?.focus();
      return;
    }
    if (error.code === 'unauthenticated') {
      this.state = { phase: 'failed', error };
      this.render();
      return;
    }
    const errors = {};
    const unplaced = [];
    for (const violation of error.violations) {
      const field = FIELD_OF_PATH[violation.field];
      if (field) errors[field] = [...(errors[field] ?? []), violation.description];
      else unplaced.push(violation.description);
    }
    this.state.errors = errors;
    this.state.message = Object.keys(errors).length > 0 ? (unplaced.length > 0 ? unplaced.join(' ') : 'Nothing was saved. Correct the highlighted fields.') : this.describe(error);
    this.render(true);
    const first = ['source', 'absolute', 'idleEnabled', 'idle'].find((f) => errors[f]);
    (first ? this.root.querySelector(`[name="${first}"]`) : this.root.querySelector('.banner.error'))?.focus();
  }

  describe(error) {
    if (error.reason === 'FEATURE_DISABLED') return 'Custom session policies are turned off for this organization, so nothing was saved. Reload to see the current state.';
    if (error.code === 'permission_denied') return 'This widget session may not change this organization.';
    if (error.code === 'unavailable') return 'The session policy service is unavailable right now; nothing was saved. Try again in a moment.';
    return error.message;
  }

  clearErrors() {
    this.state.errors = {};
    this.state.message = '';
    for (const node of this.root.querySelectorAll('.error')) node.textContent = '';
    for (const node of this.root.querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
    this.root.querySelector('.banner.error')?.setAttribute('hidden', '');
  }

  setBusy(busy) {
    for (const button of this.root.querySelectorAll('button')) button.disabled = busy;
    this.root.querySelector('form')?.setAttribute('aria-busy', String(busy));
  }

  announce(text) {
    const status = this.root.querySelector('.status');
    if (status) status.textContent = text;
  }

  /** `keepForm`: re-render around the user's unsaved input instead of the stored values. */
  render(keepForm = false) {
    const draft = keepForm && this.state.phase === 'ready' ? this.readForm() : undefined;
    if (!this.root.adoptedStyleSheets?.length) {
      try {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(STYLES);
        this.root.adoptedStyleSheets = [sheet];
      } catch {
        this.root.append(el('style', { text: STYLES }));
      }
    }
    for (const child of [...this.root.childNodes]) if (child.nodeName !== 'STYLE') child.remove();
    this.root.append(this.card(draft));
    if (this.state.status && !keepForm && this.state.phase === 'ready') {
      // Set after the live region is in the document, so screen readers announce it.
      const text = this.state.status;
      this.state.status = '';
      setTimeout(() => this.announce(text), 50);
    }
  }

  card(draft) {
    const headingId = `${this.id_}-title`;
    const card = el('section', { class: 'card', 'aria-labelledby': headingId });
    card.append(el('h2', { id: headingId, tabindex: '-1', text: 'Session policy' }));
    const s = this.state;
    if (s.phase === 'loading') {
      card.append(el('p', { class: 'lead', role: 'status', text: 'Loading the session policy…' }));
      return card;
    }
    if (s.phase === 'failed') {
      card.append(this.failure(s.error));
      return card;
    }
    card.append(el('p', { class: 'lead', text: `How long members of ${this.organizationId} stay signed in. Your organization can only tighten the application's settings, never loosen them.` }));
    if (!s.featureOn) {
      card.append(
        el('div', { class: 'banner warn', role: 'note' },
          el('p', { text: 'Custom session policies are not available for this organization.' }),
          el('p', { text: "The Session Policy feature is turned off for this organization, so its members get the application's session policy shown below. Ask the application's administrators to turn the feature on if your organization needs stricter sign-in limits." }),
          s.policy.policySource === 'CUSTOM' ? el('p', { text: 'A custom policy is stored for this organization; it takes effect again when the feature is turned back on.' }) : null,
        ),
      );
      card.append(this.effectiveSection(), this.historySection());
      return card;
    }
    card.append(this.form(draft), this.effectiveSection(), this.historySection());
    return card;
  }

  failure(error) {
    let title = 'The session policy could not be loaded.';
    let detail = error?.message ?? '';
    if (error?.reason === 'WIDGET_TOKEN_EXPIRED') {
      title = 'Your session has expired.';
      detail = 'For your security this settings panel is only open for a few minutes. Reload the page to continue.';
    } else if (error?.code === 'unauthenticated') {
      title = 'This settings panel could not sign in.';
      detail = 'Its access token is not valid. Reload the page; if this keeps happening, contact your application administrator.';
    } else if (error?.code === 'permission_denied') {
      title = 'You cannot manage this organization here.';
      detail = 'This settings panel was opened for another organization.';
    }
    // An expired or invalid token cannot be renewed here: only the host page's backend mints tokens,
    // so the host is told (it may re-mint and set the token attribute) and "Reload" reloads the page.
    const tokenProblem = error?.code === 'unauthenticated';
    if (tokenProblem) this.dispatchEvent(new CustomEvent('session-policy-widget:token-rejected', { bubbles: true, composed: true, detail: { reason: error.reason } }));
    return el('div', { class: 'banner error', role: 'alert' },
      el('p', {}, el('strong', { text: title })),
      el('p', { text: detail }),
      el('div', { class: 'row' }, tokenProblem ? this.button('Reload page', 'reload', '', () => location.reload()) : this.button('Try again', 'reload', '', () => this.load())),
    );
  }

  button(label, action, kind, onClick, extra = {}) {
    const button = el('button', { type: kind === 'primary' ? 'submit' : 'button', class: kind, 'data-action': action, text: label, ...extra });
    if (onClick) button.addEventListener('click', onClick);
    return button;
  }

  form(draft) {
    const s = this.state;
    const id = (name) => `${this.id_}-${name}`;
    const stored = s.policy;
    const value = draft ?? {
      policySource: stored.policySource === 'CUSTOM' ? 'CUSTOM' : 'APPLICATION',
      absoluteSessionTimeout: stored.absoluteSessionTimeout,
      absoluteSessionTimeoutUnit: stored.absoluteSessionTimeoutUnit ?? 'MINUTES',
      idleSessionTimeoutEnabled: stored.idleSessionTimeoutEnabled ?? false,
      idleSessionTimeout: stored.idleSessionTimeout,
      idleSessionTimeoutUnit: stored.idleSessionTimeoutUnit ?? 'MINUTES',
    };
    const custom = value.policySource === 'CUSTOM';
    const app = s.application;
    const errorsFor = (field) => (s.errors?.[field] ?? []).join(' ');
    const form = el('form', { novalidate: true, 'aria-labelledby': `${this.id_}-title` });

    if (s.conflict) {
      form.append(
        el('div', { class: 'banner warn', role: 'alert' },
          el('p', {}, el('strong', { text: 'This policy was changed elsewhere.' })),
          el('p', { text: 'Someone else saved a change while you were editing, so yours was not saved. Reload to see the current values, then make your change again.' }),
          el('div', { class: 'row' }, this.button('Reload', 'reload', 'primary', (e) => { e.preventDefault(); this.state.status = ''; this.load(); }, { type: 'button' })),
        ),
      );
    }
    form.append(el('div', { class: 'banner error', role: 'alert', tabindex: '-1', hidden: !s.message, text: s.message || '' }));

    const sourceError = errorsFor('source');
    const radio = (val, title, hint) =>
      el('label', { class: 'choice' },
        el('input', { type: 'radio', name: 'source', value: val, checked: value.policySource === val, 'aria-describedby': `${id('source')}-error` }),
        el('span', {}, title, el('small', { text: hint })),
      );
    const sourceSet = el('fieldset', {},
      el('legend', { text: 'Policy' }),
      el('div', { class: 'choices' },
        radio('APPLICATION', 'Application', 'Inherit the application’s session policy'),
        radio('CUSTOM', 'Custom', 'Set stricter limits for this organization'),
      ),
      el('p', { class: 'error', id: `${id('source')}-error`, text: sourceError }),
    );
    form.append(sourceSet);

    const units = (name, selected, label) =>
      el('select', { name, 'aria-label': label },
        ...Object.keys(UNIT_MINUTES).map((unit) => el('option', { value: unit, selected: unit === selected, text: unit.charAt(0) + unit.slice(1).toLowerCase() })),
      );

    const customFields = el('div', { hidden: !custom });
    const absoluteError = errorsFor('absolute');
    customFields.append(
      el('div', { class: 'field' },
        el('label', { for: id('absolute'), id: `${id('absolute')}-label`, text: 'Absolute session timeout' }),
        el('div', { class: 'row' },
          el('input', { type: 'number', inputmode: 'numeric', min: '1', step: '1', name: 'absolute', id: id('absolute'), value: value.absoluteSessionTimeout ?? '', 'aria-invalid': absoluteError ? 'true' : false, 'aria-describedby': `${id('absolute')}-hint ${id('absolute')}-error` }),
          units('absoluteUnit', value.absoluteSessionTimeoutUnit, 'Absolute session timeout unit'),
        ),
        el('p', { class: 'hint', id: `${id('absolute')}-hint`, text: `Longest a session may last, however active. Application: ${formatMinutes(app.absoluteSessionTimeout ?? 0)}.` }),
        el('p', { class: 'error', id: `${id('absolute')}-error`, text: absoluteError }),
      ),
    );
    const idleEnabledError = errorsFor('idleEnabled');
    const idleError = errorsFor('idle');
    const idleOn = Boolean(value.idleSessionTimeoutEnabled);
    customFields.append(
      el('div', { class: 'field' },
        el('label', { class: 'check' },
          el('input', { type: 'checkbox', name: 'idleEnabled', checked: idleOn, 'aria-describedby': `${id('idleEnabled')}-error`, 'aria-controls': id('idle-group') }),
          'Sign members out after a period of inactivity',
        ),
        el('p', { class: 'error', id: `${id('idleEnabled')}-error`, text: idleEnabledError }),
      ),
      el('div', { class: 'field', id: id('idle-group'), hidden: !idleOn },
        el('label', { for: id('idle'), id: `${id('idle')}-label`, text: 'Idle session timeout' }),
        el('div', { class: 'row' },
          el('input', { type: 'number', inputmode: 'numeric', min: '1', step: '1', name: 'idle', id: id('idle'), value: value.idleSessionTimeout ?? '', 'aria-invalid': idleError ? 'true' : false, 'aria-describedby': `${id('idle')}-hint ${id('idle')}-error` }),
          units('idleUnit', value.idleSessionTimeoutUnit, 'Idle session timeout unit'),
        ),
        el('p', { class: 'hint', id: `${id('idle')}-hint`, text: app.idleSessionTimeoutEnabled ? `Application: ${formatMinutes(app.idleSessionTimeout ?? 0)}.` : 'The application has no idle timeout.' }),
        el('p', { class: 'error', id: `${id('idle')}-error`, text: idleError }),
      ),
    );
    form.append(customFields);

    form.append(
      el('div', { class: 'field' },
        el('span', { class: 'label', id: `${id('token')}-label`, text: 'Access token lifetime' }),
        el('div', { class: 'readonly', role: 'group', 'aria-labelledby': `${id('token')}-label` },
          `${formatMinutes(app.accessTokenExpiry ?? 0)} `,
          el('span', { class: 'hint', text: '(set by the application; organizations cannot change it)' }),
        ),
      ),
    );

    const actions = el('div', { class: 'actions' }, this.button('Save', 'save', 'primary', null));
    if (stored.policySource === 'CUSTOM') {
      actions.append(this.button('Revert to application policy', 'revert', 'danger', () => this.save({ organizationId: this.organizationId, policySource: 'APPLICATION', etag: s.etag }, 'Reverted: this organization now uses the application policy.')));
    }
    form.append(actions, el('p', { class: 'status', role: 'status', 'aria-live': 'polite' }));

    form.addEventListener('change', (event) => {
      const name = event.target?.name;
      if (name === 'source') customFields.hidden = form.querySelector('input[name="source"]:checked')?.value !== 'CUSTOM';
      if (name === 'idleEnabled') form.querySelector(`#${id('idle-group')}`).hidden = !event.target.checked;
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const request = this.readForm();
      this.save(request, request.policySource === 'CUSTOM' ? 'Saved. The custom policy is in effect.' : 'Saved: this organization now uses the application policy.');
    });
    return form;
  }

  effectiveSection() {
    const e = this.state.effective;
    const from = (resolved) =>
      resolved?.source?.layer === 'POLICY_LAYER_ORGANIZATION' ? 'set by this organization' : 'from the application';
    const absolute = durationMinutes(e.absoluteSessionTimeout?.value);
    const idleOn = Boolean(e.idleSessionTimeoutEnabled?.value);
    const idle = durationMinutes(e.idleSessionTimeout?.value);
    const token = durationMinutes(e.accessTokenLifetime?.value);
    const row = (term, value, source) => [el('dt', { text: term }), el('dd', {}, value, el('small', { text: source }))];
    const headingId = `${this.id_}-effective`;
    return el('section', { 'aria-labelledby': headingId },
      el('h3', { id: headingId, text: 'In effect for members' }),
      el('dl', { class: 'effective', 'data-effective': true },
        ...row('Absolute session timeout', withMinutes(absolute), from(e.absoluteSessionTimeout)),
        ...row('Idle session timeout', idleOn ? withMinutes(idle) : 'Off', idleOn ? from(e.idleSessionTimeout) : from(e.idleSessionTimeoutEnabled)),
        ...row('Access token lifetime', withMinutes(token), 'from the application'),
      ),
      e.stale ? el('p', { class: 'hint', text: 'The service is serving its last known policy; values may be slightly out of date.' }) : null,
    );
  }

  historySection() {
    const headingId = `${this.id_}-history`;
    const changes = this.state.history ?? [];
    const summary = (change) => {
      const after = change.after ?? {};
      if (after.organizationSettings) {
        const on = (after.organizationSettings.features ?? []).some((f) => f.name === 'session_policy' && f.enabled);
        return `Session Policy feature turned ${on ? 'on' : 'off'}`;
      }
      const policy = after.organizationPolicy ?? {};
      if (policy.policySource !== 'CUSTOM') return 'Reverted to the application policy';
      const idle = policy.idleSessionTimeoutEnabled ? `, idle ${formatMinutes(policy.idleSessionTimeout ?? 0)}` : ', idle off';
      return `Custom: absolute ${formatMinutes(policy.absoluteSessionTimeout ?? 0)}${idle}`;
    };
    const list = changes.length === 0
      ? el('p', { class: 'empty', text: 'No changes yet.' })
      : el('ol', { class: 'history' },
          ...changes.map((change) =>
            el('li', {},
              el('span', {}, summary(change), el('span', { class: 'hint', text: ` by ${change.actor}` })),
              el('time', { datetime: change.changeTime ?? '', text: change.changeTime ? new Date(change.changeTime).toLocaleString() : '' }),
            ),
          ),
        );
    return el('section', { 'aria-labelledby': headingId }, el('h3', { id: headingId, text: 'Recent changes' }), list);
  }
}

if (!customElements.get('session-policy-widget')) customElements.define('session-policy-widget', SessionPolicyWidget);
