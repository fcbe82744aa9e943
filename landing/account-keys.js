// The account's API keys: list, create, rotate and revoke, minding the key this page is signed in with.
import { loadAccount, showAccountSecret, signOut } from './account.js';
import { api } from './api.js';
import { copyField } from './clipboard.js';
import { clearKey, getKey, setKey } from './credentials.js';
import {
  $, el, formatDate, setBusy, showText,
} from './dom.js';
import { session } from './session.js';

const KEY_SCHEME = 'sk-stellar-';

let keyCount = 0;

function isCurrentKey(key) {
  const secret = getKey();
  const prefix = String(key.prefix || '');
  return prefix.length > KEY_SCHEME.length && Boolean(secret) && secret.startsWith(prefix);
}

export function renderKeys(result) {
  const list = $('key-list');
  if (!result.ok) {
    list.replaceChildren();
    showText($('keys-error'), `Keys could not be loaded. ${result.message}`);
    return;
  }
  showText($('keys-error'), '');
  const keys = Array.isArray(result.data.keys) ? result.data.keys : [];
  keyCount = keys.length;
  list.replaceChildren(...keys.map(keyRow));
}

function keyRow(key) {
  const name = key.name || 'Unnamed key';
  const current = isCurrentKey(key);
  const used = key.last_used_at ? `last used ${formatDate(key.last_used_at)}` : 'never used';
  return el('li', { class: 'key-row', 'data-testid': 'key-row', 'data-key-id': key.id },
    el('div', { class: 'key-info' },
      el('p', { class: 'key-name' },
        el('span', { text: name }),
        current ? el('span', { class: 'badge', text: 'this browser' }) : null),
      el('p', { class: 'key-meta' },
        el('code', { text: `${key.prefix || ''}…` }),
        ` · created ${formatDate(key.created_at)} · ${used}`)),
    el('div', { class: 'key-actions' },
      keyAction('Rotate', name, 'button-secondary', (button) => rotateKey(key, button)),
      keyAction('Revoke', name, 'button-danger', (button) => revokeKey(key, button))));
}

function keyAction(verb, keyName, style, act) {
  return el('button', {
    type: 'button',
    class: `button button-small ${style}`,
    'data-testid': `${verb.toLowerCase()}-key`,
    'aria-label': `${verb} ${keyName}`,
    onclick: (event) => act(event.currentTarget),
  }, verb);
}

function hideAccountSecret() {
  $('account-new-api-key').value = '';
  $('account-secret').hidden = true;
  $('key-name').focus();
}

async function onCreateKey(event) {
  event.preventDefault();
  showText($('keys-error'), '');
  const input = $('key-name');
  const name = input.value.trim();
  if (!name) {
    showText($('keys-error'), 'Give the key a name, such as the agent or environment that will use it.');
    input.focus();
    return;
  }
  const button = $('create-key');
  setBusy(button, true);
  const result = await api('/auth/api-keys', { method: 'POST', auth: true, body: { name } });
  setBusy(button, false);
  if (!result.ok) {
    showText($('keys-error'), result.message);
    return;
  }
  input.value = '';
  await loadAccount();
  showAccountSecret(result.data.api_key || '', `New API key “${name}”`);
}

async function rotateKey(key, button) {
  showText($('keys-error'), '');
  const wasCurrent = isCurrentKey(key);
  setBusy(button, true);
  const result = await api(`/auth/api-keys/${encodeURIComponent(key.id)}/rotate`, { method: 'POST', auth: true });
  setBusy(button, false);
  if (!result.ok) {
    showText($('keys-error'), result.message);
    return;
  }
  // The old secret stops working at once, so this page must switch to the new one.
  if (wasCurrent && result.data.api_key) setKey(result.data.api_key);
  await loadAccount();
  showAccountSecret(result.data.api_key || '', `Rotated key “${key.name || 'Unnamed key'}”`);
}

async function revokeKey(key, button) {
  showText($('keys-error'), '');
  // With one key the API refuses the revoke anyway, so asking first would only get in the way.
  if (isCurrentKey(key) && keyCount > 1
    && !window.confirm('This is the key this page is signed in with. Revoking it signs you out here. Revoke it?')) {
    return;
  }
  setBusy(button, true);
  const result = await api(`/auth/api-keys/${encodeURIComponent(key.id)}`, { method: 'DELETE', auth: true });
  if (!result.ok) {
    setBusy(button, false);
    showText($('keys-error'), result.status === 409 && !(result.data && result.data.detail)
      ? 'This is your last key. Create another one before revoking it.'
      : result.message);
    return;
  }
  if (isCurrentKey(key)) {
    clearKey();
    if (!session.active) {
      signOut();
      return;
    }
  }
  await loadAccount();
  $('key-name').focus();
}

export function initKeys() {
  $('create-key-form').addEventListener('submit', onCreateKey);
  $('account-copy-key').addEventListener('click', () => copyField($('account-new-api-key'), $('account-copy-status')));
  $('account-secret-done').addEventListener('click', hideAccountSecret);
}
