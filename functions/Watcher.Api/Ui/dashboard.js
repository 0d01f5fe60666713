'use strict';
// The Watcher dashboard. It drives the public API only (the same calls as the CLI) and loads nothing but this service's
// own files. Safety rules: text from the service (names, messages, journal details) goes into the page through
// textContent and DOM nodes (el() below), never as markup; every handler is a function, never a string built from data;
// graph labels are drawn on a canvas by Cytoscape.js.

// ---------------------------------------------------------------------------------------------------- helpers
// Identity (docs/security.md): when the API answers 401, a sign-in panel asks for the credential of the mode the
// answer's WWW-Authenticate names (ApiKey, Keystone or Bearer for Entra ID). The credential is kept in this tab's
// sessionStorage (never localStorage or a cookie) and sent on every API call: X-Auth-Token for a key or Keystone token,
// Authorization: Bearer for an Entra ID token. Nothing is asked in mode none (the API never answers 401 there).
const TOKEN_KEY = 'watcher.token';
const SCHEME_KEY = 'watcher.auth.scheme';
const authHeaders = () => {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return {};
  return sessionStorage.getItem(SCHEME_KEY) === 'Bearer' ? { 'Authorization': `Bearer ${token}` } : { 'X-Auth-Token': token };
};
const api = async (path, options = {}) => {
  const credentials = authHeaders();
  const sent = Object.keys(credentials).length > 0;
  const response = await fetch(path, { headers: { 'Content-Type': 'application/json', 'OpenStack-API-Version': 'infra-optim latest', ...credentials }, ...options });
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = text; }
  if (!response.ok) {
    let fault = null;
    try { fault = JSON.parse(body.error_message); } catch { }
    const error = new Error(fault?.faultstring ?? `${response.status} ${response.statusText}`);
    error.status = response.status;
    error.body = body;
    error.fault = fault;
    if (response.status === 401) signIn.required(response.headers.get('WWW-Authenticate'), error.message, sent);
    throw error;
  }
  return body;
};

const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) {
      if (typeof v !== 'function') throw new TypeError(`${k} must be a function`);
      node.addEventListener(k.slice(2), v);
    } else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
};
const $ = id => document.getElementById(id);
const SIGN_IN = {
  ApiKey: {
    title: 'Sign in with an API key',
    help: 'This Watcher accepts API keys (Watcher:Auth:Mode=api_key). Paste your key; it stays in this browser tab and is sent as X-Auth-Token.',
    placeholder: 'API key',
    held: 'signed in with an API key',
  },
  Keystone: {
    title: 'Sign in with a Keystone token',
    help: 'This Watcher accepts OpenStack Keystone tokens (Watcher:Auth:Mode=keystone). Paste a token (openstack token issue -f value -c id); it stays in this browser tab and is sent as X-Auth-Token.',
    placeholder: 'Keystone token',
    held: 'signed in with a Keystone token',
  },
  Bearer: {
    title: 'Sign in with an Entra ID access token',
    help: 'This Watcher accepts Entra ID access tokens (Watcher:Auth:Mode=entra). Paste one issued for this API (az account get-access-token --scope <Application ID URI>/.default --query accessToken -o tsv); it stays in this browser tab and is sent as Authorization: Bearer.',
    placeholder: 'access token (eyJ…)',
    held: 'signed in with an Entra ID token',
  },
};
const signIn = {
  // The mode asked for by the last 401, kept with the credential so it goes in the right header.
  scheme: null,
  // A 401: show the panel for the mode the answer names. A credential that was sent and refused is forgotten, and
  // the reason shown; a 401 to a call without one (the refresh loop while signed out) leaves the message alone.
  required(challenge, message, credentialSent) {
    const scheme = (challenge ?? '').trim().split(/[\s,]/)[0] || 'ApiKey';
    const text = SIGN_IN[scheme] ?? SIGN_IN.ApiKey;
    if (credentialSent) {
      sessionStorage.removeItem(TOKEN_KEY);
      sessionStorage.removeItem(SCHEME_KEY);
      $('signin-error').textContent = `Sign-in refused: ${message}`;
    }
    if (this.scheme !== scheme) {
      this.scheme = scheme;
      $('signin-title').textContent = text.title;
      $('signin-help').textContent = text.help;
      $('signin-token').placeholder = text.placeholder;
      $('signin-token').setAttribute('aria-label', text.placeholder);
    }
    $('identity').hidden = true;
    $('signin-panel').hidden = false;
    document.body.dataset.auth = 'required';
  },
  init() {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) {
      $('identity-text').textContent = (SIGN_IN[sessionStorage.getItem(SCHEME_KEY)] ?? SIGN_IN.ApiKey).held;
      $('identity').hidden = false;
    }
    $('signin').addEventListener('submit', e => {
      e.preventDefault();
      const value = $('signin-token').value.trim();
      if (!value) { $('signin-error').textContent = 'Paste a credential first.'; return; }
      sessionStorage.setItem(TOKEN_KEY, value);
      sessionStorage.setItem(SCHEME_KEY, this.scheme ?? 'ApiKey');
      $('signin-token').value = '';
      location.reload(); // every view loads again, now with the credential
    });
    $('signout').addEventListener('click', () => {
      sessionStorage.removeItem(TOKEN_KEY);
      sessionStorage.removeItem(SCHEME_KEY);
      location.reload();
    });
  },
};
signIn.init();
const enc = encodeURIComponent;
const short = s => (typeof s === 'string' && /^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(s)) ? s.slice(0, 8) : (s ?? '');
const time = iso => { if (!iso) return ''; const d = new Date(iso); return isNaN(d) ? String(iso) : d.toLocaleString(); };

// ---------------------------------------------------------------------------------------------------- states and rules
// One colour per action state: the graph's nodes and the legend both read this table.
const ACTION_STATES = [
  ['PENDING', '#c9d1d9'], ['ONGOING', '#58a6ff'], ['SUCCEEDED', '#3fb950'], ['FAILED', '#f85149'], ['SKIPPED', '#6e7681'],
  ['CANCELLED', '#a371f7'], ['REVERTING', '#d29922'], ['REVERTED', '#39c5cf'], ['REVERT_FAILED', '#db61a2'],
];
const COLOURS = new Map(ACTION_STATES);
const colourOf = state => COLOURS.get(state) ?? '#8b96a3';
// A plan in one of these states changes by itself, so its detail is polled often.
const ACTIVE = new Set(['PENDING', 'ONGOING', 'CANCELLING', 'ROLLING_BACK']);
const ROLLBACK_FROM = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED', 'PARTIALLY_ROLLED_BACK', 'ROLLBACK_FAILED']);
// Actions whose effect is still in the cluster: something a rollback can undo.
const UNDOABLE = new Set(['SUCCEEDED', 'REVERT_FAILED']);

/** The buttons a plan's state allows: no Rollback when nothing ran to undo (an empty plan, say); Return only for a finished maintenance. */
function planButtons(plan, actions) {
  const buttons = [];
  if (plan.state === 'RECOMMENDED') buttons.push('start');
  if (plan.state === 'PENDING' || plan.state === 'ONGOING') buttons.push('cancel');
  if (ROLLBACK_FROM.has(plan.state) && actions.some(a => UNDOABLE.has(a.state))) buttons.push('rollback');
  if (plan.state === 'SUCCEEDED' && plan.strategy_name === 'host_maintenance' && !plan.return_of) buttons.push('return');
  return buttons;
}

/** What an action works on, for its node's label: the instance or host, and where it goes. */
function resourceOf(a) {
  const p = a.input_parameters ?? {};
  const name = short(p.resource_name || p.resource_id || '');
  switch (a.action_type) {
    case 'migrate': return `${name}\n${p.source_node ?? '?'} → ${p.destination_node ?? '?'}`;
    case 'sleep': return `${p.duration ?? '?'} s`;
    case 'change_nova_service_state':
    case 'change_node_power_state': return `${name} → ${p.state ?? '?'}`;
    case 'resize': return `${name} → ${p.flavor ?? '?'}`;
    case 'volume_migrate': return `${name} → ${p.destination_node ?? p.destination_type ?? '?'}`;
    default: return name;
  }
}
const labelOf = a => `${a.action_type}\n${resourceOf(a)}`;

// ---------------------------------------------------------------------------------------------------- lists
let strategies = [];

async function renderHosts() {
  const rows = (await api('/v1/data_model?data_model_type=compute')).context;
  const nodes = new Map();
  for (const r of rows) {
    if (!nodes.has(r.node_uuid)) nodes.set(r.node_uuid, { ...r, used: 0, count: 0 });
    if (r.server_uuid) { const n = nodes.get(r.node_uuid); n.used += r.server_vcpus; n.count++; }
  }
  const list = [...nodes.values()].sort((a, b) => a.node_hostname.localeCompare(b.node_hostname));
  $('hosts').replaceChildren(...list.map(n => {
    const capacity = Math.max(1, (n.node_vcpus - n.node_vcpu_reserved) * n.node_vcpu_ratio);
    const pct = Math.min(100, 100 * n.used / capacity);
    const bar = el('div');
    bar.style.width = `${pct}%`;
    return el('div', { class: 'host' + (n.node_status === 'disabled' ? ' disabled' : ''), 'data-host': n.node_hostname, 'data-instances': n.count },
      el('div', { class: 'name' }, n.node_hostname),
      el('div', { class: 'meta' }, `${n.count} instances · ${n.used}/${capacity} vCPU`),
      el('div', { class: 'meta' }, n.node_status === 'disabled' ? `disabled: ${n.node_disabled_reason ?? ''}` : `${n.node_state}, enabled`),
      el('div', { class: 'bar' }, bar));
  }));
  const instances = list.reduce((s, n) => s + n.count, 0);
  const disabled = list.filter(n => n.node_status === 'disabled').length;
  $('summary').textContent = `${list.length} nodes · ${instances} instances · ${disabled} disabled`;
}

async function renderPlans() {
  const plans = (await api('/v1/action_plans/detail?sort_dir=desc')).action_plans.slice(0, 12);
  const actions = (await api('/v1/actions')).actions;
  $('plans').replaceChildren(...plans.map(p => {
    const mine = actions.filter(a => a.action_plan_uuid === p.uuid);
    const byState = Object.entries(mine.reduce((m, a) => (m[a.state] = (m[a.state] ?? 0) + 1, m), {})).map(([s, c]) => `${c} ${s.toLowerCase()}`).join(', ');
    // Start and Cancel act at once; Rollback and Return need the plan's detail (the preview, the new plan), so Open.
    const buttons = planButtons(p, mine).filter(b => b === 'start' || b === 'cancel').map(b => actionButton(b, p.uuid));
    buttons.push(el('button', { type: 'button', 'data-action': 'open', onclick: e => { e.stopPropagation(); openPlan(p.uuid); } }, 'Open'));
    return el('tr', { 'data-plan': p.uuid, class: 'selectable' + (p.uuid === detail.uuid ? ' current' : ''), onclick: () => openPlan(p.uuid) },
      el('td', { class: 'mono', title: p.uuid }, short(p.uuid)),
      el('td', {}, p.strategy_name),
      el('td', { class: `state ${p.state}`, 'data-state': p.state }, p.state),
      el('td', {}, `${mine.length}: ${byState}`),
      el('td', {}, ...buttons));
  }));
}

async function renderAudits() {
  const audits = (await api('/v1/audits?sort_dir=desc')).audits.slice(0, 8);
  $('audits').replaceChildren(...audits.map(a =>
    el('tr', {}, el('td', {}, a.name), el('td', {}, a.audit_type), el('td', { class: `state ${a.state}` }, a.state))));
}

/** A Start or Cancel button: posts at once, then refreshes (errors are shown, not thrown). */
function actionButton(kind, uuid) {
  const label = kind === 'start' ? 'Start' : 'Cancel';
  return el('button', {
    type: 'button', 'data-action': kind, onclick: async e => {
      e.stopPropagation();
      try {
        await api(`/v1/action_plans/${enc(uuid)}/${kind}`, { method: 'POST', body: '{}' });
        if (uuid === detail.uuid) detail.message = '';
      } catch (ex) {
        if (uuid === detail.uuid) showPlanError(`${label} refused: ${ex.message}`); else alert(ex.message);
      }
      refresh();
      if (uuid === detail.uuid) renderDetail();
    },
  }, label);
}

// ---------------------------------------------------------------------------------------------------- plan detail
// The open plan (its uuid is in the address, #plan=<uuid>), the actions picked for a partial rollback, the preview.
const detail = { uuid: null, plan: null, actions: [], picked: new Set(), preview: null, timer: null, cy: null, graphKey: '', message: '', pollError: '' };

function openPlan(uuid) {
  if (location.hash !== `#plan=${enc(uuid)}`) { location.hash = `plan=${enc(uuid)}`; return; } // hashchange comes back here
  if (detail.uuid !== uuid) {
    detail.uuid = uuid;
    detail.plan = null;
    detail.actions = [];
    detail.picked.clear();
    detail.preview = null;
    detail.message = '';
    detail.graphKey = '';
    detail.cy?.destroy();
    detail.cy = null;
    $('journal').replaceChildren();
    renderPreview();
  }
  $('plan-detail').hidden = false;
  renderDetail();
  renderPlans().catch(() => { });
}

function closePlan() {
  clearTimeout(detail.timer);
  detail.uuid = null;
  detail.cy?.destroy();
  detail.cy = null;
  detail.graphKey = '';
  $('plan-detail').hidden = true;
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  renderPlans().catch(() => { });
}

function planFromHash() {
  const match = /^#plan=(.+)$/.exec(location.hash);
  let uuid = null;
  try { uuid = match ? decodeURIComponent(match[1]) : null; } catch { }
  if (uuid) openPlan(uuid); else if (detail.uuid) closePlan();
}

async function renderDetail() {
  clearTimeout(detail.timer);
  const uuid = detail.uuid;
  if (!uuid) return;
  try {
    const [plan, actions, journal] = await Promise.all([
      api(`/v1/action_plans/${enc(uuid)}`),
      api(`/v1/actions/detail?action_plan_uuid=${enc(uuid)}`),
      api(`/v1/action_plans/${enc(uuid)}/journal`).catch(() => null),
    ]);
    if (uuid !== detail.uuid) return; // another plan was opened meanwhile
    detail.plan = plan;
    detail.actions = actions.actions;
    for (const id of [...detail.picked]) {
      if (!detail.actions.some(a => a.uuid === id && a.state === 'SUCCEEDED')) detail.picked.delete(id);
    }
    detail.pollError = '';
    renderHead();
    if (typeof renderProjectedProfiles === 'function') renderProjectedProfiles(plan); // metrics.js: before/after weekly profiles
    renderGraph();
    renderSelection();
    renderActionList();
    renderJournal(journal?.journal ?? []);
  } catch (e) {
    if (uuid !== detail.uuid) return;
    detail.pollError = `Could not refresh the plan: ${e.message}`;
    $('plan-status').textContent = detail.pollError;
  }
  detail.timer = setTimeout(renderDetail, ACTIVE.has(detail.plan?.state) ? 1000 : 4000);
}

function showPlanError(message) {
  detail.message = message;
  $('plan-status').textContent = message;
}

function renderHead() {
  const { plan, actions } = detail;
  $('plan-uuid').textContent = plan.uuid;
  const state = $('plan-state');
  state.textContent = plan.state;
  state.className = `state ${plan.state}`;
  state.setAttribute('data-state', plan.state);
  const counts = Object.entries(actions.reduce((m, a) => (m[a.state] = (m[a.state] ?? 0) + 1, m), {}))
    .map(([s, c]) => `${c} ${s.toLowerCase()}`).join(', ');
  const fact = (name, value) => value ? el('span', {}, `${name}: `, el('b', {}, value)) : null;
  $('plan-facts').replaceChildren(...[
    fact('Strategy', plan.strategy_name),
    fact('Audit', short(plan.audit_uuid)),
    fact('Actions', actions.length ? `${actions.length} (${counts})` : 'none'),
    fact('Maintained host', plan.maintained_host),
    plan.return_of ? el('span', {}, 'Return of: ', el('a', { href: `#plan=${enc(plan.return_of)}`, 'data-return-of': plan.return_of }, short(plan.return_of))) : null,
    fact('Created', time(plan.created_at)),
    fact('Updated', time(plan.updated_at))].filter(Boolean));
  $('plan-warnings').replaceChildren(...(plan.warnings ?? []).map(w => el('li', {}, w)));
  $('plan-status').textContent = [plan.status_message, detail.message].filter(Boolean).join('\n');
  const next = plan.next_run_at;
  $('plan-next-run').textContent = next ? `Next run at ${time(next)}` : '';
  renderButtons();
}

function renderButtons() {
  const { plan, actions } = detail;
  if (!plan) return;
  const buttons = planButtons(plan, actions).map(kind => {
    switch (kind) {
      case 'rollback':
        return el('button', { type: 'button', 'data-action': 'rollback', class: 'danger', onclick: previewRollback },
          detail.picked.size ? `Roll back ${detail.picked.size} selected…` : 'Roll back…');
      case 'return':
        return el('button', { type: 'button', 'data-action': 'return', onclick: returnPlan }, 'Return instances');
      default:
        return actionButton(kind, plan.uuid);
    }
  });
  $('plan-buttons').replaceChildren(...buttons);
}

// ------------------------------------------------------------------------------ the graph (Cytoscape.js, dagre layout)
function graphStyle() {
  const width = n => 16 + 6.2 * Math.max(...n.data('label').split('\n').map(l => l.length));
  return [
    {
      selector: 'node', style: {
        'shape': 'round-rectangle', 'background-color': n => colourOf(n.data('state')), 'label': 'data(label)',
        'text-wrap': 'wrap', 'text-valign': 'center', 'text-halign': 'center', 'font-size': 10, 'color': '#0d1117',
        'font-family': 'ui-monospace, monospace', 'width': width, 'height': n => 14 + 13 * n.data('label').split('\n').length,
        'border-width': 1, 'border-color': '#0d1117',
      },
    },
    { selector: 'node.in-preview', style: { 'border-width': 3, 'border-style': 'dashed', 'border-color': '#d29922' } },
    { selector: 'node.picked', style: { 'border-width': 4, 'border-style': 'solid', 'border-color': '#ffffff' } },
    { selector: 'edge', style: { 'width': 1.5, 'line-color': '#4d5561', 'target-arrow-color': '#4d5561', 'target-arrow-shape': 'triangle', 'curve-style': 'bezier' } },
  ];
}

function renderGraph() {
  const actions = detail.actions;
  const key = actions.map(a => `${a.uuid}<${a.parents.join(',')}`).join(';');
  if (typeof cytoscape !== 'function') {
    $('plan-graph').textContent = 'The graph library (/ui/vendor/cytoscape.min.js) did not load; the actions are listed below.';
    $('action-list').open = true;
    return;
  }
  if (!detail.cy || detail.graphKey !== key) {
    detail.cy?.destroy();
    const ids = new Set(actions.map(a => a.uuid));
    const elements = [
      ...actions.map(a => ({ group: 'nodes', data: { id: a.uuid, label: labelOf(a), state: a.state, type: a.action_type } })),
      ...actions.flatMap(a => a.parents.filter(p => ids.has(p)).map(p => ({ group: 'edges', data: { id: `${p}>${a.uuid}`, source: p, target: a.uuid } }))),
    ];
    // dagre ranks the DAG top to bottom (parents above children); without it, Cytoscape's own breadth-first layout.
    const dagre = typeof cytoscapeDagre === 'function';
    const cy = cytoscape({
      container: $('plan-graph'), elements, style: graphStyle(), autounselectify: true, boxSelectionEnabled: false, minZoom: 0.2, maxZoom: 1.5,
      layout: dagre ? { name: 'dagre', rankDir: 'TB', nodeSep: 14, rankSep: 46, padding: 16 } : { name: 'breadthfirst', directed: true, padding: 16 },
    });
    cy.on('tap', 'node', e => togglePick(e.target.id()));
    cy.on('mouseover', 'node', e => showActionInfo(e.target.id()));
    cy.on('mouseout', 'node', () => showActionInfo(null));
    detail.cy = cy;
    detail.graphKey = key;
    window.planGraph = cy; // for the console and the browser tests
  } else {
    for (const a of actions) detail.cy.getElementById(a.uuid).data('state', a.state);
  }
  const previewed = new Set((detail.preview?.result?.actions ?? []).map(a => a.uuid));
  detail.cy.nodes().forEach(n => {
    n.toggleClass('picked', detail.picked.has(n.id()));
    n.toggleClass('in-preview', previewed.has(n.id()));
  });
  $('plan-graph').setAttribute('data-nodes', String(detail.cy.nodes().length));
}

function showActionInfo(uuid) {
  const a = detail.actions.find(x => x.uuid === uuid);
  $('action-info').textContent = a ? `${a.action_type} ${a.uuid} · ${a.state}${a.status_message ? ' · ' + a.status_message : ''}` : '';
}

function togglePick(uuid) {
  const a = detail.actions.find(x => x.uuid === uuid);
  if (!a) return;
  if (!planButtons(detail.plan, detail.actions).includes('rollback')) {
    $('selection').textContent = `The plan is ${detail.plan.state}: there is nothing to roll back now.`;
    return;
  }
  if (a.state !== 'SUCCEEDED') {
    $('selection').textContent = `Only succeeded actions can be picked for a rollback; this ${a.action_type} is ${a.state}.`;
    return;
  }
  if (detail.picked.has(uuid)) detail.picked.delete(uuid); else detail.picked.add(uuid);
  detail.preview = null; // a preview is for one selection
  renderPreview();
  renderGraph();
  renderSelection();
  renderActionList();
  renderButtons();
}

/** The same actions as a table (keyboard and screen-reader friendly): its checkboxes pick as clicking a node does. */
function renderActionList() {
  const canPick = planButtons(detail.plan, detail.actions).includes('rollback');
  $('actions').replaceChildren(...detail.actions.map(a => {
    const swatch = el('span', { class: 'swatch' });
    swatch.style.background = colourOf(a.state);
    const box = el('input', {
      type: 'checkbox', 'aria-label': `pick ${a.action_type} ${a.uuid} for rollback`, checked: detail.picked.has(a.uuid),
      disabled: !canPick || a.state !== 'SUCCEEDED', onchange: () => togglePick(a.uuid),
    });
    return el('tr', { 'data-action-uuid': a.uuid, 'data-state': a.state },
      el('td', {}, box),
      el('td', {}, swatch, a.state),
      el('td', { title: a.uuid }, labelOf(a).replaceAll('\n', ' · ')),
      el('td', {}, a.status_message ?? ''));
  }));
}

function renderSelection() {
  const box = $('selection');
  const canPick = detail.plan && planButtons(detail.plan, detail.actions).includes('rollback');
  if (!canPick) { box.replaceChildren(); return; }
  if (!detail.picked.size) {
    box.replaceChildren('Click succeeded actions to roll back only them (their dependents follow); with none picked, Roll back undoes the whole plan.');
    return;
  }
  box.replaceChildren(`${detail.picked.size} action${detail.picked.size > 1 ? 's' : ''} picked for rollback. `,
    el('button', { type: 'button', 'data-action': 'clear-selection', onclick: () => { detail.picked.clear(); detail.preview = null; renderPreview(); renderGraph(); renderSelection(); renderActionList(); renderButtons(); } }, 'Clear'));
}

function renderLegend() {
  $('legend').replaceChildren(...ACTION_STATES.map(([state, colour]) => {
    const swatch = el('span', { class: 'swatch' });
    swatch.style.background = colour;
    return el('span', { 'data-state': state }, swatch, state);
  }));
}

function renderJournal(entries) {
  const labels = new Map(detail.actions.map(a => [a.uuid, `${a.action_type} ${resourceOf(a).split('\n')[0]}`]));
  $('journal').replaceChildren(...[...entries].reverse().map(e => el('tr', { 'data-event': e.event },
    el('td', { class: 'mono', title: time(e.at) }, e.at ? new Date(e.at).toLocaleTimeString() : ''),
    el('td', {}, e.event ?? ''),
    el('td', { title: e.action_uuid ?? '' }, e.action_uuid ? (labels.get(e.action_uuid) ?? short(e.action_uuid)) : ''),
    el('td', {}, typeof e.detail === 'string' ? e.detail : (e.detail ? JSON.stringify(e.detail) : '')))));
}

// ---------------------------------------------------------------------------------------------------- rollback
/** The rollback request for the current selection: the picked actions, or none (the whole plan). */
function rollbackBody() {
  return detail.picked.size ? { actions: [...detail.picked] } : {};
}

async function previewRollback() {
  const uuid = detail.uuid;
  const body = rollbackBody();
  detail.preview = { uuid, body, loading: true };
  renderPreview();
  try {
    const result = await api(`/v1/action_plans/${enc(uuid)}/rollback`, { method: 'POST', body: JSON.stringify({ ...body, dry_run: true }) });
    if (detail.preview?.body !== body) return;
    detail.preview = { uuid, body, result };
  } catch (e) {
    if (detail.preview?.body !== body) return;
    detail.preview = { uuid, body, error: e };
  }
  renderPreview();
  renderGraph();
}

async function confirmRollback(force) {
  const preview = detail.preview;
  if (!preview) return;
  const body = force ? { ...preview.body, force: true } : preview.body;
  preview.sending = true;
  renderPreview();
  try {
    const started = await api(`/v1/action_plans/${enc(preview.uuid)}/rollback`, { method: 'POST', body: JSON.stringify(body) });
    detail.picked.clear();
    detail.preview = null;
    const skipped = started?.rollback_skipped ?? [];
    detail.message = skipped.length ? `Forced rollback: left ${skipped.length} action${skipped.length > 1 ? 's' : ''} as ${skipped.length > 1 ? 'they are' : 'it is'}: ${skipped.map(driftText).join('; ')}` : '';
    renderPreview();
    renderDetail();
    refresh();
  } catch (e) {
    preview.sending = false;
    preview.conflict = e.status === 409 ? e : null;
    preview.error = e.status === 409 ? null : e;
    renderPreview();
  }
}

function discardPreview() {
  detail.preview = null;
  renderPreview();
  if (detail.cy) renderGraph();
}

/** The drift a 409 lists: in the body itself or in Watcher's error_message. */
const driftOf = e => e?.body?.drift ?? e?.fault?.drift ?? e?.body?.details?.drift ?? [];
function driftText(d) {
  if (typeof d === 'string') return d;
  const action = detail.actions.find(a => a.uuid === (d?.uuid ?? d?.action_uuid));
  const what = action ? labelOf(action).replaceAll('\n', ' ') : (d?.action_type ?? short(d?.uuid ?? d?.action_uuid ?? ''));
  const why = d?.reason ?? d?.message ?? d?.detail;
  return why ? `${what}: ${why}` : (what || JSON.stringify(d));
}

function renderPreview() {
  const box = $('rollback-preview');
  const preview = detail.preview;
  box.hidden = !preview;
  if (!preview) return;
  const result = preview.result;
  const whole = !preview.body.actions;
  $('preview-title').textContent = whole ? 'Rollback preview: every action still in place' : `Rollback preview: ${preview.body.actions.length} picked action${preview.body.actions.length > 1 ? 's' : ''} and their dependents`;
  const rows = [...(result?.actions ?? [])].sort((a, b) => (a.wave ?? 0) - (b.wave ?? 0));
  const byUuid = new Map(detail.actions.map(a => [a.uuid, a]));
  $('preview-actions').replaceChildren(...rows.map(r => {
    const action = byUuid.get(r.uuid);
    const what = action ? labelOf(action).replace('\n', ' ').replace('\n', ', ') : `${r.action_type ?? ''} ${short(r.uuid)}`;
    return el('tr', { 'data-action-uuid': r.uuid, 'data-verdict': r.verdict ?? '' },
      el('td', {}, String(r.wave ?? '')),
      el('td', { title: r.uuid }, what),
      el('td', { class: `verdict-${r.verdict ?? ''}` }, r.verdict ?? ''),
      el('td', {}, r.reason ?? ''));
  }));
  const drift = [...(result?.drift ?? []), ...driftOf(preview.conflict)];
  let summary = '';
  if (preview.loading) summary = 'Asking the service what the rollback would do (nothing runs)…';
  else if (result) {
    const reverting = rows.filter(r => r.verdict === 'ok').length;
    summary = `${reverting} of ${rows.length} action${rows.length === 1 ? '' : 's'} would be reverted, wave by wave in the order shown (nothing has run yet).`;
    const refusal = result.refusal ?? result.reason ?? result.message;
    if (result.allowed === false) summary += ' The service would refuse this rollback as it stands' + (refusal ? `: ${refusal}` : (drift.length ? ': the cluster drifted (below).' : '.'));
  }
  $('preview-summary').textContent = summary;
  $('preview-drift').replaceChildren(...(drift.length ? [
    el('h3', {}, 'Drift: the cluster changed since the plan ran'),
    el('ul', { id: 'drift-list' }, ...drift.map(d => el('li', {}, driftText(d)))),
  ] : []));
  $('preview-error').textContent = preview.conflict
    ? `Refused: ${preview.conflict.message}` + (drift.length ? '\nForcing rolls back what can be undone and skips the rest, saying so.' : '')
    : (preview.error ? `Error: ${preview.error.message}` : '');
  const buttons = [];
  if (result && !preview.conflict) {
    buttons.push(el('button', { type: 'button', class: 'danger', 'data-action': 'confirm-rollback', disabled: preview.sending || rows.length === 0, onclick: () => confirmRollback(false) }, 'Confirm rollback'));
  }
  if (preview.conflict && (drift.length || /drift|changed since/i.test(preview.conflict.message))) {
    buttons.push(el('button', { type: 'button', class: 'danger', 'data-action': 'force-rollback', disabled: preview.sending, onclick: () => confirmRollback(true) }, 'Force rollback'));
  }
  buttons.push(el('button', { type: 'button', 'data-action': 'discard-preview', onclick: discardPreview }, 'Discard'));
  $('preview-buttons').replaceChildren(...buttons);
}

// ---------------------------------------------------------------------------------------------------- return
async function returnPlan() {
  const uuid = detail.uuid;
  try {
    const created = await api(`/v1/action_plans/${enc(uuid)}/return`, { method: 'POST' });
    const next = created?.uuid ?? created?.action_plan?.uuid;
    refresh();
    if (next) openPlan(next);
  } catch (e) {
    showPlanError(`Return refused: ${e.message}`);
  }
}

// ---------------------------------------------------------------------------------------------------- audits form
async function loadCatalog() {
  const goals = (await api('/v1/goals')).goals;
  strategies = (await api('/v1/strategies/detail')).strategies;
  const goal = $('goal');
  goal.replaceChildren(...goals.filter(g => strategies.some(s => s.goal_name === g.name)).map(g => el('option', { value: g.name }, g.display_name)));
  goal.value = 'cluster_maintaining';
  fillStrategies();
}

function fillStrategies() {
  const goal = $('goal').value;
  $('strategy').replaceChildren(...strategies.filter(s => s.goal_name === goal).map(s => el('option', { value: s.name }, s.display_name)));
  fillParameters();
}

function fillParameters() {
  const strategy = strategies.find(s => s.name === $('strategy').value);
  const example = {};
  for (const [name, spec] of Object.entries(strategy?.parameters_spec?.properties ?? {})) {
    if ((strategy.parameters_spec.required ?? []).includes(name)) example[name] = spec.type === 'string' ? '' : null;
  }
  $('parameters').value = JSON.stringify(example);
}

$('goal').addEventListener('change', fillStrategies);
$('strategy').addEventListener('change', fillParameters);
$('audit-form').addEventListener('submit', async e => {
  e.preventDefault();
  const error = $('error');
  error.textContent = '';
  try {
    const parameters = JSON.parse($('parameters').value || '{}');
    await api('/v1/audits', { method: 'POST', body: JSON.stringify({ audit_type: 'ONESHOT', goal: $('goal').value, strategy: $('strategy').value, parameters }) });
    refresh();
  } catch (ex) { error.textContent = ex.message; }
});
$('plan-close').addEventListener('click', closePlan);
$('plan-graph').addEventListener('mouseleave', () => showActionInfo(null)); // Cytoscape sends no mouseout when the pointer leaves the canvas
window.addEventListener('hashchange', planFromHash);

async function refresh() {
  try { await Promise.all([renderHosts(), renderPlans(), renderAudits()]); }
  catch (e) { $('summary').textContent = 'error: ' + e.message; }
}
renderLegend();
planFromHash();
loadCatalog().then(refresh);
setInterval(refresh, 2000);
