// The landing page's entry: wires each section (modules beside this one) and starts them. No state lives here; each
// section keeps its own, and they meet only through the functions they export.
import { initKeys } from './account-keys.js';
import { initSubscription } from './account-subscription.js';
import {
  goToAccount, initAccount, loadAccount, refreshAccountVisibility, showAccountSecret, signOut,
} from './account.js';
import { api, apiBase } from './api.js';
import {
  awaitingActivation, handleBillingReturn, initBillingReturn, startActivation,
} from './billing-return.js';
import {
  dialogError, initCheckout, openDialog, updateCheckoutPrice,
} from './checkout.js';
import { copyText } from './clipboard.js';
import { clearKey, getKey } from './credentials.js';
import {
  $, safeHttpUrl, setBusy,
} from './dom.js';
import { initPricing, loadPlans, renderPrices } from './pricing.js';
import { initSession } from './session.js';

function setCodeBase() {
  const origin = window.location.origin;
  let base = '';
  if (apiBase) base = safeHttpUrl(apiBase).replace(/\/+$/, '');
  else if (origin && origin !== 'null') base = origin;
  if (base) $('code-base').textContent = base;
}

function wireEvents() {
  $('sign-in').addEventListener('click', (event) => openDialog('signin', null, event.currentTarget));
  $('hero-start').addEventListener('click', (event) => openDialog('free', null, event.currentTarget));
  initPricing({ openDialog, onPricesShown: updateCheckoutPrice });
  $('copy-code').addEventListener('click', () => copyText($('code-sample').textContent, $('copy-code-status')));
  initCheckout();
  initBillingReturn();
  initAccount();
  initKeys();
  initSubscription();
}

async function onRecovered(key) {
  // Every other key is revoked, a key pasted here too; the page goes on with the session, and the new key is only shown.
  clearKey();
  await loadAccount();
  showAccountSecret(key, 'New API key (every other key is now revoked)');
}

function onInvalidLink(message) {
  openDialog('signin', null, $('sign-in'));
  dialogError(message);
  $('signin-email').focus();
}

function onSessionChange(justSignedIn) {
  refreshAccountVisibility();
  loadAccount();
  if (awaitingActivation()) startActivation();
  if (justSignedIn) goToAccount();
}

function init() {
  setCodeBase();
  wireEvents();
  handleBillingReturn();
  refreshAccountVisibility();
  renderPrices();
  loadPlans();
  if (getKey()) loadAccount();
  initSession({
    api, getKey, setBusy, onChange: onSessionChange, onSignedOut: signOut, onRecovered, onInvalidLink,
  });
}

init();
