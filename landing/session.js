// Sign-in by emailed link and the browser session behind the account view.
//
// The session lives in an HttpOnly cookie the page cannot read; what the page keeps is the account it belongs to and
// the CSRF token that must accompany every request that changes something. No API key is ever written to storage:
// a key shown once (after registering or recovering) lives in a variable of app.js for this page only.

// Not a secret: only a hint that asking GET /auth/session is worth it, so a visitor who never signed in sees no 401.
const SIGNED_IN_HINT = 'stellar-signed-in';

export const session = {
  active: false,
  email: '',
  verified: true,
  csrf: '',
};

const $ = (id) => document.getElementById(id);

let deps = null;

function hint(on) {
  try {
    if (on) sessionStorage.setItem(SIGNED_IN_HINT, '1');
    else sessionStorage.removeItem(SIGNED_IN_HINT);
  } catch {
    /* storage blocked: the hint only saves one request */
  }
}

function hinted() {
  try {
    return sessionStorage.getItem(SIGNED_IN_HINT) === '1';
  } catch {
    return false;
  }
}

function showText(node, text) {
  node.textContent = text || '';
  node.hidden = !text;
}

/** Headers a cookie-authenticated request needs: the CSRF token on every method but GET and HEAD. */
export function sessionHeaders(method) {
  if (!session.active || !session.csrf || method === 'GET' || method === 'HEAD') return {};
  return { 'X-CSRF-Token': session.csrf };
}

/** Forgets the session on this page (after signing out, or when the server no longer knows it). */
export function forgetSession() {
  session.active = false;
  session.email = '';
  session.verified = true;
  session.csrf = '';
  hint(false);
  renderSessionControls();
}

async function readSession() {
  const result = await deps.api('/auth/session', { auth: true, sessionOnly: true });
  if (!result.ok) {
    forgetSession();
    return false;
  }
  session.active = true;
  session.email = String(result.data.email || '');
  session.verified = result.data.email_verified !== false;
  session.csrf = String(result.data.csrf_token || '');
  hint(true);
  renderSessionControls();
  return true;
}

/** Shows or hides what only makes sense with a session, and the banner while the address is unverified. */
export function renderSessionControls() {
  $('account-email').textContent = session.active ? `Signed in as ${session.email}` : '';
  $('account-email').hidden = !session.active;
  $('sign-out-everywhere').hidden = !session.active;
  $('recover-keys').hidden = !session.active;
  renderVerifyBanner();
}

// An account registered on this page is unverified until its link is followed; a session says so itself.
let registeredUnverified = false;

export function markRegistered() {
  registeredUnverified = true;
  renderVerifyBanner();
}

function renderVerifyBanner() {
  const unverified = session.active ? !session.verified : registeredUnverified && Boolean(deps && deps.getKey());
  $('verify-banner').hidden = !unverified;
  if (!unverified) showText($('verify-status'), '');
}

async function onResend() {
  const button = $('verify-resend');
  deps.setBusy(button, true);
  const result = await deps.api('/auth/verify/resend', { method: 'POST', auth: true });
  deps.setBusy(button, false);
  if (result.ok) {
    showText($('verify-status'), 'A new link is on its way. Open the latest mail to confirm your address.');
  } else if (result.status === 409) {
    session.verified = true;
    registeredUnverified = false;
    renderVerifyBanner();
  } else {
    showText($('verify-status'), result.message);
  }
}

async function onSignInByMail(event) {
  event.preventDefault();
  const input = $('signin-email');
  const email = input.value.trim();
  const status = $('signin-status');
  if (!email || !input.checkValidity()) {
    showText(status, 'Enter a valid email address, like name@example.com.');
    input.focus();
    return;
  }
  const button = $('signin-send');
  deps.setBusy(button, true);
  const result = await deps.api('/auth/login', { method: 'POST', body: { email } });
  deps.setBusy(button, false);
  // The answer is the same whether or not the address has an account, so the text is too.
  showText(status, result.ok
    ? `Check your mail. If ${email} has an account, a sign-in link is on its way; it works once, for 15 minutes.`
    : result.message);
}

async function endSession(everywhere) {
  if (session.active) {
    const path = everywhere ? '/auth/logout/everywhere' : '/auth/logout';
    const result = await deps.api(path, { method: 'POST', auth: true, sessionOnly: true });
    // A session the server already ended is as good as ended; anything else is worth telling.
    if (!result.ok && result.status !== 401) {
      showText($('account-error'), `Signing out did not complete. ${result.message}`);
      return false;
    }
  } else if (everywhere && deps.getKey()) {
    const result = await deps.api('/auth/logout/everywhere', { method: 'POST', auth: true });
    if (!result.ok) {
      showText($('account-error'), `Signing out everywhere did not complete. ${result.message}`);
      return false;
    }
  }
  forgetSession();
  return true;
}

async function onRecover() {
  const confirmed = window.confirm('Create a new key? Every key of this account stops working at once, and the new key is shown only once.');
  if (!confirmed) return;
  const button = $('recover-keys');
  showText($('keys-error'), '');
  deps.setBusy(button, true);
  const result = await deps.api('/auth/recover', { method: 'POST', auth: true, sessionOnly: true });
  deps.setBusy(button, false);
  if (!result.ok) {
    showText($('keys-error'), result.message);
    return;
  }
  await deps.onRecovered(result.data.api_key || '');
}

// Where a followed verification link lands (?email=verified or ?email=invalid-link).
function showEmailOutcome(outcome) {
  if (outcome !== 'verified' && outcome !== 'invalid-link') return;
  $('email-verified').hidden = outcome !== 'verified';
  $('email-invalid-link').hidden = outcome !== 'invalid-link';
  $('email-notice').hidden = false;
}

function signInResult() {
  const params = new URLSearchParams(window.location.search);
  const outcome = params.has('signed-in') ? 'signed-in' : params.get('sign-in');
  const email = params.get('email');
  showEmailOutcome(email);
  if (!outcome && !email) return '';
  // The markers have done their work; a reload or a shared address should not repeat them.
  params.delete('signed-in');
  params.delete('sign-in');
  params.delete('email');
  const query = params.toString();
  window.history.replaceState(null, '', `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`);
  return outcome;
}

/**
 * Wires the sign-in form and the session's controls, then picks up a session if there is one.
 * @param {object} app what app.js lends: api, getKey, setBusy, onChange (signed in or out), onSignedOut,
 *   onRecovered(key), onInvalidLink.
 */
export async function initSession(app) {
  deps = app;
  $('signin-form').addEventListener('submit', onSignInByMail);
  $('verify-resend').addEventListener('click', onResend);
  $('sign-out-everywhere').addEventListener('click', async () => {
    if (await endSession(true)) app.onSignedOut();
  });
  $('recover-keys').addEventListener('click', onRecover);
  renderSessionControls();

  const outcome = signInResult();
  if (outcome === 'invalid-link') {
    app.onInvalidLink('This sign-in link does not work any more: links work once, for 15 minutes. Ask for a new one below.');
    return;
  }
  if (outcome === 'signed-in' || hinted()) {
    if (await readSession()) app.onChange(outcome === 'signed-in');
  }
}

/** Signs this browser out: ends the server session when there is one. */
export function signOutSession() {
  return endSession(false);
}
