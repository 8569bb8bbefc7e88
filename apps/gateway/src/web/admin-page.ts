/**
 * The operator console (`/admin`): one static page and its script, no build step and no library.
 * It signs in with an operator's name and password (kept in the page's memory only, sent as HTTP
 * Basic with every /api call) and does everything through the same API `curl` uses. Every value
 * from the network (nicks, topics, reasons) goes into the page as text, never as HTML.
 */
export const ADMIN_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Portalchat operator console</title>
<style>
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { margin: 0 auto; max-width: 1100px; padding: 1rem; }
  header { display: flex; gap: 1rem; align-items: baseline; flex-wrap: wrap; }
  nav button[aria-pressed="true"] { font-weight: bold; }
  table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
  th, td { border-bottom: 1px solid #8884; padding: .3rem .4rem; text-align: left; vertical-align: top; }
  form { display: flex; gap: .4rem; flex-wrap: wrap; margin: .5rem 0; }
  input, select, button { font: inherit; padding: .25rem .4rem; }
  #status { white-space: pre-wrap; font-family: ui-monospace, monospace; background: #8881; padding: .5rem; min-height: 1.5rem; }
  .hidden { display: none; }
</style>
</head>
<body>
<header><h1>Operator console</h1><span id="who"></span></header>
<form id="login">
  <input name="name" placeholder="operator" autocomplete="username" required>
  <input name="password" type="password" placeholder="password" autocomplete="current-password" required>
  <button>Sign in</button>
</form>
<main id="console" class="hidden">
  <nav>
    <button data-tab="users">Users</button>
    <button data-tab="channels">Channels</button>
    <button data-tab="portals">Portals</button>
    <button data-tab="server">Server</button>
  </nav>
  <section data-panel="users">
    <table><thead><tr><th>Nick</th><th>User@host</th><th>Server</th><th>Channels</th><th></th></tr></thead><tbody id="users"></tbody></table>
  </section>
  <section data-panel="channels">
    <table><thead><tr><th>Channel</th><th>Members</th><th>Modes</th><th>Topic</th><th></th></tr></thead><tbody id="channels"></tbody></table>
    <h3>ACCESS</h3>
    <form id="access">
      <input name="channel" placeholder="#channel" required>
      <select name="level"><option>OWNER</option><option>HOST</option><option>VOICE</option><option>GRANT</option><option selected>DENY</option></select>
      <input name="mask" placeholder="nick!user@host" required>
      <input name="minutes" type="number" min="0" placeholder="minutes">
      <input name="reason" placeholder="reason">
      <button name="op" value="list">List</button><button name="op" value="add">Add</button><button name="op" value="delete">Delete</button>
    </form>
  </section>
  <section data-panel="portals">
    <table><thead><tr><th>Portal</th><th>Peer</th><th>Address</th><th>State</th><th></th></tr></thead><tbody id="portals"></tbody></table>
    <form id="portal-add">
      <input name="name" placeholder="Portal_to_X" required>
      <input name="address" placeholder="address" required>
      <input name="port" type="number" placeholder="port" required>
      <input name="serverId" type="number" placeholder="server ID" required>
      <input name="secret" placeholder="shared secret" required>
      <label><input name="uplink" type="checkbox"> uplink</label>
      <button>Add portal</button>
    </form>
  </section>
  <section data-panel="server">
    <form id="wallops"><input name="text" placeholder="WALLOPS text" size="60" required><button>Send WALLOPS</button></form>
    <form id="reload"><button>Reload the host file</button></form>
  </section>
  <h3>Result</h3>
  <div id="status" role="status"></div>
</main>
<script src="/admin/console.js"></script>
</body>
</html>
`;

export const ADMIN_SCRIPT = `'use strict';
let authorization = '';
const $ = (id) => document.getElementById(id);
const show = (text) => { $('status').textContent = text; };

async function api(method, path, body) {
  const res = await fetch('/api' + path, {
    method,
    headers: { Authorization: authorization, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await res.json().catch(() => ({ error: 'HTTP ' + res.status }));
  if (!res.ok) throw new Error(res.status + ': ' + (data.error || (data.lines || []).join('\\n') || (data.problems || []).join('\\n')));
  return data;
}

function cell(row, text) { const td = document.createElement('td'); td.textContent = text; row.append(td); return td; }
function button(td, label, onClick) {
  const b = document.createElement('button'); b.textContent = label;
  b.addEventListener('click', () => onClick().catch((err) => show(err.message)));
  td.append(b);
}
function fill(id, items, render) {
  const body = $(id); body.replaceChildren();
  for (const item of items) { const row = document.createElement('tr'); render(row, item); body.append(row); }
}
const report = (data) => show(JSON.stringify(data, null, 2));

async function loadUsers() {
  const { users } = await api('GET', '/users');
  fill('users', users, (row, u) => {
    cell(row, u.nick + (u.oper ? ' (oper ' + u.oper + ')' : ''));
    cell(row, u.username + '@' + u.host); cell(row, u.server); cell(row, u.channels.join(' '));
    button(cell(row, ''), 'Kill', async () => {
      const reason = prompt('KILL ' + u.nick + ': reason'); if (!reason) return;
      report(await api('POST', '/users/' + encodeURIComponent(u.nick) + '/kill', { reason })); await loadUsers();
    });
  });
}

async function loadChannels() {
  const { channels } = await api('GET', '/channels');
  fill('channels', channels, (row, c) => {
    cell(row, c.name); cell(row, String(c.members)); cell(row, c.modes); cell(row, c.topic || '');
    const td = cell(row, ''); const path = '/channels/' + encodeURIComponent(c.name);
    button(td, c.registered ? 'Unregister' : 'Register', async () => {
      report(await api(c.registered ? 'DELETE' : 'PUT', path + '/registration')); await loadChannels();
    });
    button(td, 'Close', async () => {
      const reason = prompt('Close ' + c.name + ': reason'); if (!reason) return;
      report(await api('POST', path + '/close', { reason })); await loadChannels();
    });
  });
}

async function loadPortals() {
  const { portals } = await api('GET', '/portals');
  fill('portals', portals, (row, p) => {
    cell(row, p.name + (p.uplink ? ' (uplink)' : '')); cell(row, (p.peer ? p.peer.name : '?') + ' #' + p.serverId);
    cell(row, p.address + ':' + p.port); cell(row, p.state + (p.reason ? ': ' + p.reason : ''));
    button(cell(row, ''), 'Remove', async () => {
      if (!confirm('Remove ' + p.name + '?')) return;
      report(await api('DELETE', '/portals/' + encodeURIComponent(p.name))); await loadPortals();
    });
  });
}

const loaders = { users: loadUsers, channels: loadChannels, portals: loadPortals, server: async () => {} };
function openTab(tab) {
  for (const b of document.querySelectorAll('nav button')) b.setAttribute('aria-pressed', String(b.dataset.tab === tab));
  for (const s of document.querySelectorAll('[data-panel]')) s.classList.toggle('hidden', s.dataset.panel !== tab);
  loaders[tab]().catch((err) => show(err.message));
}
for (const b of document.querySelectorAll('nav button')) b.addEventListener('click', () => openTab(b.dataset.tab));

function onSubmit(id, handler) {
  $(id).addEventListener('submit', (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    handler(form, event.submitter).catch((err) => show(err.message));
  });
}

onSubmit('login', async (form) => {
  authorization = 'Basic ' + btoa(unescape(encodeURIComponent(form.get('name') + ':' + form.get('password'))));
  const me = await api('GET', '/whoami');
  $('who').textContent = 'signed in as ' + me.operator + ' (' + me.level + ')';
  $('login').classList.add('hidden'); $('console').classList.remove('hidden');
  openTab('users');
});
onSubmit('wallops', async (form) => report(await api('POST', '/wallops', { text: form.get('text') })));
onSubmit('reload', async () => report(await api('POST', '/reload')));
onSubmit('access', async (form, submitter) => {
  const path = '/channels/' + encodeURIComponent(form.get('channel')) + '/access';
  const entry = { level: form.get('level'), mask: form.get('mask') };
  const op = submitter ? submitter.value : 'list';
  if (op === 'list') return report(await api('GET', path));
  if (op === 'delete') return report(await api('DELETE', path, entry));
  const minutes = form.get('minutes'); const reason = form.get('reason');
  report(await api('POST', path, { ...entry, ...(minutes ? { minutes: Number(minutes) } : {}), ...(reason ? { reason } : {}) }));
});
onSubmit('portal-add', async (form) => {
  report(await api('POST', '/portals', {
    name: form.get('name'), address: form.get('address'), port: Number(form.get('port')),
    serverId: Number(form.get('serverId')), secret: form.get('secret'), uplink: form.get('uplink') === 'on',
  }));
  await loadPortals();
});
`;
