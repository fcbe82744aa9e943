// The account view's connected applications: assistants connected by OAuth, each with a button to disconnect it.
//
// A section of its own: it reads and revokes through the session cookie (the routes take the session like the key
// routes do), and shows itself only while the account view is open to a signed-in browser.
import { session, sessionHeaders } from './session.js';

const $ = (id) => document.getElementById(id);
// The API's address, as app.js reads it: empty when the page is served by the API itself.
const apiBase = (document.querySelector('meta[name="stellar-api-base"]')?.content || '').replace(/\/+$/, '');

function item(app, onRevoke) {
  const li = document.createElement('li');
  li.className = 'key-row';
  li.dataset.testid = 'app-row';
  li.dataset.clientId = app.client_id;
  const info = document.createElement('div');
  info.className = 'key-info';
  const name = document.createElement('p');
  name.className = 'key-name';
  name.textContent = app.name;
  const meta = document.createElement('p');
  meta.className = 'key-meta';
  const since = new Date(app.connected_at).toLocaleDateString();
  meta.textContent = `${app.scopes.join(', ')} · receives its access at ${app.redirect_hosts.join(', ')} · since ${since}`;
  info.append(name, meta);
  const actions = document.createElement('div');
  actions.className = 'key-actions';
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'button button-small button-danger';
  button.dataset.testid = 'revoke-app';
  button.setAttribute('aria-label', `Disconnect ${app.name}`);
  button.textContent = 'Disconnect';
  button.addEventListener('click', () => onRevoke(app, button));
  actions.append(button);
  li.append(info, actions);
  return li;
}

function showError(text) {
  $('apps-error').textContent = text || '';
  $('apps-error').hidden = !text;
}

async function load() {
  const section = $('connected-apps');
  if (!session.active) {
    section.hidden = true;
    return;
  }
  const response = await fetch(`${apiBase}/auth/connected-apps`, { credentials: 'same-origin' });
  if (!response.ok) {
    section.hidden = true;
    return;
  }
  const { applications } = await response.json();
  $('app-list').replaceChildren(...applications.map((app) => item(app, revoke)));
  section.hidden = applications.length === 0;
}

async function revoke(app, button) {
  button.disabled = true;
  showError('');
  const response = await fetch(`${apiBase}/auth/connected-apps/${encodeURIComponent(app.client_id)}`, {
    method: 'DELETE', credentials: 'same-origin', headers: sessionHeaders('DELETE'),
  });
  if (!response.ok && response.status !== 404) {
    button.disabled = false;
    showError(`${app.name} could not be disconnected; try again.`);
    return;
  }
  await load();
}

// The account view is shown and hidden by app.js; load the list each time it opens.
const account = $('account');
const refresh = () => { if (!account.hidden) load().catch(() => showError('Connected applications could not be loaded.')); };
if (account) {
  new MutationObserver(refresh).observe(account, { attributes: true, attributeFilter: ['hidden'] });
  refresh();
}
