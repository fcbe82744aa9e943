// Back from a provider's checkout (?billing=success|failed|cancelled&provider=…): say so, and after a success wait
// until the paid plan is active, which the provider's webhook decides, not the return itself.
import { loadAccount, refreshAccountVisibility, renderUsage } from './account.js';
import { api } from './api.js';
import { setKey, signedIn } from './credentials.js';
import {
  $, capitalize, formatNumber, isUnlimited, showText,
} from './dom.js';
import { PROVIDER_NAMES, chooseProviderFromReturn } from './plans.js';

const POLL_INTERVAL_MS = 1000;
const ACTIVATION_TIMEOUT_MS = 30000;

const activation = {
  timer: null, deadline: null, finished: false, run: 0,
};

export function handleBillingReturn() {
  const params = new URLSearchParams(window.location.search);
  const outcome = params.get('billing');
  const provider = params.get('provider');
  chooseProviderFromReturn(provider);
  if (outcome === 'success') {
    $('billing-success').hidden = false;
    startActivation();
  } else if (outcome === 'failed') {
    const notice = $('billing-failed');
    notice.hidden = false;
    const reason = params.get('reason');
    showText($('billing-failed-reason'), reason ? `Reason given by ${PROVIDER_NAMES[provider] || 'the provider'}: ${reason}` : '');
    notice.focus({ preventScroll: true });
  } else if (outcome === 'cancelled' || outcome === 'canceled') {
    $('billing-cancelled').hidden = false;
  }
}

/** True while, or after, this page waited for an activation: a new sign-in should check again. */
export function awaitingActivation() {
  return activation.run > 0 || !$('billing-success').hidden;
}

export function startActivation() {
  const key = signedIn();
  $('success-key-form').hidden = Boolean(key);
  $('activation-retry').hidden = true;
  $('activation-timeout').hidden = true;
  $('activation-problem').hidden = true;
  $('activation-done').hidden = true;
  if (!key) {
    $('activation-pending').hidden = true;
    return;
  }
  $('activation-pending').hidden = false;
  clearTimeout(activation.timer);
  clearTimeout(activation.deadline);
  activation.finished = false;
  // A request still in flight from an earlier round must not start a second polling loop.
  activation.run += 1;
  activation.deadline = setTimeout(onActivationTimeout, ACTIVATION_TIMEOUT_MS);
  pollActivation(activation.run);
}

async function pollActivation(run) {
  if (activation.finished || run !== activation.run) return;
  const result = await api('/auth/usage', { auth: true });
  if (activation.finished || run !== activation.run) return;
  if (result.ok && result.data.tier && result.data.tier !== 'free') {
    finishActivation(result.data);
    return;
  }
  if (result.status === 401) {
    stopActivation();
    showText($('activation-problem'), 'We could not tell who you are, so we cannot show your plan here. Your payment is not affected. Enter a current key, or sign in by email, to check.');
    $('success-key-form').hidden = false;
    return;
  }
  activation.timer = setTimeout(() => pollActivation(run), POLL_INTERVAL_MS);
}

function stopActivation() {
  activation.finished = true;
  clearTimeout(activation.timer);
  clearTimeout(activation.deadline);
  $('activation-pending').hidden = true;
}

function finishActivation(usage) {
  stopActivation();
  const name = usage.plan || capitalize(usage.tier);
  $('activation-done').querySelector('[data-testid="active-plan"]').textContent = `You're on ${name}`;
  const limit = usage.memories ? usage.memories.limit : null;
  $('activation-done').querySelector('[data-testid="memory-limit"]').textContent = isUnlimited(limit) ? 'unlimited' : formatNumber(limit);
  $('activation-done').hidden = false;
  renderUsage({ ok: true, status: 200, data: usage });
  loadAccount();
}

function onActivationTimeout() {
  if (activation.finished) return;
  stopActivation();
  $('activation-timeout').hidden = false;
  $('activation-retry').hidden = false;
}

async function onSuccessKey(event) {
  event.preventDefault();
  const input = $('success-key');
  const key = input.value.trim();
  if (!key) {
    showText($('activation-problem'), 'Paste your API key. It starts with sk-stellar-.');
    input.focus();
    return;
  }
  setKey(key);
  input.value = '';
  refreshAccountVisibility();
  startActivation();
  loadAccount();
}

export function initBillingReturn() {
  $('success-key-form').addEventListener('submit', onSuccessKey);
  $('activation-retry').addEventListener('click', startActivation);
}
