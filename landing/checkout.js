// The subscribe dialog: get a free key, sign in, or pick a provider and go on to its checkout.
import { goToAccount, loadAccount, refreshAccountVisibility } from './account.js';
import { api } from './api.js';
import { copyField } from './clipboard.js';
import {
  clearKey, getKey, maskKey, setKey, signedIn,
} from './credentials.js';
import {
  $, capitalize, safeHttpUrl, setBusy, showText,
} from './dom.js';
import {
  PROVIDERS, PROVIDER_NAMES, chooseProvider, currentProvider, findPlan, offersProvider, priceText,
} from './plans.js';
import { renderPrices } from './pricing.js';
import { markRegistered, session, signOutSession } from './session.js';
import { loadTossSdk, startTossBillingAuth } from './toss.js';

// What the dialog is open for: mode 'free', 'signin' or 'plan' (with its tier); where focus returns when it closes;
// and 'account' when closing it should lead to the account section.
const purpose = {
  mode: 'free', tier: null, opener: null, afterClose: null,
};

function dialog() {
  return $('subscribe');
}

export function openDialog(mode, tier, opener) {
  if (mode !== 'plan' && signedIn()) {
    goToAccount();
    return;
  }
  purpose.mode = mode;
  purpose.tier = tier;
  purpose.opener = opener || null;
  resetDialog();

  const plan = tier ? findPlan(tier) : null;
  const planName = plan ? plan.name || capitalize(tier) : '';
  const titles = { plan: `Subscribe to ${planName}`, signin: 'Sign in or create an account', free: 'Get your free API key' };
  $('subscribe-title').textContent = titles[mode] || titles.free;
  $('provider-step').hidden = mode !== 'plan';
  $('account-step-title').textContent = mode === 'plan' ? '2. Your account' : 'Your account';
  $('continue-checkout').hidden = mode !== 'plan';
  if (mode === 'plan') syncProviderRadios(plan);
  updateCheckoutPrice();
  updateSignedInState();

  const box = dialog();
  if (typeof box.showModal === 'function') {
    if (!box.open) box.showModal();
  } else {
    box.setAttribute('open', '');
  }
  focusFirstStep();
}

function focusFirstStep() {
  if (purpose.mode === 'plan') {
    const checked = document.querySelector('input[name="provider"]:checked');
    if (checked) checked.focus();
  } else if (!signedIn()) {
    $('email').focus();
  } else {
    $('cancel-subscribe').focus();
  }
}

function closeDialog() {
  const box = dialog();
  if (typeof box.close === 'function' && box.open) box.close();
  else {
    box.removeAttribute('open');
    onDialogClosed();
  }
}

function onDialogClosed() {
  resetDialog();
  refreshAccountVisibility();
  const next = purpose.afterClose;
  purpose.afterClose = null;
  // The close event can arrive after our own focus moves, so the destination is decided here.
  if (next === 'account' && !$('account').hidden) {
    goToAccount();
    return;
  }
  if (purpose.mode === 'plan') $('pricing').scrollIntoView({ block: 'start' });
  const { opener } = purpose;
  if (opener && document.contains(opener) && !opener.hidden) opener.focus();
  else $('pricing').focus();
}

function resetDialog() {
  $('email').value = '';
  $('existing-key').value = '';
  $('signin-email').value = '';
  showText($('signin-status'), '');
  $('new-api-key').value = '';
  $('new-key-panel').hidden = true;
  $('new-key-copy-status').textContent = '';
  $('go-account').hidden = true;
  $('subscribe-progress').textContent = '';
  showText($('subscribe-error'), '');
  setBusy($('signup'), false);
  setBusy($('use-key'), false);
  setBusy($('signin-send'), false);
  setBusy($('continue-checkout'), false);
  $('auth-forms').hidden = false;
}

function syncProviderRadios(plan) {
  const radios = document.querySelectorAll('input[name="provider"]');
  if (!offersProvider(plan, currentProvider())) {
    const first = PROVIDERS.find((provider) => offersProvider(plan, provider));
    if (first) setProvider(first);
  }
  for (const radio of radios) {
    radio.disabled = !offersProvider(plan, radio.value);
    radio.checked = radio.value === currentProvider();
  }
}

function setProvider(provider) {
  if (!chooseProvider(provider)) return;
  for (const radio of document.querySelectorAll('input[name="provider"]')) {
    radio.checked = radio.value === provider;
  }
  renderPrices();
  if (provider === 'toss') loadTossSdk();
}

export function updateCheckoutPrice() {
  const node = $('checkout-price');
  const plan = purpose.tier ? findPlan(purpose.tier) : null;
  if (purpose.mode !== 'plan' || !plan) {
    node.textContent = purpose.mode === 'signin'
      ? 'Get a sign-in link by email, use the API key you already have, or create a free account.'
      : 'Free plan. No card required.';
    return;
  }
  const provider = currentProvider();
  node.textContent = `${plan.name || capitalize(plan.tier)}: ${priceText(plan, provider)}, paid through ${PROVIDER_NAMES[provider]}`;
}

function updateSignedInState() {
  const key = getKey();
  const showingNewKey = !$('new-key-panel').hidden;
  $('signed-in-note').hidden = !signedIn() || showingNewKey;
  $('signed-in-as').textContent = key ? 'Signed in with the key ' : 'Signed in as ';
  $('signed-in-key').textContent = key ? maskKey(key) : session.email;
  $('auth-forms').hidden = signedIn();
  $('continue-checkout').disabled = !signedIn();
}

export function dialogError(message) {
  showText($('subscribe-error'), message);
}

async function onSignup(event) {
  event.preventDefault();
  dialogError('');
  const input = $('email');
  const email = input.value.trim();
  if (!email || !input.checkValidity()) {
    dialogError('Enter a valid email address, like name@example.com.');
    input.focus();
    return;
  }
  const button = $('signup');
  setBusy(button, true);
  const result = await api('/auth/register', { method: 'POST', body: { email } });
  setBusy(button, false);

  if (result.ok && result.data.api_key) {
    setKey(result.data.api_key);
    markRegistered();
    showNewKey(result.data.api_key);
    onSignedIn();
    return;
  }
  if (result.status === 409) {
    dialogError('An account with this email already exists. Get a sign-in link by email, or paste a key under “I already have a key”.');
    $('signin-email').value = email;
    $('signin-email').focus();
    return;
  }
  dialogError(result.ok ? 'Your account was created, but no key came back. Please try again.' : result.message);
}

function showNewKey(key) {
  $('new-api-key').value = key;
  $('new-key-panel').hidden = false;
  $('auth-forms').hidden = true;
  $('signed-in-note').hidden = true;
}

async function onUseKey(event) {
  event.preventDefault();
  dialogError('');
  const input = $('existing-key');
  const key = input.value.trim();
  if (!key) {
    dialogError('Paste your API key. It starts with sk-stellar-.');
    input.focus();
    return;
  }
  const button = $('use-key');
  setBusy(button, true);
  const result = await api('/auth/usage', { key });
  setBusy(button, false);
  // Only a 401 proves the key wrong; anything else (offline, busy) is settled by the next call.
  if (result.status === 401) {
    dialogError('That key was not accepted. It may have been revoked or rotated; check that you copied all of it.');
    input.focus();
    return;
  }
  setKey(key);
  input.value = '';
  onSignedIn();
}

function onSignedIn() {
  refreshAccountVisibility();
  loadAccount();
  const showingNewKey = !$('new-key-panel').hidden;
  updateSignedInState();
  if (purpose.mode === 'plan') {
    $('continue-checkout').disabled = false;
    if (showingNewKey) $('new-api-key').focus();
    else $('continue-checkout').focus();
    return;
  }
  if (showingNewKey) {
    $('go-account').hidden = false;
    $('new-api-key').focus();
    return;
  }
  purpose.afterClose = 'account';
  closeDialog();
}

async function onSwitchAccount() {
  await signOutSession();
  clearKey();
  refreshAccountVisibility();
  updateSignedInState();
  $('email').focus();
}

async function onContinueCheckout() {
  dialogError('');
  if (!signedIn()) {
    dialogError('Create an account, sign in, or enter your API key first.');
    return;
  }
  const button = $('continue-checkout');
  const provider = currentProvider();
  setBusy(button, true);
  $('subscribe-progress').textContent = `Opening ${PROVIDER_NAMES[provider]}…`;
  const result = await api('/billing/checkout', {
    method: 'POST', auth: true, body: { plan: purpose.tier, provider },
  });
  if (!result.ok) {
    failCheckout(result.status === 401
      ? 'Your API key was not accepted. Use a different account and try again.'
      : result.message);
    return;
  }
  const { data } = result;
  if ((data.provider || provider) === 'toss' && data.client_key) {
    const toss = await startTossBillingAuth(data, (text) => { $('subscribe-progress').textContent = text; });
    if (!toss.ok) {
      failCheckout(toss.message);
      return;
    }
    setBusy(button, false);
    $('subscribe-progress').textContent = 'Finish card registration in the Toss Payments window.';
    return;
  }
  const url = safeHttpUrl(data.checkout_url);
  if (!url) {
    failCheckout('The payment page could not be opened. Please try again.');
    return;
  }
  window.location.assign(url);
}

function failCheckout(message) {
  setBusy($('continue-checkout'), false);
  $('subscribe-progress').textContent = '';
  dialogError(message);
}

export function initCheckout() {
  for (const radio of document.querySelectorAll('input[name="provider"]')) {
    radio.addEventListener('change', () => {
      if (radio.checked) setProvider(radio.value);
    });
  }
  $('signup-form').addEventListener('submit', onSignup);
  $('key-form').addEventListener('submit', onUseKey);
  $('switch-account').addEventListener('click', onSwitchAccount);
  $('copy-new-key').addEventListener('click', () => copyField($('new-api-key'), $('new-key-copy-status')));
  $('continue-checkout').addEventListener('click', onContinueCheckout);
  $('go-account').addEventListener('click', () => {
    purpose.afterClose = 'account';
    closeDialog();
  });
  $('cancel-subscribe').addEventListener('click', closeDialog);
  dialog().addEventListener('close', onDialogClosed);
}
