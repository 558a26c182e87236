// icutwin clinician dashboard: plain ES module, no build step. Every number carries its unit,
// every colour a word or symbol; all data come from the REST API with the user's bearer token.
'use strict';

const state = {
  session: null, // {token, username, displayName, roles, expiresAt}
  stream: null, // AbortController of the live stream
  charts: new Map(), // canvas id -> Chart
  timers: [],
  view: null, // {name, patientId, ...view data}
};

// ---------------------------------------------------------------- formatting

const UNIT_LABELS = {
  'mm[Hg]': 'mmHg', 'ug/kg/min': 'µg/kg/min', 'mg.h/L': 'mg·h/L', 'mmol/L': 'mmol/L', 'U/h': 'U/h',
  'mg': 'mg', 'mg/L': 'mg/L', 'mg/h': 'mg/h', 'h': 'h', 'min': 'min', '/min': '/min', '1/min': '/min',
  'mL/min': 'mL/min', 'L/h': 'L/h', 'L': 'L', 'mU/L': 'mU/L', 'U': 'U', '1': '', '[iU]/h': 'U/h', '[iU]': 'U',
  'm[iU]/L': 'mU/L',
};

export function unitLabel(u) {
  if (u == null) return '';
  if (Object.prototype.hasOwnProperty.call(UNIT_LABELS, u)) return UNIT_LABELS[u];
  return u.replace(/\[iU\]/g, 'U').replace(/\[([^\]]*)\]/g, '$1').replace(/\bu(g)\b/g, 'µ$1').replace(/\./g, '·');
}

/** Decimals that suit a unit: glucose to 0.1, pressure to 1, micrograms to 0.01 or 0.001. */
export function decimalsFor(value, unit) {
  const a = Math.abs(value);
  switch (unit) {
    case 'mm[Hg]': case 'mg': case 'mg.h/L': return 0;
    case 'mmol/L': case 'U/h': case '[iU]/h': case 'mg/L': case 'U': case '[iU]': return 1;
    case 'ug/kg/min': return a >= 0.1 ? 2 : 3;
    default:
      if (a === 0) return 0;
      if (a >= 100) return 0;
      if (a >= 10) return 1;
      return Math.min(6, Math.max(2, 2 - Math.floor(Math.log10(a))));
  }
}

export function num(value, unit) {
  if (value == null || Number.isNaN(value)) return '—';
  if (value !== 0 && Math.abs(value) < 1e-3 && !['ug/kg/min', 'mm[Hg]', 'mg'].includes(unit)) {
    return Number(value).toExponential(2);
  }
  const d = decimalsFor(value, unit);
  return Number(value).toLocaleString(undefined, { minimumFractionDigits: d, maximumFractionDigits: d });
}

export function withUnit(value, unit) {
  const u = unitLabel(unit);
  return u ? `${num(value, unit)} ${u}` : num(value, unit);
}

function interval(lo, hi, unit) {
  return `${num(lo, unit)}–${num(hi, unit)} ${unitLabel(unit)}`.trim();
}

function ms(iso) {
  return iso == null ? null : Date.parse(iso);
}

/** A time the server reports as the epoch means "never". */
function never(iso) {
  return iso == null || Date.parse(iso) <= 0;
}

const COVARIATES = {
  WEIGHT_KG: (v) => `weight ${num(v, 'kg')} kg`, HEIGHT_CM: (v) => `height ${Math.round(v)} cm`,
  AGE_YEARS: (v) => `age ${Math.round(v)} y`, CREATININE_CLEARANCE_ML_PER_MIN: (v) => `CrCl ${Math.round(v)} mL/min`,
  HAEMODIALYSIS: (v) => (v ? 'on haemodialysis' : 'no haemodialysis'), DIABETIC: (v) => (v ? 'diabetic' : 'not diabetic'),
  FEMALE: (v) => (v ? 'female' : 'male'),
};

const MEASURED_UNIT = { glucose: 'mmol/L', map: 'mm[Hg]', vancomycin: 'mg/L' };

/** Local clock time; the date too when it is not today. */
export function clock(iso) {
  if (iso == null) return '—';
  const d = new Date(typeof iso === 'number' ? iso : Date.parse(iso));
  const today = new Date();
  const t = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  if (d.toDateString() === today.toDateString()) return t;
  return `${d.toLocaleDateString([], { day: 'numeric', month: 'short' })} ${t}`;
}

/** "4 min ago", "in 12 min": the distance from now (the server's clock) in plain words. */
export function relative(iso, nowMs) {
  if (iso == null) return '';
  const dt = (typeof iso === 'number' ? iso : Date.parse(iso)) - nowMs;
  const a = Math.abs(dt) / 1000;
  let s;
  if (a < 45) s = `${Math.round(a)} s`;
  else if (a < 90 * 60) s = `${Math.round(a / 60)} min`;
  else if (a < 48 * 3600) s = `${(a / 3600).toFixed(1)} h`;
  else s = `${Math.round(a / 86400)} d`;
  return dt < 0 ? `${s} ago` : `in ${s}`;
}

function esc(v) {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

const THERAPY = {
  GLUCOSE_INSULIN: 'Insulin · glucose', NOREPINEPHRINE_MAP: 'Norepinephrine · MAP', VANCOMYCIN: 'Vancomycin · AUC',
};
const QUANTITY = { glucose: 'Glucose', map: 'MAP', vancomycin: 'Vancomycin level', concentration: 'Level', auc24: 'AUC24' };

function quantityName(q) {
  return QUANTITY[q] ?? q;
}

function hasRole(r) {
  return state.session?.roles?.includes(r) ?? false;
}

// ---------------------------------------------------------------- API

export class ApiError extends Error {
  constructor(status, problem, text) {
    const detail = problem?.detail || problem?.title || text || `HTTP ${status}`;
    const extra = (problem?.errors ?? []).map((e) => e.message).filter((m) => m && m !== detail);
    super(extra.length ? `${detail} (${extra.join('; ')})` : detail);
    this.status = status;
    this.problem = problem;
  }
}

async function api(method, path, body, token) {
  const headers = { Accept: 'application/json' };
  const t = token ?? state.session?.token;
  if (t) headers.Authorization = `Bearer ${t}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    data = null;
  }
  if (!r.ok) {
    if (r.status === 401 && !token && state.session && path !== '/api/v1/session') {
      signOut('Your session has ended or was refused by the server: please sign in again.');
    }
    throw new ApiError(r.status, data, text);
  }
  return data;
}

// ---------------------------------------------------------------- session

function loadSession() {
  try {
    const s = JSON.parse(sessionStorage.getItem('icutwin.session'));
    if (s && s.token && (!s.expiresAt || Date.parse(s.expiresAt) > Date.now())) return s;
  } catch (e) {
    // no stored session
  }
  return null;
}

function saveSession(s) {
  state.session = s;
  sessionStorage.setItem('icutwin.session', JSON.stringify(s));
  renderTopbar();
}

function signOut(message) {
  state.session = null;
  sessionStorage.removeItem('icutwin.session');
  closeStream();
  renderTopbar();
  state.signOutMessage = message ?? null;
  if (location.hash !== '#/signin') location.hash = '#/signin';
  else render();
}

function renderTopbar() {
  const s = state.session;
  document.getElementById('nav').hidden = !s;
  document.getElementById('signout').hidden = !s;
  document.getElementById('who').textContent = s ? `${s.displayName ?? s.username} (${(s.roles ?? []).join(', ')})` : '';
  if (!s) document.getElementById('live').textContent = '';
}

// ---------------------------------------------------------------- live updates (server-sent events)

function setLive(text) {
  const el = document.getElementById('live');
  if (el) el.textContent = text;
}

function closeStream() {
  if (state.stream) state.stream.abort();
  state.stream = null;
}

/** Reads /api/v1/stream with the bearer token (EventSource cannot send one) and reconnects. */
async function openStream(patientId, onEvent) {
  closeStream();
  const ctrl = new AbortController();
  state.stream = ctrl;
  let backoff = 1000;
  while (!ctrl.signal.aborted && state.session) {
    try {
      setLive('○ Connecting…');
      const url = '/api/v1/stream' + (patientId ? `?patient=${encodeURIComponent(patientId)}` : '');
      const r = await fetch(url, {
        headers: { Authorization: `Bearer ${state.session.token}`, Accept: 'text/event-stream' }, signal: ctrl.signal,
      });
      if (r.status === 401) {
        signOut('Your session has ended: please sign in again.');
        return;
      }
      if (!r.ok || !r.body) throw new Error(`HTTP ${r.status}`);
      setLive('● Live');
      backoff = 1000;
      const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += value.replace(/\r\n?/g, '\n');
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
          if (data) {
            try {
              onEvent(JSON.parse(data));
            } catch (e) {
              // a malformed event is skipped; the next refresh re-reads the API
            }
          }
        }
      }
    } catch (e) {
      if (ctrl.signal.aborted) return;
    }
    if (ctrl.signal.aborted) return;
    setLive('○ Reconnecting…');
    await new Promise((res) => setTimeout(res, backoff));
    backoff = Math.min(backoff * 2, 15000);
  }
}

function debounce(fn, wait) {
  let t = null;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), wait);
  };
}

// ---------------------------------------------------------------- routing

function clearView() {
  state.timers.forEach((t) => clearInterval(t));
  state.timers = [];
  state.charts.forEach((c) => c.destroy());
  state.charts.clear();
  closeStream();
  state.view = null;
}

async function render() {
  clearView();
  const main = document.getElementById('main');
  const hash = location.hash || '#/ward';
  if (!state.session) {
    renderSignIn(main);
    return;
  }
  if (hash === '#/signin') {
    location.hash = '#/ward';
    return;
  }
  const m = hash.match(/^#\/patient\/([^/]+)$/);
  try {
    if (m) await renderPatient(main, decodeURIComponent(m[1]));
    else await renderWard(main);
  } catch (e) {
    main.innerHTML = `<div class="error" role="alert">${esc(e.message)}</div>`;
  }
}

// ---------------------------------------------------------------- sign-in

function renderSignIn(main) {
  const msg = state.signOutMessage;
  state.signOutMessage = null;
  main.innerHTML = `
  <section class="card signin" aria-labelledby="signin-title">
    <h1 id="signin-title">Sign in</h1>
    ${msg ? `<div class="notice" role="status">${esc(msg)}</div>` : ''}
    <form id="signin-form" class="stack">
      <label for="username">User name</label>
      <input id="username" name="username" autocomplete="username" required>
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required>
      <div id="signin-error" role="alert"></div>
      <p><button class="primary" type="submit" id="signin-submit">Sign in</button></p>
    </form>
    <details>
      <summary>Sign in with a token instead</summary>
      <form id="token-form" class="stack">
        <label for="token">Bearer token (from your hospital's identity service, or <code>./icutwin token</code>)</label>
        <textarea id="token" required></textarea>
        <div id="token-error" role="alert"></div>
        <p><button class="secondary" type="submit">Use this token</button></p>
      </form>
    </details>
  </section>`;
  document.getElementById('username').focus();
  document.getElementById('signin-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const out = document.getElementById('signin-error');
    out.innerHTML = '';
    try {
      const s = await api('POST', '/api/v1/session', {
        username: document.getElementById('username').value.trim(), password: document.getElementById('password').value,
      });
      saveSession(s);
      location.hash = '#/ward';
      render();
    } catch (e) {
      out.innerHTML = `<div class="error">${esc(e.message)}</div>`;
    }
  });
  document.getElementById('token-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const out = document.getElementById('token-error');
    out.innerHTML = '';
    const token = document.getElementById('token').value.trim();
    try {
      const who = await api('GET', '/api/v1/session', undefined, token);
      saveSession({ token, username: who.username, displayName: who.username, roles: who.roles, expiresAt: who.expiresAt });
      location.hash = '#/ward';
      render();
    } catch (e) {
      out.innerHTML = `<div class="error">${esc(e.message)}</div>`;
    }
  });
}

// ---------------------------------------------------------------- ward overview

const RECENT_ALERT_MS = 60 * 60 * 1000;

/** Staleness thresholds per controlled quantity (data older than this is flagged). */
const STALE_MS = { glucose: 90 * 60 * 1000, map: 5 * 60 * 1000, vancomycin: 36 * 3600 * 1000 };

/** Urgency: 0 act now, 1 decision due, 2 watch, 3 stable; with the reasons in words. */
export function urgency(p) {
  const now = ms(p.serverTime) ?? Date.now();
  const why = [];
  let level = 3;
  // An acknowledged alert has been seen and dealt with: it no longer calls for attention.
  const open = (p.alerts ?? []).filter((a) => !a.acknowledgedAt && now - ms(a.raisedAt) < RECENT_ALERT_MS);
  const critical = open.filter((a) => a.severity === 'critical');
  const warnings = open.filter((a) => a.severity !== 'critical');
  const pending = p.pending ?? [];
  if (critical.length) {
    level = 0;
    why.push(`${critical.length} critical alert${critical.length > 1 ? 's' : ''}`);
  }
  if (pending.some((x) => x.safetyOutcome === 'WITHHELD')) {
    level = Math.min(level, 0);
    why.push('proposal withheld: review');
  } else if (pending.length) {
    level = Math.min(level, 1);
    why.push('decision needed');
  }
  const latest = p.latest;
  const stale = STALE_MS[p.quantity];
  if (!latest) {
    level = Math.min(level, 2);
    why.push('no data yet');
  } else if (stale && now - ms(latest.time) > stale) {
    level = Math.min(level, 2);
    why.push('data stale');
  }
  if (warnings.length) {
    level = Math.min(level, 2);
    why.push(`${warnings.length} warning${warnings.length > 1 ? 's' : ''} in the last hour`);
  }
  if (!why.length) why.push('stable');
  return { level, why };
}

const URGENCY_LABEL = ['Act now', 'Decide', 'Watch', 'Stable'];
const URGENCY_TAG = ['bad', 'warn', 'info', 'ok'];
const URGENCY_SYMBOL = ['▲▲', '▲', '●', '✓'];

function expiryLeft(p) {
  const pending = p.pending ?? [];
  if (!pending.length) return Infinity;
  return Math.min(...pending.map((x) => ms(x.expiresAt) - (ms(p.serverTime) ?? Date.now())));
}

export function sortWard(patients) {
  return patients.map((p) => ({ p, u: urgency(p), left: expiryLeft(p) }))
    .sort((a, b) => a.u.level - b.u.level || a.left - b.left || String(a.p.bed).localeCompare(String(b.p.bed)));
}

function proposalText(x) {
  if (!x) return '—';
  if (x.regimen) {
    const g = x.regimen;
    return `${g.loadingDoseMg ? `load ${num(g.loadingDoseMg, 'mg')} mg, then ` : ''}${num(g.doseMg, 'mg')} mg every ${num(g.intervalH, 'h')} h`;
  }
  if (x.proposedValue == null) return 'no dose (withheld)';
  return withUnit(x.proposedValue, x.proposedUnit);
}

function safetyTag(outcome) {
  switch (outcome) {
    case 'PASSED': return '<span class="tag ok">✓ passed safety checks</span>';
    case 'CLIPPED': return '<span class="tag warn">⚠ clipped to limits</span>';
    case 'WITHHELD': return '<span class="tag bad">✕ withheld</span>';
    default: return `<span class="tag info">${esc(outcome)}</span>`;
  }
}

async function renderWard(main) {
  main.innerHTML = `
    <h1>Ward</h1>
    <p class="muted" id="ward-meta">Loading patients…</p>
    <section class="card" aria-labelledby="ward-title">
      <h2 id="ward-title">Patients, most urgent first</h2>
      <div id="ward-table"></div>
    </section>
    ${hasRole('ADMIN') ? admitFormHtml() : ''}`;
  if (hasRole('ADMIN')) wireAdmitForm();
  state.view = { name: 'ward' };
  const refresh = async () => {
    try {
      const patients = await api('GET', '/api/v1/patients');
      drawWard(patients.filter((p) => !p.discharged));
    } catch (e) {
      document.getElementById('ward-table').innerHTML = `<div class="error" role="alert">${esc(e.message)}</div>`;
    }
  };
  await refresh();
  const later = debounce(refresh, 1500);
  state.timers.push(setInterval(refresh, 30000));
  openStream(null, (e) => {
    if (e.type !== 'observation' && e.type !== 'dose') {
      setLive(`● Live · ${clock(e.recordedAt)} ${e.type}: ${e.summary ?? ''} (${e.patientId})`);
    }
    later();
  });
}

function drawWard(patients) {
  const rows = sortWard(patients);
  const meta = document.getElementById('ward-meta');
  if (meta) {
    const decide = rows.filter((r) => r.u.level <= 1).length;
    meta.textContent = `${patients.length} admitted · ${decide} need${decide === 1 ? 's' : ''} attention · updated ${new Date().toLocaleTimeString()}`;
  }
  const el = document.getElementById('ward-table');
  if (!el) return;
  if (!rows.length) {
    el.innerHTML = '<p>No patients admitted.</p>';
    return;
  }
  el.innerHTML = `<table id="ward">
    <thead><tr><th scope="col">Urgency</th><th scope="col">Bed</th><th scope="col">Patient</th><th scope="col">Therapy</th>
      <th scope="col" class="num">Latest value</th><th scope="col">Data age</th><th scope="col">Alerts (last hour)</th>
      <th scope="col">Pending proposal</th><th scope="col">Time left</th></tr></thead>
    <tbody>${rows.map(({ p, u }) => wardRow(p, u)).join('')}</tbody></table>`;
}

function wardRow(p, u) {
  const now = ms(p.serverTime) ?? Date.now();
  const latest = p.latest;
  const recent = (p.alerts ?? []).filter((a) => !a.acknowledgedAt && now - ms(a.raisedAt) < RECENT_ALERT_MS);
  const x = (p.pending ?? [])[0];
  return `<tr class="urgency-${u.level}" data-patient="${esc(p.patientId)}">
    <td><span class="tag ${URGENCY_TAG[u.level]}">${URGENCY_SYMBOL[u.level]} ${URGENCY_LABEL[u.level]}</span>
      <div class="muted">${esc(u.why.join('; '))}</div></td>
    <td>${esc(p.bed ?? '—')}</td>
    <td><a href="#/patient/${encodeURIComponent(p.patientId)}">${esc(p.patientId)}</a></td>
    <td>${esc(THERAPY[p.kind] ?? p.kind)}</td>
    <td class="num">${latest ? `${esc(quantityName(latest.quantity))} <strong>${esc(withUnit(latest.value, latest.unit))}</strong>` : '—'}</td>
    <td>${latest ? `${esc(relative(latest.time, now))}<div class="muted">${esc(clock(latest.time))}</div>` : 'no data'}</td>
    <td>${recent.length ? recent.slice(-2).map((a) => `<span class="tag ${a.severity === 'critical' ? 'bad' : 'warn'}">${a.severity === 'critical' ? '‼' : '⚠'} ${esc(a.code)}</span>`).join(' ') + (recent.length > 2 ? ` <span class="muted">+${recent.length - 2}</span>` : '') : '<span class="muted">none</span>'}</td>
    <td>${x ? `${esc(proposalText(x))} ${safetyTag(x.safetyOutcome)}` : '<span class="muted">none</span>'}</td>
    <td>${x ? `${esc(relative(x.expiresAt, now).replace(/^in /, ''))}<div class="muted">expires ${esc(clock(x.expiresAt))}</div>` : ''}</td>
  </tr>`;
}

// ---------------------------------------------------------------- admission (ADMIN)

function admitFormHtml() {
  const now = new Date();
  now.setSeconds(0, 0);
  return `<section class="card" aria-labelledby="admit-title">
    <details id="admit-details"><summary id="admit-title">Admit a patient</summary>
    <form id="admit-form" class="stack">
      <div class="row">
        <div><label for="admit-id">Patient id</label><input id="admit-id" required pattern="[A-Za-z0-9._-]{1,64}"></div>
        <div><label for="admit-bed">Bed</label><input id="admit-bed"></div>
        <div><label for="admit-model">Twin</label><select id="admit-model">
          <option value="insulin">Insulin · glucose (Bergman)</option>
          <option value="norepinephrine">Norepinephrine · MAP</option>
          <option value="vancomycin">Vancomycin · AUC (Goti 2018)</option></select></div>
        <div><label for="admit-area">Care area</label><input id="admit-area" value="adult-icu" required></div>
      </div>
      <div class="row">
        <div><label for="admit-weight">Weight (kg)</label><input id="admit-weight" type="number" step="0.1" min="0"></div>
        <div><label for="admit-height">Height (cm)</label><input id="admit-height" type="number" step="1" min="0"></div>
        <div><label for="admit-age">Age (years)</label><input id="admit-age" type="number" step="1" min="0"></div>
        <div><label for="admit-sex">Sex</label><select id="admit-sex"><option value="">—</option><option>female</option><option>male</option></select></div>
        <div><label for="admit-crcl">Creatinine clearance (mL/min)</label><input id="admit-crcl" type="number" step="1" min="0"></div>
      </div>
      <div class="row">
        <div><label><input id="admit-diabetic" type="checkbox"> Diabetic</label></div>
        <div><label><input id="admit-hd" type="checkbox"> Haemodialysis</label></div>
        <div><label for="admit-low">Target low (optional)</label><input id="admit-low" type="number" step="any"></div>
        <div><label for="admit-high">Target high (optional)</label><input id="admit-high" type="number" step="any"></div>
      </div>
      <div id="admit-result" role="alert"></div>
      <p><button class="primary" type="submit">Admit</button></p>
    </form></details></section>`;
}

function numberOrNull(id) {
  const v = document.getElementById(id).value;
  return v === '' ? null : Number(v);
}

function wireAdmitForm() {
  document.getElementById('admit-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const out = document.getElementById('admit-result');
    out.innerHTML = '';
    const low = numberOrNull('admit-low');
    const high = numberOrNull('admit-high');
    const body = {
      patientId: document.getElementById('admit-id').value.trim(),
      bed: document.getElementById('admit-bed').value.trim() || null,
      model: document.getElementById('admit-model').value,
      careArea: document.getElementById('admit-area').value.trim(),
      covariates: {
        weightKg: numberOrNull('admit-weight'), heightCm: numberOrNull('admit-height'), ageYears: numberOrNull('admit-age'),
        sex: document.getElementById('admit-sex').value || null, creatinineClearanceMlPerMin: numberOrNull('admit-crcl'),
        diabetic: document.getElementById('admit-diabetic').checked, haemodialysis: document.getElementById('admit-hd').checked,
      },
      targetBand: low != null || high != null ? { low, high } : null,
    };
    try {
      const p = await api('POST', '/api/v1/patients', body);
      out.innerHTML = `<div class="notice">Admitted ${esc(p.patientId)} (bed ${esc(p.bed ?? '—')}).</div>`;
    } catch (e) {
      out.innerHTML = `<div class="error">${esc(e.message)}</div>`;
    }
  });
}

// ---------------------------------------------------------------- charts

const COLORS = {
  measured: '#1b1f24', estimate: '#0b5cad', proposal: '#8250df', asNow: '#9a6700', target: 'rgba(87,96,106,0.10)',
  band: '#57606a',
  risk: '#b42318', regimens: ['#9a6700', '#8250df', '#1a7f37', '#0b5cad', '#bf3989', '#57606a'],
};
const DASHES = [[], [6, 4], [2, 3], [10, 3, 2, 3], [4, 2], [1, 2]];

function alpha(hex, a) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
}

/** A median line with its 90% band: three datasets, the band's edges hidden from the legend. */
function bandDatasets(label, pts, color, dash) {
  const lower = pts.map((p) => ({ x: ms(p.time), y: p.lower90 }));
  const upper = pts.map((p) => ({ x: ms(p.time), y: p.upper90 }));
  const mid = pts.map((p) => ({ x: ms(p.time), y: p.mean ?? p.value }));
  return [
    { label: `${label} 5%`, data: lower, borderWidth: 0, pointRadius: 0, fill: false, hideInLegend: true },
    { label: `${label} 90% band`, data: upper, borderWidth: 0, pointRadius: 0, fill: '-1', backgroundColor: alpha(color, 0.15), hideInLegend: true },
    { label, data: mid, borderColor: color, backgroundColor: color, borderWidth: 2, borderDash: dash, pointRadius: 0, fill: false },
  ];
}

function horizontal(label, y, x0, x1, color, dash, fillTo) {
  return { label, data: [{ x: x0, y }, { x: x1, y }], borderColor: color, borderDash: dash, borderWidth: 1.5, pointRadius: 0,
    fill: fillTo ?? false, backgroundColor: COLORS.target };
}

/** Vertical marker at the data time ("now" for the twin). */
const nowLine = {
  id: 'nowLine',
  afterDatasetsDraw(chart, args, opts) {
    if (opts == null || opts.x == null) return;
    const x = chart.scales.x.getPixelForValue(opts.x);
    const { top, bottom } = chart.chartArea;
    const ctx = chart.ctx;
    ctx.save();
    ctx.strokeStyle = '#57606a';
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, bottom);
    ctx.stroke();
    ctx.fillStyle = '#57606a';
    ctx.font = '12px system-ui';
    ctx.fillText(opts.label ?? 'now', x + 4, top + 12);
    ctx.restore();
  },
};

function drawChart(id, datasets, { unit, xMin, xMax, now, yTitle, yMin }) {
  const canvas = document.getElementById(id);
  if (!canvas || typeof Chart === 'undefined') return;
  const config = {
    type: 'line',
    data: { datasets },
    options: {
      animation: false, parsing: false, normalized: true, responsive: true, maintainAspectRatio: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: { type: 'linear', min: xMin, max: xMax, ticks: { callback: (v) => clock(v), maxTicksLimit: 8 } },
        y: { min: yMin, title: { display: true, text: yTitle ?? unitLabel(unit) }, ticks: { callback: (v) => num(v, unit) } },
      },
      plugins: {
        legend: { labels: { filter: (item, data) => !data.datasets[item.datasetIndex].hideInLegend, usePointStyle: true } },
        tooltip: { callbacks: { title: (items) => (items.length ? clock(items[0].parsed.x) : ''),
          label: (c) => `${c.dataset.label}: ${withUnit(c.parsed.y, unit)}` } },
        nowLine: { x: now, label: 'data time' },
      },
    },
    plugins: [nowLine],
  };
  const old = state.charts.get(id);
  if (old) old.destroy();
  state.charts.set(id, new Chart(canvas, config));
}

/** At most n points: averages over equal time buckets (1-Hz pressure would otherwise be 20,000 points). */
export function thin(points, n) {
  if (points.length <= n) return points;
  const t0 = points[0].x;
  const t1 = points[points.length - 1].x;
  const w = (t1 - t0) / n || 1;
  const out = [];
  let bucket = null;
  for (const p of points) {
    const b = Math.floor((p.x - t0) / w);
    if (!bucket || bucket.b !== b) {
      if (bucket) out.push({ x: bucket.sx / bucket.n, y: bucket.sy / bucket.n });
      bucket = { b, sx: 0, sy: 0, n: 0 };
    }
    bucket.sx += p.x;
    bucket.sy += p.y;
    bucket.n += 1;
  }
  if (bucket) out.push({ x: bucket.sx / bucket.n, y: bucket.sy / bucket.n });
  return out;
}

// ---------------------------------------------------------------- patient view

const WINDOWS_H = [2, 6, 24, 72];

async function renderPatient(main, id) {
  main.innerHTML = `<p>Loading ${esc(id)}…</p>`;
  const clinician = hasRole('CLINICIAN');
  const patient = await api('GET', `/api/v1/patients/${encodeURIComponent(id)}`);
  state.view = { name: 'patient', id, patient, windowH: patient.kind === 'VANCOMYCIN' ? 72 : 6, shownProposal: null };
  main.innerHTML = `
    <p><a href="#/ward">← Ward</a></p>
    <h1 id="patient-title">Bed ${esc(patient.bed ?? '—')} · ${esc(patient.patientId)} <span class="tag info">${esc(THERAPY[patient.kind] ?? patient.kind)}</span></h1>
    <p class="muted" id="patient-meta"></p>
    ${clinician ? `<div class="grid">
      <div>
        <section class="card" aria-labelledby="chart-title">
          <div class="row"><h2 id="chart-title">${esc(quantityName(patient.quantity))}: measured, estimated and forecast</h2>
            <label for="window" class="muted">Window</label>
            <select id="window">${WINDOWS_H.map((h) => `<option value="${h}">${h} h</option>`).join('')}</select></div>
          <div class="chart"><canvas id="main-chart" role="img" aria-label="Measurements, twin estimate with 90% band, forecasts, target band"></canvas></div>
          <p class="muted" id="chart-note"></p>
          <h3>Infusions and doses</h3>
          <div class="chart small"><canvas id="dose-chart" role="img" aria-label="Infusion rates and doses recorded"></canvas></div>
          <p class="muted" id="dose-note"></p>
          ${patient.kind === 'VANCOMYCIN' ? `<h3>AUC24 forecast by day</h3><p class="muted" id="auc-note"></p><div class="chart small"><canvas id="auc-chart" role="img" aria-label="AUC24 forecasts"></canvas></div>` : ''}
        </section>
        <section class="card" aria-labelledby="twin-title"><h2 id="twin-title">What the twin has learned</h2><div id="twin-state"></div>
          <div class="params" id="param-charts"></div></section>
        <section class="card" aria-labelledby="whatif-title"><h2 id="whatif-title">What if…</h2><div id="whatif"></div></section>
        <section class="card" aria-labelledby="audit-title"><h2 id="audit-title">Audit trail</h2><div id="audit"></div></section>
      </div>
      <div>
        <section class="card" aria-labelledby="proposal-title" id="proposal-card"><h2 id="proposal-title">Proposal</h2><div id="proposal"></div></section>
        <section class="card" aria-labelledby="alerts-title"><h2 id="alerts-title">Alerts</h2><div id="alerts"></div></section>
        <section class="card" aria-labelledby="decisions-title"><h2 id="decisions-title">Earlier proposals and decisions</h2><div id="decisions"></div></section>
      </div>
    </div>` : `<section class="card"><p>Clinical details, proposals and decisions need the CLINICIAN role.</p>
      ${hasRole('ADMIN') ? '<button class="danger" id="discharge" type="button">Discharge this patient</button><div id="discharge-result" role="alert"></div>' : ''}</section>`}`;
  drawMeta(patient);
  if (!clinician) {
    const b = document.getElementById('discharge');
    if (b) {
      b.addEventListener('click', async () => {
        if (!confirm(`Discharge ${id}? Pending proposals expire and devices are unbound.`)) return;
        try {
          await api('POST', `/api/v1/patients/${encodeURIComponent(id)}/discharge`);
          location.hash = '#/ward';
        } catch (e) {
          document.getElementById('discharge-result').innerHTML = `<div class="error">${esc(e.message)}</div>`;
        }
      });
    }
    return;
  }
  const sel = document.getElementById('window');
  sel.value = String(state.view.windowH);
  sel.addEventListener('change', () => {
    state.view.windowH = Number(sel.value);
    refreshPatient(true);
  });
  renderWhatIf();
  await refreshPatient(true);
  const later = debounce(() => refreshPatient(false), 1000);
  openStream(id, (e) => {
    if (e.type !== 'observation' && e.type !== 'dose') setLive(`● Live · ${clock(e.recordedAt)} ${e.type}: ${e.summary ?? ''}`);
    later(e);
  });
  state.timers.push(setInterval(() => tickCountdown(), 1000));
}

function drawMeta(p) {
  const now = ms(p.serverTime) ?? Date.now();
  const cov = p.covariates ?? {};
  const covText = Object.entries(cov).map(([k, v]) => (COVARIATES[k] ? COVARIATES[k](v) : `${k.toLowerCase().replace(/_/g, ' ')} ${num(v)}`)).join(', ');
  const el = document.getElementById('patient-meta');
  if (el) {
    el.textContent = `Data time ${clock(p.dataTime)} (${relative(p.dataTime, now)}) · all data in up to ${never(p.watermark) ? '— (no device has reported)' : clock(p.watermark)} · `
      + `devices: ${(p.devices ?? []).map((d) => d.deviceId).join(', ') || 'none'} · admitted ${clock(p.admittedAt)} · ${covText}`;
  }
}

async function refreshPatient(full) {
  const v = state.view;
  if (!v || v.name !== 'patient') return;
  const id = encodeURIComponent(v.id);
  const patient = await api('GET', `/api/v1/patients/${id}`).catch((e) => ({ error: e }));
  if (patient.error) {
    document.getElementById('patient-meta').innerHTML = `<span class="error">${esc(patient.error.message)}</span>`;
    return;
  }
  v.patient = patient;
  v.fetchedAt = Date.now();
  drawMeta(patient);
  const to = ms(patient.dataTime);
  const from = to - v.windowH * 3600 * 1000;
  const iso = (t) => new Date(t).toISOString();
  const [twin, history, recs, estimates, audit] = await Promise.all([
    api('GET', `/api/v1/patients/${id}/twin`).catch((e) => ({ error: e })),
    api('GET', `/api/v1/patients/${id}/history?from=${iso(from)}&to=${iso(to + 1000)}`).catch((e) => ({ error: e })),
    api('GET', `/api/v1/patients/${id}/recommendations`).catch((e) => ({ error: e })),
    api('GET', `/api/v1/patients/${id}/estimates?from=${iso(from)}&to=${iso(to + 1000)}`).catch(() => null),
    api('GET', `/api/v1/audit?patient=${id}&limit=200`).catch((e) => ({ error: e })),
  ]);
  v.twin = twin;
  v.recs = recs.error ? [] : recs;
  drawMainChart(patient, history, estimates, v.recs, from);
  drawTwinState(twin, estimates);
  drawProposal(patient, v.recs, full);
  drawAlerts(patient);
  drawDecisions(v.recs);
  drawAudit(audit);
}

function estimatePoints(estimates) {
  if (!estimates) return [];
  const list = Array.isArray(estimates) ? estimates : (estimates.points ?? estimates.estimates ?? []);
  return list.filter((e) => e && (e.time || e.at));
}

function drawMainChart(patient, history, estimates, recs, windowFrom) {
  let from = windowFrom;
  const note = document.getElementById('chart-note');
  if (history.error) {
    note.innerHTML = `<span class="error">${esc(history.error.message)}</span>`;
    return;
  }
  const target = patient.target;
  const pending = recs.find((r) => r.status === 'PENDING');
  const q = patient.quantity;
  const pts = (history.points ?? []).filter((p) => p.quantity === q);
  const unit = pts.length ? pts[pts.length - 1].unit : MEASURED_UNIT[q] ?? target?.unit;
  from = Math.max(from, ms(patient.admittedAt) - 10 * 60 * 1000);
  const applied = thin(pts.filter((p) => p.applied).map((p) => ({ x: ms(p.time), y: p.value })), 1500);
  const refused = pts.filter((p) => !p.applied).map((p) => ({ x: ms(p.time), y: p.value, reason: p.reason }));
  const now = ms(patient.dataTime);
  const datasets = [
    { label: `Measured ${quantityName(q)}`, data: applied, showLine: false, pointRadius: applied.length > 300 ? 1 : 3,
      pointStyle: 'circle', borderColor: COLORS.measured, backgroundColor: COLORS.measured },
  ];
  if (refused.length) {
    datasets.push({ label: 'Refused measurement', data: refused, showLine: false, pointRadius: 5, pointStyle: 'crossRot',
      borderColor: COLORS.risk, backgroundColor: COLORS.risk });
  }
  let xMax = now;
  const sameUnit = target && target.unit === unit && target.output !== 'auc24';
  const est = estimatePoints(estimates).map((e) => ({ time: e.time ?? e.at, ...(e.output ?? e) }))
    .filter((e) => e.value != null && e.lower90 != null);
  if (est.length && sameUnit) datasets.push(...bandDatasets('Twin estimate (90% band)', est, COLORS.estimate, []));
  if (sameUnit && pending) {
    if ((pending.underProposal ?? []).length) datasets.push(...bandDatasets('Forecast under proposal', pending.underProposal, COLORS.proposal, [6, 4]));
    if ((pending.continueAsNow ?? []).length) datasets.push(...bandDatasets('Forecast, continue as now', pending.continueAsNow, COLORS.asNow, [2, 3]));
    const last = [...(pending.underProposal ?? []), ...(pending.continueAsNow ?? [])].map((p) => ms(p.time));
    if (last.length) xMax = Math.max(xMax, ...last);
  } else if (sameUnit && state.view.twin && !state.view.twin.error) {
    const o = state.view.twin.output;
    datasets.push({ label: 'Twin estimate now (90%)', data: [{ x: now, y: o.value }], showLine: false, pointRadius: 6,
      pointStyle: 'rectRot', borderColor: COLORS.estimate, backgroundColor: COLORS.estimate });
  }
  if (target && sameUnit) {
    datasets.push(horizontal(`Target band ${interval(target.low, target.high, target.unit)}`, target.low, from, xMax, COLORS.band, [4, 4]));
    datasets.push(horizontal('Target band (upper edge)', target.high, from, xMax, COLORS.band, [4, 4], '-1'));
    datasets[datasets.length - 1].hideInLegend = true;
    datasets.push(horizontal(`Risk limit ${withUnit(target.riskLimit, target.unit)} (${target.riskAbove ? 'toxic above' : 'low below'})`,
      target.riskLimit, from, xMax, COLORS.risk, [1, 3]));
  }
  drawChart('main-chart', datasets, { unit, xMin: from, xMax, now, yTitle: `${quantityName(q)} (${unitLabel(unit)})` });
  drawDoseChart(history.doses ?? [], from, xMax, now);
  const parts = [`${pts.length} measurement${pts.length === 1 ? '' : 's'} in the window`];
  if (refused.length) parts.push(`${refused.length} refused (✕): ${[...new Set(refused.map((r) => r.reason))].join(', ')}`);
  if (!est.length) parts.push('no estimate history yet');
  if (target) parts.push(`target ${interval(target.low, target.high, target.unit)}, risk limit ${withUnit(target.riskLimit, target.unit)}`);
  note.textContent = parts.join(' · ');
  if (patient.kind === 'VANCOMYCIN') drawAucChart(pending, target);
}

/**
 * Rates as steps (each holds until the drug's next report, the last until the data time) and
 * boluses as points, one series per drug with its unit in the legend; doses the twin recorded
 * without applying are listed under the chart with the reason.
 */
function drawDoseChart(all, from, xMax, now) {
  const note = document.getElementById('dose-note');
  // A dose withdrawn as charted in error was not given: listed under the chart, not drawn.
  const withdrawn = all.filter((d) => d.reason === 'WITHDRAWN');
  const doses = all.filter((d) => d.reason !== 'WITHDRAWN');
  const byDrug = new Map();
  doses.forEach((d) => {
    const key = `${d.drug}|${d.kind}|${d.unit}`;
    if (!byDrug.has(key)) byDrug.set(key, []);
    byDrug.get(key).push(d);
  });
  const ds = [];
  let i = 0;
  byDrug.forEach((list, key) => {
    const [drug, kind, unit] = key.split('|');
    const color = COLORS.regimens[i % 6];
    i += 1;
    const label = `${drug} ${kind === 'bolus' ? 'bolus' : 'rate'} (${unitLabel(unit)})`;
    if (kind === 'bolus') {
      ds.push({ label, data: list.map((d) => ({ x: ms(d.time), y: d.amount })), showLine: false, pointRadius: 5,
        pointStyle: 'triangle', borderColor: color, backgroundColor: color });
    } else {
      const pts = list.map((d) => ({ x: Math.max(ms(d.time), from), y: d.amount }));
      pts.push({ x: now, y: list[list.length - 1].amount });
      ds.push({ label, data: pts, stepped: 'after', pointRadius: 0, borderWidth: 2, borderColor: color, backgroundColor: color });
    }
  });
  drawChart('dose-chart', ds, { unit: '', xMin: from, xMax, now, yTitle: 'rate or dose (unit in the legend)', yMin: 0 });
  const notApplied = doses.filter((d) => !d.applied);
  const parts = [];
  if (notApplied.length) parts.push(`Recorded, not in the model: ${[...new Set(notApplied.map((d) => `${d.drug} (${d.reason})`))].join(', ')}`);
  if (withdrawn.length) parts.push(`Withdrawn as charted in error: ${withdrawn.map((d) => `${d.drug} ${d.kind === 'bolus' ? 'bolus' : 'rate'} ${withUnit(d.amount, d.unit)} at ${clock(d.time)}`).join(', ')}`);
  note.textContent = all.length === 0 ? 'No doses recorded in the window.' : parts.join(' · ');
}

function drawAucChart(pending, target) {
  const box = document.getElementById('auc-chart').parentElement;
  box.hidden = !pending;
  const note = document.getElementById('auc-note');
  if (note) note.textContent = pending ? '' : 'The AUC24 forecasts of a regimen appear with the next proposal.';
  if (!pending) return;
  const ds = [];
  let x0 = null;
  let x1 = null;
  if (pending) {
    for (const [label, pts, color, dash] of [['AUC24 under proposal', pending.underProposal, COLORS.proposal, [6, 4]],
      ['AUC24, continue as now', pending.continueAsNow, COLORS.asNow, [2, 3]]]) {
      if (pts && pts.length) {
        ds.push(...bandDatasets(label, pts, color, dash));
        pts.forEach((p) => {
          x0 = x0 == null ? ms(p.time) : Math.min(x0, ms(p.time));
          x1 = x1 == null ? ms(p.time) : Math.max(x1, ms(p.time));
        });
      }
    }
  }
  if (target && x0 != null) {
    ds.push(horizontal(`Target ${interval(target.low, target.high, target.unit)}`, target.low, x0, x1, COLORS.band, [4, 4]));
    ds.push({ ...horizontal('target high', target.high, x0, x1, COLORS.band, [4, 4], '-1'), hideInLegend: true });
    ds.push(horizontal(`Toxic above ${withUnit(target.riskLimit, target.unit)}`, target.riskLimit, x0, x1, COLORS.risk, [1, 3]));
  }
  drawChart('auc-chart', ds, { unit: 'mg.h/L', xMin: x0, xMax: x1, now: null, yTitle: 'AUC24 (mg·h/L)' });
}

function driftWords(d) {
  switch (d) {
    case 'IN_CONTROL': return '<span class="tag ok">✓ in control</span> the model explains the recent measurements';
    case 'WARNING': return '<span class="tag warn">⚠ warning</span> the measurements start to depart from the model';
    case 'DRIFT': return '<span class="tag bad">✕ drift</span> the model no longer explains the measurements: proposals are held back';
    case 'NOT_MONITORED': return '<span class="tag info">● not monitored</span> levels are too sparse for a drift test; each level refits the model';
    default: return `<span class="tag info">${esc(d)}</span>`;
  }
}

function drawTwinState(twin, estimates) {
  const el = document.getElementById('twin-state');
  if (twin.error) {
    el.innerHTML = `<div class="error">${esc(twin.error.message)}</div>`;
    return;
  }
  const o = twin.output;
  el.innerHTML = `
    <p class="row"><span>Now (${esc(clock(twin.asOf))}): ${esc(quantityName(o.name))}</span>
      <span class="big">${esc(withUnit(o.value, o.unit))}</span>
      <span class="muted">90% interval ${esc(interval(o.lower90, o.upper90, o.unit))}</span></p>
    <p>Drift: ${driftWords(twin.drift)}</p>
    <p>Identifiability: ${esc(twin.identifiability || '—')}</p>
    <p class="muted">${twin.applied} measurements applied, ${twin.rejected} refused; newest ${esc(clock(twin.lastMeasurementAt))}</p>
    <table><caption class="muted">Latent states and personalised parameters (median, 90% interval)</caption>
      <thead><tr><th scope="col">Name</th><th scope="col" class="num">Value</th><th scope="col">90% interval</th></tr></thead>
      <tbody>${[...twin.states, ...twin.parameters].map((s) => `<tr><td>${esc(s.name)}</td><td class="num">${esc(withUnit(s.value, s.unit))}</td>
        <td>${esc(interval(s.lower90, s.upper90, s.unit))}</td></tr>`).join('')}</tbody></table>`;
  const box = document.getElementById('param-charts');
  const series = estimatePoints(estimates);
  const names = new Map();
  for (const e of series) {
    for (const p of [...(e.parameters ?? []), ...(e.states ?? [])]) {
      if (!names.has(p.name)) names.set(p.name, { unit: p.unit, pts: [] });
      names.get(p.name).pts.push({ time: e.time ?? e.at, value: p.value, lower90: p.lower90, upper90: p.upper90 });
    }
  }
  if (!names.size) {
    box.innerHTML = '<p class="muted">The history of the parameters appears once the twin has recorded estimates.</p>';
    return;
  }
  const ids = [...names.keys()];
  box.innerHTML = ids.map((n, i) => `<div><h3>${esc(n)} (${esc(unitLabel(names.get(n).unit))})</h3>
    <div class="chart small"><canvas id="param-${i}" role="img" aria-label="${esc(n)} over time with 90% band"></canvas></div></div>`).join('');
  ids.forEach((n, i) => {
    const s = names.get(n);
    const xs = s.pts.map((p) => ms(p.time));
    drawChart(`param-${i}`, bandDatasets(n, s.pts, COLORS.estimate, []), { unit: s.unit, xMin: Math.min(...xs), xMax: Math.max(...xs), now: null });
  });
}

function drawAlerts(patient) {
  const el = document.getElementById('alerts');
  const alerts = [...(patient.alerts ?? [])].reverse().slice(0, 20);
  const now = ms(patient.serverTime) ?? Date.now();
  const canAck = hasRole('CLINICIAN') && !patient.discharged;
  const ack = (a) => (a.acknowledgedAt
    ? `<div class="muted">✓ acknowledged by ${esc(a.acknowledgedBy)} ${esc(relative(a.acknowledgedAt, now))}${a.acknowledgementNote ? `: ${esc(a.acknowledgementNote)}` : ''}</div>`
    : canAck ? `<div><button class="secondary ack" type="button" data-alert="${esc(a.id)}">Acknowledge</button></div>` : '');
  el.innerHTML = alerts.length ? `<ul class="reasons">${alerts.map((a) => `<li class="${a.acknowledgedAt ? 'acknowledged' : ''}"><span class="tag ${a.severity === 'critical' ? 'bad' : 'warn'}">${a.severity === 'critical' ? '‼ critical' : '⚠ warning'}</span>
    <strong>${esc(a.code)}</strong> ${esc(a.detail)} <span class="muted">${esc(clock(a.raisedAt))} (${esc(relative(a.raisedAt, now))})</span>${ack(a)}</li>`).join('')}</ul>
    <div id="ack-result" role="alert"></div>`
    : '<p class="muted">No alerts.</p>';
  el.querySelectorAll('button.ack').forEach((b) => b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      await api('POST', `/api/v1/patients/${encodeURIComponent(patient.patientId)}/alerts/${encodeURIComponent(b.dataset.alert)}/acknowledge`, {});
      refreshPatient(true);
    } catch (e) {
      b.disabled = false;
      document.getElementById('ack-result').innerHTML = `<div class="error">${esc(e.message)}</div>`;
    }
  }));
}

function drawDecisions(recs) {
  const el = document.getElementById('decisions');
  const done = recs.filter((r) => r.status !== 'PENDING').slice(-15).reverse();
  el.innerHTML = done.length ? `<table><thead><tr><th scope="col">Issued</th><th scope="col">Proposal</th><th scope="col">Outcome</th></tr></thead><tbody>
    ${done.map((r) => `<tr><td>${esc(clock(r.issuedAt))}</td><td>${esc(proposalText(r))}</td><td>${esc(r.status.toLowerCase())}${r.clinicianDecision
      ? ` by ${esc(r.clinicianDecision.clinician)}${r.clinicianDecision.value != null ? `: ${esc(withUnit(r.clinicianDecision.value, r.clinicianDecision.unit))}` : ''}${r.clinicianDecision.reason ? ` — “${esc(r.clinicianDecision.reason)}”` : ''}` : ''}</td></tr>`).join('')}
    </tbody></table>` : '<p class="muted">None yet.</p>';
}

function drawAudit(audit) {
  const el = document.getElementById('audit');
  if (audit.error) {
    el.innerHTML = `<div class="error">${esc(audit.error.message)}</div>`;
    return;
  }
  const rows = [...audit].reverse().slice(0, 50);
  el.innerHTML = rows.length ? `<table id="audit-table"><thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Details</th></tr></thead><tbody>
    ${rows.map((a) => `<tr><td>${esc(clock(a.at))}</td><td>${esc(a.actor)} <span class="muted">${esc((a.roles ?? []).join(','))}</span></td><td>${esc(a.action)}</td>
      <td class="muted">${esc(Object.entries(a.details ?? {}).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(', '))}</td></tr>`).join('')}
    </tbody></table>` : '<p class="muted">No entries.</p>';
}

// ---------------------------------------------------------------- proposal card and decisions

function drawProposal(patient, recs, force) {
  const el = document.getElementById('proposal');
  const pending = recs.find((r) => r.status === 'PENDING');
  const v = state.view;
  const key = pending ? pending.id : null;
  // Keep what the clinician is typing: redraw only when the proposal itself changed.
  if (!force && v.shownProposal === key && el.childElementCount) {
    tickCountdown();
    return;
  }
  v.shownProposal = key;
  v.pending = pending;
  const flash = v.flash ? `<div class="notice" id="decision-done">${v.flash}</div>` : '';
  v.flash = null;
  if (!pending) {
    el.innerHTML = `${flash}<p>No pending proposal.</p>
      <p class="muted">The twin proposes by itself after new measurements; you can also ask now.</p>
      <button class="secondary" type="button" id="ask">Ask the twin for a proposal now</button><div id="ask-result" role="alert"></div>`;
    document.getElementById('ask').addEventListener('click', async () => {
      try {
        await api('POST', `/api/v1/patients/${encodeURIComponent(v.id)}/recommendations`, {});
        refreshPatient(true);
      } catch (e) {
        document.getElementById('ask-result').innerHTML = `<div class="error">${esc(e.message)}</div>`;
      }
    });
    return;
  }
  const p = pending;
  const unit = p.proposedUnit ?? p.currentUnit;
  const effect = (pts) => (pts && pts.length ? pts[pts.length - 1] : null);
  const endP = effect(p.underProposal);
  const endN = effect(p.continueAsNow);
  const deliverable = p.proposedValue != null || p.regimen != null;
  el.innerHTML = `${flash}
    <div id="proposal-body" data-proposal="${esc(p.id)}">
    <p class="row">${safetyTag(p.safetyOutcome)} ${p.overrideRequired ? '<span class="tag warn">⚠ above a soft limit: reason needed</span>' : ''}</p>
    <p class="row"><span class="big" id="proposed-value">${esc(proposalText(p))}</span>
      ${p.currentValue != null ? `<span class="muted">running now: ${esc(withUnit(p.currentValue, p.currentUnit))}</span>` : ''}</p>
    ${p.regimen ? `<p>Infuse over ${esc(num(p.regimen.infusionH, 'h'))} h; first dose ${esc(clock(p.regimen.firstDoseAt))}.</p>` : ''}
    ${p.dextroseMmol != null ? `<p class="error">‼ Give IV dextrose ${esc(num(p.dextroseMmol, 'mmol'))} mmol (hypoglycaemia protocol).</p>` : ''}
    ${(p.feedAdvice ?? []).map((f) => (f.drug === 'dextrose'
    ? `<p class="error feed-advice">Dextrose infusion (hypoglycaemia protocol): from ${esc(num(f.current, 'g/h'))} to <strong>${esc(num(f.advised, 'g/h'))} g/h</strong> of glucose in all: the protocol's part is ${esc(num(Math.max(0, f.advised - f.goal), 'g/h'))} g/h (${esc(num(Math.max(0, f.advised - f.goal) * 10, 'mL/h'))} mL/h of 10% dextrose) on top of the clinician's own ${esc(num(f.goal, 'g/h'))} g/h: ${esc(f.reason.text)}. Accepting or modifying the proposal accepts this advice too; report the total IV dextrose rate.</p>`
    : `<p class="notice feed-advice">Feed: ${esc(f.drug)} from ${esc(num(f.current, 'g/h'))} to <strong>${esc(num(f.advised, 'g/h'))} g/h</strong> of glucose (prescribed ${esc(num(f.goal, 'g/h'))} g/h): ${esc(f.reason.text)}. Accepting or modifying the proposal accepts this advice too; change the feeding pump.</p>`)
      + ((f.safetyReasons ?? []).length ? `<p class="notice feed-advice">Limited by the drug library: ${(f.safetyReasons ?? []).map((r) => esc(r.text)).join('; ')}.</p>` : '')).join('')}
    ${endP ? `<p>Predicted ${esc(quantityName(p.output))} at ${esc(clock(endP.time))}: <strong>${esc(withUnit(endP.mean, p.outputUnit))}</strong>
      (90%: ${esc(interval(endP.lower90, endP.upper90, p.outputUnit))})${endN ? `; continuing as now: ${esc(withUnit(endN.mean, p.outputUnit))}
      (90%: ${esc(interval(endN.lower90, endN.upper90, p.outputUnit))})` : ''}.</p>` : ''}
    <h3>Why</h3>
    <ul class="reasons" id="reasons">${p.reasons.map((r) => `<li>${esc(r.text)} <span class="muted">${esc(r.code)}</span></li>`).join('') || '<li class="muted">no reasons given</li>'}</ul>
    ${p.safetyReasons.length ? `<h3>Active constraints</h3><ul class="reasons" id="constraints">${p.safetyReasons.map((r) => `<li>${esc(r.text)} <span class="muted">${esc(r.code)}</span></li>`).join('')}</ul>` : ''}
    ${p.plan.length > 1 ? `<h3>Plan</h3><table><thead><tr><th scope="col">From</th><th scope="col" class="num">Rate</th></tr></thead><tbody>
      ${p.plan.slice(0, 8).map((s) => `<tr><td>${esc(clock(s.start))}</td><td class="num">${esc(withUnit(s.rate, unit))}</td></tr>`).join('')}</tbody></table>` : ''}
    <p>Next measurement advised: <strong>${esc(clock(p.nextMeasurementAt))}</strong> <span class="muted" data-rel="${esc(p.nextMeasurementAt)}"></span></p>
    <p>Expires: <strong>${esc(clock(p.expiresAt))}</strong> <span id="expiry" data-rel="${esc(p.expiresAt)}"></span></p>
    <p class="muted">Issued ${esc(clock(p.issuedAt))} by model ${esc(p.modelId)}, resting on ${p.observationIds.length} measurement${p.observationIds.length === 1 ? '' : 's'}.</p>
    <hr>
    <div id="decision-result" role="alert" aria-live="assertive"></div>
    <div class="stack">
      <h3>Accept</h3>
      ${deliverable ? `${p.overrideRequired ? '<label for="accept-reason">Reason for exceeding the soft limit (required)</label><textarea id="accept-reason"></textarea>' : ''}
      <button class="primary" type="button" id="accept">Accept ${esc(proposalText(p))}</button>`
    : '<p class="muted">A withheld proposal cannot be accepted: modify or reject it.</p>'}
      ${p.kind === 'RATE' || p.proposedUnit || p.currentUnit ? `<h3>Modify</h3>
      <label for="modify-value">Your rate or dose (${esc(unitLabel(unit))})</label>
      <div class="row"><input id="modify-value" type="number" step="any" min="0" inputmode="decimal" aria-describedby="modify-verdict">
        <span>${esc(unitLabel(unit))}</span></div>
      <div id="modify-verdict" class="verdict" aria-live="polite"></div>
      <label for="modify-reason">Reason (required above a soft limit)</label><textarea id="modify-reason"></textarea>
      <button class="secondary" type="button" id="modify">Order modified dose</button>` : ''}
      <h3>Reject</h3>
      <label for="reject-reason">Reason for rejecting (required)</label><textarea id="reject-reason"></textarea>
      <button class="danger" type="button" id="reject">Reject</button>
    </div></div>`;
  tickCountdown();
  wireDecision(p, unit);
}

function tickCountdown() {
  const v = state.view;
  if (!v || v.name !== 'patient' || !v.patient) return;
  // Data time moves with the server's clock (accelerated in the demo); estimate "now" from the last answer.
  const now = ms(v.patient.serverTime) + (Date.now() - (v.fetchedAt ?? Date.now()));
  document.querySelectorAll('[data-rel]').forEach((el) => {
    const t = ms(el.getAttribute('data-rel'));
    el.textContent = `(${relative(t, now)})`;
    if (el.id === 'expiry' && t <= now) el.innerHTML = '<span class="tag bad">✕ expired: wait for or ask for a new proposal</span>';
  });
}

function decisionUrl(p) {
  return `/api/v1/patients/${encodeURIComponent(state.view.id)}/recommendations/${encodeURIComponent(p.id)}`;
}

async function decide(p, body) {
  const out = document.getElementById('decision-result');
  out.innerHTML = '';
  try {
    const r = await api('POST', `${decisionUrl(p)}/decision`, body);
    const d = r.clinicianDecision;
    const text = `Recorded at ${esc(clock(d?.decidedAt))}: ${esc(r.status.toLowerCase())}${d && d.value != null
      ? ` ${esc(withUnit(d.value, d.unit))}` : ''}${d && d.softLimitOverride ? ' (soft limit overridden)' : ''}. The pump reports the dose when it runs it.`;
    out.innerHTML = `<div class="notice" id="decision-done">${text}</div>`;
    state.view.flash = text;
    state.view.shownProposal = '(decided)';
    setTimeout(() => refreshPatient(false), 300);
  } catch (e) {
    out.innerHTML = `<div class="error" id="decision-error">${esc(e.message)}</div>`;
  }
}

function wireDecision(p, unit) {
  const accept = document.getElementById('accept');
  if (accept) {
    accept.addEventListener('click', () => {
      const reasonEl = document.getElementById('accept-reason');
      decide(p, { decision: 'ACCEPT', reason: reasonEl ? reasonEl.value.trim() || null : null });
    });
  }
  const reject = document.getElementById('reject');
  reject.addEventListener('click', () => {
    const reason = document.getElementById('reject-reason').value.trim();
    if (!reason) {
      document.getElementById('decision-result').innerHTML = '<div class="error">A rejection needs a reason.</div>';
      document.getElementById('reject-reason').focus();
      return;
    }
    decide(p, { decision: 'REJECT', reason });
  });
  const value = document.getElementById('modify-value');
  if (!value) return;
  const reasonEl = document.getElementById('modify-reason');
  const verdict = document.getElementById('modify-verdict');
  let seq = 0;
  const check = debounce(async () => {
    const n = seq += 1;
    const x = value.value === '' ? null : Number(value.value);
    if (x == null || !Number.isFinite(x)) {
      verdict.textContent = '';
      return;
    }
    try {
      const c = await api('POST', `${decisionUrl(p)}/check`, { value: x, unit, reason: reasonEl.value.trim() || null });
      if (n !== seq) return;
      const why = c.reasons.map((r) => r.text).join('; ');
      if (c.allowed && !c.reasons.length) verdict.innerHTML = '<span class="tag ok">✓ within the drug library\'s limits</span>';
      else if (c.allowed) verdict.innerHTML = `<span class="tag warn">⚠ allowed with your reason</span> ${esc(why)}`;
      else if (c.overrideRequired) verdict.innerHTML = `<span class="tag warn">⚠ above a soft limit: give a reason to override</span> ${esc(why)}`;
      else verdict.innerHTML = `<span class="tag bad">✕ refused</span> ${esc(c.message || why)}`;
      verdict.dataset.state = c.allowed ? 'allowed' : c.overrideRequired ? 'needs-reason' : 'refused';
    } catch (e) {
      if (n === seq) {
        verdict.innerHTML = `<span class="tag bad">✕</span> ${esc(e.message)}`;
        verdict.dataset.state = 'error';
      }
    }
  }, 250);
  value.addEventListener('input', check);
  reasonEl.addEventListener('input', check);
  document.getElementById('modify').addEventListener('click', () => {
    const x = value.value === '' ? null : Number(value.value);
    if (x == null || !Number.isFinite(x)) {
      document.getElementById('decision-result').innerHTML = '<div class="error">Type the rate or dose you want to order.</div>';
      value.focus();
      return;
    }
    decide(p, { decision: 'MODIFY', value: x, unit, reason: reasonEl.value.trim() || null });
  });
}

// ---------------------------------------------------------------- what-if

/** The horizon choice, the Compare button, and where the table and chart go. */
function whatIfFormEnd(hours, selected, chartLabel) {
  return `<div class="whatif-row"><div><label for="wi-hours">Horizon</label><select id="wi-hours">${hours.map((h) =>
    `<option${h === selected ? ' selected' : ''}>${h}</option>`).join('')}</select> h</div>
        <button class="secondary" type="submit" id="whatif-run">Compare</button></div>
    </form>
    <div id="whatif-result" role="status"></div>
    <div class="chart" id="whatif-chart-box" hidden><canvas id="whatif-chart" role="img" aria-label="${esc(chartLabel)}"></canvas></div>`;
}

/** A table cell with the hard limits a regimen would break, in the server's words (or "within"). */
function breachCell(r) {
  return `<td>${r.hardLimitBreaches.length ? `<span class="tag bad">⚠ beyond a hard limit</span> ${esc(r.hardLimitBreaches.join('; '))}` : 'within'}</td>`;
}

/** Each regimen's median and 90% band side by side, with the target band when there is one. */
function drawWhatIf(res, unit, at, target) {
  const ds = [];
  res.forEach((r, i) => ds.push(...bandDatasets(r.name, r.band, COLORS.regimens[i % 6], DASHES[i % 6])));
  const xs = res.flatMap((r) => r.band.map((b) => ms(b.time)));
  if (target && xs.length) {
    ds.push(horizontal(`Target ${interval(target.low, target.high, target.unit)}`, target.low, Math.min(...xs), Math.max(...xs), COLORS.band, [4, 4]));
    ds.push({ ...horizontal('target high', target.high, Math.min(...xs), Math.max(...xs), COLORS.band, [4, 4], '-1'), hideInLegend: true });
  }
  document.getElementById('whatif-chart-box').hidden = false;
  drawChart('whatif-chart', ds, { unit, xMin: Math.min(...xs), xMax: Math.max(...xs), now: at });
}

function renderWhatIf() {
  const v = state.view;
  const el = document.getElementById('whatif');
  if (v.patient.kind === 'VANCOMYCIN') {
    renderVancomycinWhatIf(el);
    return;
  }
  const unit = v.patient.kind === 'GLUCOSE_INSULIN' ? 'U/h' : 'ug/kg/min';
  el.innerHTML = `<p class="muted">Each regimen: a rate from now, optionally a second rate after some hours. Leave the rate empty to continue as now.
    Outcomes are simulated on the same draws from the twin's posterior, so they compare fairly.</p>
    <form id="whatif-form">
      ${[0, 1, 2].map((i) => `<div class="whatif-row">
        <div><label for="wi-name-${i}">Name</label><input id="wi-name-${i}" value="${['Continue as now', 'Proposal', 'Alternative'][i]}" size="14"></div>
        <div><label for="wi-rate-${i}">Rate now (${esc(unitLabel(unit))})</label><input id="wi-rate-${i}" type="number" step="any" min="0" size="8"></div>
        <div><label for="wi-after-${i}">then after (h)</label><input id="wi-after-${i}" type="number" step="any" min="0" size="5"></div>
        <div><label for="wi-rate2-${i}">rate (${esc(unitLabel(unit))})</label><input id="wi-rate2-${i}" type="number" step="any" min="0" size="8"></div>
      </div>`).join('')}
      ${whatIfFormEnd([2, 4, 6, 12], 6, 'Predicted outcome bands per regimen')}`;
  document.getElementById('whatif-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    await runWhatIf(unit);
  });
}

async function runWhatIf(unit) {
  const v = state.view;
  const out = document.getElementById('whatif-result');
  const at = ms(v.patient.dataTime);
  const regimens = [];
  for (let i = 0; i < 3; i += 1) {
    const name = document.getElementById(`wi-name-${i}`).value.trim();
    const rate = document.getElementById(`wi-rate-${i}`).value;
    const after = document.getElementById(`wi-after-${i}`).value;
    const rate2 = document.getElementById(`wi-rate2-${i}`).value;
    if (!name) continue;
    const steps = [];
    if (name === 'Proposal' && rate === '' && v.pending && v.pending.plan.length) {
      v.pending.plan.forEach((s) => steps.push({ start: s.start, rate: s.rate }));
    } else {
      if (rate !== '') steps.push({ start: new Date(at).toISOString(), rate: Number(rate) });
      if (after !== '' && rate2 !== '') steps.push({ start: new Date(at + Number(after) * 3600e3).toISOString(), rate: Number(rate2) });
    }
    // Only the first row may be "continue as now" (no steps); a "Proposal" row needs a pending plan or a rate.
    if (i > 0 && !steps.length) continue;
    regimens.push({ name, steps });
  }
  out.textContent = 'Simulating…';
  try {
    const res = await api('POST', `/api/v1/patients/${encodeURIComponent(v.id)}/what-if`, {
      // As of the twin's newest data (it may have moved on since the page was drawn).
      hours: Number(document.getElementById('wi-hours').value), regimens,
    });
    const ou = v.patient.target?.unit;
    out.innerHTML = `<table id="whatif-table"><thead><tr><th scope="col">Regimen</th><th scope="col" class="num">Time in band</th>
      <th scope="col" class="num">P(below low threshold)</th><th scope="col" class="num">At the end (median, 90%)</th><th scope="col">Hard limits</th></tr></thead><tbody>
      ${res.map((r) => {
        const e = r.band[r.band.length - 1];
        return `<tr><td>${esc(r.name)}</td><td class="num">${(100 * r.fractionInBand).toFixed(0)} %</td>
        <td class="num">${(100 * r.probabilityBelowThreshold).toFixed(1)} %</td>
        <td class="num">${e ? `${esc(withUnit(e.mean, ou))} (${esc(interval(e.lower90, e.upper90, ou))})` : '—'}</td>
        ${breachCell(r)}</tr>`;
      }).join('')}</tbody></table>`;
    drawWhatIf(res, ou, at, v.patient.target);
  } catch (e) {
    out.innerHTML = `<div class="error">${esc(e.message)}</div>`;
  }
}

// Vancomycin: intermittent regimens, compared by AUC24 on the proposal's target days and by the
// serum concentration band; hard-limit breaches are shown as the server states them.
function renderVancomycinWhatIf(el) {
  const v = state.view;
  const g = v.pending?.regimen;
  const rows = [
    { name: 'Proposal', load: g?.loadingDoseMg ?? '', dose: g?.doseMg ?? '', every: g?.intervalH ?? '', over: g?.infusionH ?? '' },
    { name: 'Alternative', load: '', dose: '', every: '', over: '' },
    { name: '', load: '', dose: '', every: '', over: '' },
  ];
  el.innerHTML = `<p class="muted">Each regimen: an optional loading dose, then a dose every so many hours, from now. Leave "over" empty to infuse
    as fast as the drug library allows (at least 1 h). Outcomes are simulated on the same draws from the twin's posterior, so they compare fairly.</p>
    <form id="whatif-form">
      ${rows.map((r, i) => `<div class="whatif-row">
        <div><label for="wi-name-${i}">Name</label><input id="wi-name-${i}" value="${esc(r.name)}" size="12"></div>
        <div><label for="wi-load-${i}">Loading (mg)</label><input id="wi-load-${i}" type="number" step="any" min="0" size="6" value="${esc(r.load)}"></div>
        <div><label for="wi-dose-${i}">Dose (mg)</label><input id="wi-dose-${i}" type="number" step="any" min="0" size="6" value="${esc(r.dose)}"></div>
        <div><label for="wi-every-${i}">every (h)</label><input id="wi-every-${i}" type="number" step="any" min="0" size="4" value="${esc(r.every)}"></div>
        <div><label for="wi-over-${i}">over (h)</label><input id="wi-over-${i}" type="number" step="any" min="0" size="4" value="${esc(r.over)}"></div>
      </div>`).join('')}
      ${whatIfFormEnd([12, 24, 48], 24, 'Predicted concentration bands per regimen')}`;
  document.getElementById('whatif-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    await runVancomycinWhatIf();
  });
}

async function runVancomycinWhatIf() {
  const v = state.view;
  const out = document.getElementById('whatif-result');
  const at = ms(v.patient.dataTime);
  const value = (id) => document.getElementById(id).value;
  const regimens = [];
  for (let i = 0; i < 3; i += 1) {
    const name = value(`wi-name-${i}`).trim();
    if (!name || value(`wi-dose-${i}`) === '') continue;
    const r = { name, doseMg: Number(value(`wi-dose-${i}`)), intervalH: value(`wi-every-${i}`) === '' ? null : Number(value(`wi-every-${i}`)) };
    if (value(`wi-load-${i}`) !== '') r.loadingDoseMg = Number(value(`wi-load-${i}`));
    if (value(`wi-over-${i}`) !== '') r.infusionH = Number(value(`wi-over-${i}`));
    regimens.push(r);
  }
  out.textContent = 'Simulating…';
  try {
    const res = await api('POST', `/api/v1/patients/${encodeURIComponent(v.id)}/what-if`, {
      hours: Number(value('wi-hours')), regimens,
    });
    const days = res[0]?.auc24 ?? [];
    out.innerHTML = `<table id="whatif-table"><thead><tr><th scope="col">Regimen</th>
      ${days.map((d) => `<th scope="col" class="num">AUC24 from ${esc(clock(d.start))} (MAP estimate, 90%)</th>`).join('')}
      <th scope="col" class="num">P(AUC24 in band)</th><th scope="col" class="num">P(AUC24 &gt; 700)</th><th scope="col">Hard limits</th></tr></thead><tbody>
      ${res.map((r) => `<tr><td>${esc(r.name)}</td>
        ${r.auc24.map((d) => `<td class="num">${esc(withUnit(d.auc24, 'mg.h/L'))} (${esc(interval(d.lower90, d.upper90, 'mg.h/L'))})</td>`).join('')}
        <td class="num">${(100 * r.fractionInBand).toFixed(0)} %</td>
        <td class="num">${(100 * Math.max(0, ...r.auc24.map((d) => d.probabilityAboveToxic))).toFixed(0)} %</td>
        ${breachCell(r)}</tr>`).join('')}
      </tbody></table>`;
    drawWhatIf(res, 'mg/L', at, null);
  } catch (e) {
    out.innerHTML = `<div class="error">${esc(e.message)}</div>`;
  }
}

// ---------------------------------------------------------------- start

window.addEventListener('hashchange', render);
document.getElementById('signout').addEventListener('click', () => signOut('Signed out.'));
state.session = loadSession();
renderTopbar();
render();
