// Calls to the Stellar Memory Cloud API, answering { ok, status, data, message } and never throwing.
import { getKey } from './credentials.js';
import { metaContent } from './dom.js';
import { sessionHeaders } from './session.js';

const REQUEST_TIMEOUT_MS = 15000;
const OFFLINE_MESSAGE = 'We could not reach Stellar Memory Cloud. Check your connection and try again.';

/** Where the API is when the page is hosted apart from it; empty: this page's own origin. */
export const apiBase = metaContent('stellar-api-base').replace(/\/+$/, '');

async function readBody(response) {
  if (response.status === 204) return null;
  try {
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

function problemMessage(status, body) {
  if (body && typeof body.detail === 'string' && body.detail.trim()) return body.detail.trim();
  if (body && typeof body.title === 'string' && body.title.trim()) return body.title.trim();
  if (status === 401) return 'Your API key was not accepted. Check that you copied all of it.';
  if (status === 403) return 'Your plan does not allow this. Upgrade or free up room first.';
  if (status === 404) return 'We could not find that. It may have been removed already.';
  if (status === 429) return 'Too many requests right now. Wait a moment and try again.';
  if (status >= 500) return 'Something went wrong on our side. Please try again in a minute.';
  return `The request could not be completed (error ${status}).`;
}

// auth: signed in by the key in memory if there is one, else by the session cookie; sessionOnly: by the cookie even
// with a key in memory (the routes that exist only for a browser's session).
export async function api(path, {
  method = 'GET', body, auth = false, sessionOnly = false, key,
} = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = key || (auth && !sessionOnly ? getKey() : '');
  if (token) headers.Authorization = `Bearer ${token}`;
  else if (auth) Object.assign(headers, sessionHeaders(method));
  // The page's own reads of the account are neither metered nor counted against the plan's rate limit (README).
  if ((token || auth) && method === 'GET') headers['X-Stellar-Client'] = 'account-view';

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  try {
    const response = await fetch(apiBase + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal,
    });
    const data = await readBody(response);
    if (response.ok) return { ok: true, status: response.status, data: data || {}, message: '' };
    return { ok: false, status: response.status, data, message: problemMessage(response.status, data) };
  } catch {
    return { ok: false, status: 0, data: null, message: OFFLINE_MESSAGE };
  } finally {
    clearTimeout(timer);
  }
}
