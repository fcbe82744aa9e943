import { dayChart, meter, mostUsed, periodDays } from './account-usage.js';
import {
  forgetSession, initSession, markRegistered, renderSessionControls, session, sessionHeaders, signOutSession,
} from './session.js';

const PROVIDERS = ['lemonsqueezy', 'stripe', 'toss'];
const PROVIDER_NAMES = { lemonsqueezy: 'Lemon Squeezy', stripe: 'Stripe', toss: 'Toss Payments' };
const TIER_ORDER = ['free', 'pro', 'team'];
const POLL_INTERVAL_MS = 1000;
const ACTIVATION_TIMEOUT_MS = 30000;
const REQUEST_TIMEOUT_MS = 15000;
const OFFLINE_MESSAGE = 'We could not reach Stellar Memory Cloud. Check your connection and try again.';

const numberFormat = new Intl.NumberFormat('en-US');

const state = {
  plans: [],
  provider: 'lemonsqueezy',
  dialogMode: 'free',
  dialogTier: null,
  opener: null,
  providerFromUrl: false,
  afterClose: null,
  keyCount: 0,
  tossSdk: null,
  memoryKey: '',
};

const $ = (id) => document.getElementById(id);

function metaContent(name) {
  const meta = document.querySelector(`meta[name="${name}"]`);
  return meta ? (meta.getAttribute('content') || '').trim() : '';
}

const apiBase = metaContent('stellar-api-base').replace(/\/+$/, '');

/* ---------- small helpers ---------- */

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children.filter((child) => child !== null && child !== undefined && child !== false));
  return node;
}

function showText(node, text) {
  node.textContent = text || '';
  node.hidden = !text;
}

function setBusy(button, busy) {
  button.disabled = busy;
  if (busy) button.setAttribute('aria-busy', 'true');
  else button.removeAttribute('aria-busy');
}

function formatNumber(value) {
  return numberFormat.format(Number(value) || 0);
}

function isUnlimited(limit) {
  return limit === null || limit === undefined || Number(limit) < 0;
}

function formatDate(value) {
  if (!value) return '';
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value));
  // Plain dates are calendar days; reading them as local midnight would shift them west of UTC.
  const date = dateOnly
    ? new Date(Date.UTC(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3])))
    : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toLocaleDateString('en-US', {
    year: 'numeric', month: 'short', day: 'numeric', ...(dateOnly ? { timeZone: 'UTC' } : {}),
  });
}

function capitalize(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : '';
}

function safeHttpUrl(value) {
  try {
    const url = new URL(String(value), window.location.href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : '';
  } catch {
    return '';
  }
}

/* ---------- signed in: a key in memory, or the session cookie ---------- */

// A key shown once (registration, recovery) or pasted stays in this variable for this page only: storage is readable
// by any script on the page, and the session cookie, which no script can read, is what survives a reload.
function getKey() {
  return state.memoryKey;
}

function setKey(key) {
  state.memoryKey = key;
}

function clearKey() {
  state.memoryKey = '';
}

function signedIn() {
  return Boolean(getKey()) || session.active;
}

function maskKey(key) {
  return key.length > 16 ? `${key.slice(0, 15)}…${key.slice(-4)}` : key;
}

/* ---------- API ---------- */

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
async function api(path, {
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

/* ---------- clipboard ---------- */

async function copyField(input, statusNode) {
  let copied = false;
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(input.value);
      copied = true;
    }
  } catch {
    copied = false;
  }
  if (!copied) {
    input.focus();
    input.select();
    try {
      copied = document.execCommand('copy');
    } catch {
      copied = false;
    }
  }
  statusNode.textContent = copied ? 'Copied to the clipboard.' : 'Selected. Press Ctrl+C (or ⌘C) to copy.';
}

async function copyText(text, statusNode) {
  let copied = false;
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      copied = true;
    }
  } catch {
    copied = false;
  }
  statusNode.textContent = copied ? 'Copied to the clipboard.' : 'Select the text and copy it by hand.';
}

/* ---------- prices and limits ---------- */

function planPrice(plan, provider) {
  const offer = plan.providers && plan.providers[provider];
  if (provider === 'toss') {
    const won = plan.prices && typeof plan.prices.krw === 'number'
      ? plan.prices.krw
      : (offer && offer.currency === 'KRW' ? offer.amount : 0);
    return { currency: 'KRW', amount: Number(won) || 0, interval: (offer && offer.interval) || 'month' };
  }
  const dollars = plan.prices && typeof plan.prices.usd === 'number'
    ? plan.prices.usd
    : (offer && offer.currency === 'USD' ? offer.amount / 100 : 0);
  return { currency: 'USD', amount: Number(dollars) || 0, interval: (offer && offer.interval) || 'month' };
}

function formatMoney({ currency, amount }) {
  if (currency === 'KRW') return `₩${formatNumber(Math.round(amount))}`;
  const dollars = Number.isInteger(amount)
    ? formatNumber(amount)
    : amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `$${dollars}`;
}

function priceText(plan, provider) {
  const price = planPrice(plan, provider);
  return `${formatMoney(price)} / ${price.interval}`;
}

function limitText(value, singular, plural) {
  if (isUnlimited(value)) return `Unlimited ${plural}`;
  return `${formatNumber(value)} ${Number(value) === 1 ? singular : plural}`;
}

function planLimitLines(limits = {}) {
  return [
    limitText(limits.memories, 'memory', 'memories'),
    limitText(limits.agents, 'agent', 'agents'),
    limitText(limits.api_keys, 'API key', 'API keys'),
    isUnlimited(limits.requests_per_minute)
      ? 'Unlimited requests/min'
      : `${formatNumber(limits.requests_per_minute)} requests/min`,
  ];
}

function offersProvider(plan, provider) {
  const offered = plan && plan.providers ? Object.keys(plan.providers) : [];
  return offered.length === 0 || offered.includes(provider);
}

function findPlan(tier) {
  return state.plans.find((plan) => plan.tier === tier) || null;
}

/* ---------- pricing ---------- */

// A plan with a list price is for sale only where a provider is configured; elsewhere its card says so
// rather than offering a button that would quietly open a Free account.
function isPaidPlan(plan) {
  return Boolean(plan.prices && (Number(plan.prices.usd) > 0 || Number(plan.prices.krw) > 0));
}

function sellsAnything() {
  return state.plans.some((plan) => plan.providers && Object.keys(plan.providers).length > 0);
}

function planAction(plan, tier, name) {
  const offered = plan.providers && Object.keys(plan.providers).length > 0;
  if (offered) {
    return el('button', {
      type: 'button',
      class: 'button button-primary',
      'data-testid': `subscribe-${tier}`,
      'aria-label': `Subscribe to ${name}`,
      onclick: (event) => openDialog('plan', tier, event.currentTarget),
    }, 'Subscribe');
  }
  if (isPaidPlan(plan)) {
    return el('p', { class: 'plan-unavailable', 'data-testid': `unavailable-${tier}`, text: 'Not available on this deployment' });
  }
  return el('button', {
    type: 'button',
    class: 'button button-secondary',
    'data-testid': tier === 'free' ? 'start-free' : `start-${tier}`,
    onclick: (event) => openDialog('free', null, event.currentTarget),
  }, 'Start free');
}

function planCard(plan) {
  const tier = String(plan.tier || '');
  const name = plan.name || capitalize(tier);
  const nameId = `plan-${tier}-name`;
  return el('article', { class: `card plan plan-${tier}`, 'data-testid': `plan-${tier}`, 'aria-labelledby': nameId },
    el('h3', { id: nameId, text: name }),
    el('p', { class: 'price', 'data-testid': `price-${tier}`, 'data-tier': tier }),
    el('ul', { class: 'limits' }, ...planLimitLines(plan.limits).map((line) => el('li', { text: line }))),
    planAction(plan, tier, name));
}

function renderPrices() {
  for (const node of document.querySelectorAll('.price[data-tier]')) {
    const plan = findPlan(node.dataset.tier);
    if (!plan) continue;
    const text = priceText(plan, state.provider);
    const [amount, ...rest] = text.split(' ');
    node.replaceChildren(el('span', { class: 'amount', text: amount }), ` ${rest.join(' ')}`);
  }
  $('currency-note').textContent = state.provider === 'toss'
    ? 'Monthly prices in Korean won, charged by Toss Payments. Cancel any time; your plan runs to the end of the period.'
    : 'Monthly prices in US dollars. Cancel any time; your plan runs to the end of the period.';
  updateCheckoutPrice();
}

function renderPlans() {
  const grid = $('plan-grid');
  for (const card of grid.querySelectorAll('[data-generated]')) card.remove();
  const enterprise = grid.querySelector('[data-testid="plan-enterprise"]');
  const sorted = [...state.plans].sort((a, b) => rank(a.tier) - rank(b.tier));
  for (const plan of sorted) {
    const card = planCard(plan);
    card.setAttribute('data-generated', '');
    grid.insertBefore(card, enterprise);
  }
  $('paid-plans-disabled').hidden = sellsAnything() || !state.plans.some(isPaidPlan);
  renderPrices();
}

function rank(tier) {
  const index = TIER_ORDER.indexOf(tier);
  return index === -1 ? TIER_ORDER.length : index;
}

async function loadPlans() {
  const status = $('plans-status');
  status.hidden = false;
  status.textContent = 'Loading plans…';
  $('plans-error').hidden = true;
  const result = await api('/billing/plans');
  if (!result.ok || !Array.isArray(result.data.plans)) {
    status.hidden = true;
    $('plans-error-text').textContent = result.ok
      ? 'Plans could not be shown right now. Please try again.'
      : `Plans could not be loaded. ${result.message}`;
    $('plans-error').hidden = false;
    return;
  }
  state.plans = result.data.plans;
  const fallback = result.data.default_provider;
  if (!state.providerFromUrl && PROVIDERS.includes(fallback)) state.provider = fallback;
  status.textContent = '';
  status.hidden = true;
  renderPlans();
}

/* ---------- subscribe dialog ---------- */

function dialog() {
  return $('subscribe');
}

function openDialog(mode, tier, opener) {
  if (mode !== 'plan' && signedIn()) {
    goToAccount();
    return;
  }
  state.dialogMode = mode;
  state.dialogTier = tier;
  state.opener = opener || null;
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
  if (state.dialogMode === 'plan') {
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
  const next = state.afterClose;
  state.afterClose = null;
  // The close event can arrive after our own focus moves, so the destination is decided here.
  if (next === 'account' && !$('account').hidden) {
    goToAccount();
    return;
  }
  if (state.dialogMode === 'plan') $('pricing').scrollIntoView({ block: 'start' });
  const opener = state.opener;
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
  if (!offersProvider(plan, state.provider)) {
    const first = PROVIDERS.find((provider) => offersProvider(plan, provider));
    if (first) setProvider(first);
  }
  for (const radio of radios) {
    radio.disabled = !offersProvider(plan, radio.value);
    radio.checked = radio.value === state.provider;
  }
}

function setProvider(provider) {
  if (!PROVIDERS.includes(provider)) return;
  state.provider = provider;
  for (const radio of document.querySelectorAll('input[name="provider"]')) {
    radio.checked = radio.value === provider;
  }
  renderPrices();
  if (provider === 'toss') loadTossSdk();
}

function updateCheckoutPrice() {
  const node = $('checkout-price');
  const plan = state.dialogTier ? findPlan(state.dialogTier) : null;
  if (state.dialogMode !== 'plan' || !plan) {
    node.textContent = state.dialogMode === 'signin'
      ? 'Get a sign-in link by email, use the API key you already have, or create a free account.'
      : 'Free plan. No card required.';
    return;
  }
  const via = PROVIDER_NAMES[state.provider];
  node.textContent = `${plan.name || capitalize(plan.tier)}: ${priceText(plan, state.provider)}, paid through ${via}`;
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

function dialogError(message) {
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
  if (state.dialogMode === 'plan') {
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
  state.afterClose = 'account';
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
  const provider = state.provider;
  setBusy(button, true);
  $('subscribe-progress').textContent = `Opening ${PROVIDER_NAMES[provider]}…`;
  const result = await api('/billing/checkout', {
    method: 'POST', auth: true, body: { plan: state.dialogTier, provider },
  });
  if (!result.ok) {
    failCheckout(result.status === 401
      ? 'Your API key was not accepted. Use a different account and try again.'
      : result.message);
    return;
  }
  const data = result.data;
  if ((data.provider || provider) === 'toss' && data.client_key) {
    await startTossBillingAuth(data);
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

/* ---------- Toss Payments ---------- */

function loadTossSdk() {
  if (typeof window.TossPayments === 'function') return Promise.resolve(true);
  if (state.tossSdk) return state.tossSdk;
  const src = safeHttpUrl(metaContent('toss-sdk'));
  if (!src) return Promise.resolve(false);
  state.tossSdk = new Promise((resolve) => {
    const script = document.createElement('script');
    script.src = src;
    script.async = true;
    script.onload = () => resolve(typeof window.TossPayments === 'function');
    script.onerror = () => {
      script.remove();
      state.tossSdk = null;
      resolve(false);
    };
    document.head.append(script);
  });
  return state.tossSdk;
}

async function startTossBillingAuth(data) {
  const ready = await loadTossSdk();
  if (!ready) {
    failCheckout('Toss Payments could not be loaded. Check your connection, or choose another provider.');
    return;
  }
  $('subscribe-progress').textContent = 'Opening Toss Payments card registration…';
  try {
    const payment = window.TossPayments(data.client_key).payment({ customerKey: data.customer_key });
    const request = { method: 'CARD', successUrl: data.success_url, failUrl: data.fail_url };
    if (data.customer_email) request.customerEmail = data.customer_email;
    await payment.requestBillingAuth(request);
    setBusy($('continue-checkout'), false);
    $('subscribe-progress').textContent = 'Finish card registration in the Toss Payments window.';
  } catch (error) {
    const code = error && error.code;
    const detail = error && typeof error.message === 'string' ? error.message : '';
    failCheckout(code === 'USER_CANCEL'
      ? 'Card registration was closed before it finished. Nothing was charged.'
      : `Toss Payments could not start card registration.${detail ? ` ${detail}` : ''} Nothing was charged.`);
  }
}

/* ---------- billing return ---------- */

function handleBillingReturn() {
  const params = new URLSearchParams(window.location.search);
  const outcome = params.get('billing');
  const provider = params.get('provider');
  if (PROVIDERS.includes(provider)) {
    state.provider = provider;
    state.providerFromUrl = true;
  }
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

const activation = { timer: null, deadline: null, finished: false, run: 0 };

function startActivation() {
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

/* ---------- account ---------- */

function refreshAccountVisibility() {
  const visible = signedIn();
  $('account').hidden = !visible;
  $('account-link').hidden = !visible;
  $('sign-in').hidden = visible;
  renderSessionControls();
}

function goToAccount() {
  const section = $('account');
  if (section.hidden) return;
  section.scrollIntoView({ block: 'start' });
  section.focus({ preventScroll: true });
}

async function loadAccount() {
  if (!signedIn()) return;
  $('account-loading').textContent = 'Loading your account…';
  const [usage, keys, subscription] = await Promise.all([
    api('/auth/usage', { auth: true }),
    api('/auth/api-keys', { auth: true }),
    api('/billing/subscription', { auth: true }),
  ]);
  $('account-loading').textContent = '';
  if (usage.status === 401) {
    if (!getKey()) {
      // The session ended elsewhere (signed out everywhere, or expired): this page is signed out too.
      forgetSession();
      signOut();
      return;
    }
    showText($('account-error'), 'This API key is no longer accepted; it may have been revoked or rotated. Sign out and continue with a current key.');
    return;
  }
  showText($('account-error'), '');
  renderUsage(usage);
  renderKeys(keys);
  renderSubscription(subscription);
}

function renderUsage(result) {
  if (!result.ok) {
    showText($('account-error'), `Usage could not be loaded. ${result.message}`);
    return;
  }
  const usage = result.data;
  const name = usage.plan || capitalize(usage.tier) || 'Free';
  $('account-plan').textContent = name;
  const period = usage.period || {};
  $('account-period').textContent = period.start && period.end
    ? `Current period: ${formatDate(period.start)} to ${formatDate(period.end)}`
    : '';
  $('upgrade-link').hidden = Boolean(usage.tier) && usage.tier !== 'free';

  $('usage-meters').replaceChildren(
    meter('Memories', 'memories', usage.memories),
    meter('Agents', 'agents', usage.agents),
    meter('API keys', 'api-keys', usage.api_keys),
  );
  renderRequests(usage.requests || {}, usage.rate_limit, usage.period);
}

function renderRequests(requests, rateLimit, period) {
  $('requests-total').textContent = `${formatNumber(requests.used)} requests this period`;
  $('requests-chart').replaceChildren(dayChart(periodDays(requests.by_day, period)));
  $('requests-functions').textContent = mostUsed(requests.by_function);

  $('rate-limit').textContent = rateLimit && rateLimit.limit
    ? `Rate limit: ${formatNumber(rateLimit.limit)} requests/min, ${formatNumber(rateLimit.remaining)} left in this window.`
    : '';
}

const KEY_SCHEME = 'sk-stellar-';

function isCurrentKey(key) {
  const secret = getKey();
  const prefix = String(key.prefix || '');
  return prefix.length > KEY_SCHEME.length && Boolean(secret) && secret.startsWith(prefix);
}

function renderKeys(result) {
  const list = $('key-list');
  if (!result.ok) {
    list.replaceChildren();
    showText($('keys-error'), `Keys could not be loaded. ${result.message}`);
    return;
  }
  showText($('keys-error'), '');
  const keys = Array.isArray(result.data.keys) ? result.data.keys : [];
  state.keyCount = keys.length;
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
      el('button', {
        type: 'button',
        class: 'button button-small button-secondary',
        'data-testid': 'rotate-key',
        'aria-label': `Rotate ${name}`,
        onclick: (event) => rotateKey(key, event.currentTarget),
      }, 'Rotate'),
      el('button', {
        type: 'button',
        class: 'button button-small button-danger',
        'data-testid': 'revoke-key',
        'aria-label': `Revoke ${name}`,
        onclick: (event) => revokeKey(key, event.currentTarget),
      }, 'Revoke')));
}

function showAccountSecret(secret, label) {
  $('account-secret-label').textContent = label;
  $('account-new-api-key').value = secret;
  $('account-copy-status').textContent = '';
  $('account-secret').hidden = false;
  $('account-new-api-key').focus();
  $('account-new-api-key').select();
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
  if (isCurrentKey(key) && state.keyCount > 1
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

function renderSubscription(result) {
  const text = $('account-subscription');
  const manage = $('manage-billing');
  const cancel = $('cancel-subscription');
  if (!result.ok) {
    // Unknown state: leave both actions available and let the API answer.
    text.textContent = '';
    manage.hidden = false;
    cancel.hidden = false;
    return;
  }
  const sub = result.data.subscription;
  if (!sub) {
    text.textContent = 'No paid subscription. Upgrade from the pricing section whenever you need more.';
    manage.hidden = true;
    cancel.hidden = true;
    return;
  }
  const via = PROVIDER_NAMES[sub.provider] || capitalize(sub.provider);
  const plan = (findPlan(sub.plan) || {}).name || capitalize(sub.plan);
  const end = formatDate(sub.current_period_end);
  const ending = sub.cancel_at_period_end || sub.status === 'ended';
  let line = `${plan} through ${via}`;
  if (sub.status === 'past_due') line += '. A payment failed; update your card to keep the plan.';
  else if (ending) line += end ? `. Cancelled; the plan stays active until ${end}.` : '. Cancelled.';
  else if (end) line += `. Renews on ${end}.`;
  text.textContent = line;
  manage.hidden = false;
  cancel.hidden = ending;
}

async function onManageBilling() {
  const button = $('manage-billing');
  showText($('billing-action-error'), '');
  setBusy(button, true);
  const result = await api('/billing/portal', { method: 'POST', auth: true });
  const url = result.ok ? safeHttpUrl(result.data.portal_url) : '';
  if (!url) {
    setBusy(button, false);
    showText($('billing-action-error'), result.ok ? 'The billing page could not be opened. Please try again.' : result.message);
    return;
  }
  const target = new URL(url);
  const here = window.location;
  // A link back to this page only changes the hash, so nothing would clear the busy state.
  if (target.origin === here.origin && target.pathname === here.pathname && target.search === here.search) {
    setBusy(button, false);
  }
  window.location.assign(url);
}

async function onCancelSubscription() {
  showText($('billing-action-error'), '');
  const confirmed = window.confirm('Cancel your subscription? You keep your current plan until the end of the billing period, then move to Free.');
  if (!confirmed) return;
  const button = $('cancel-subscription');
  setBusy(button, true);
  const result = await api('/billing/cancel', { method: 'POST', auth: true });
  setBusy(button, false);
  if (!result.ok) {
    showText($('billing-action-error'), result.message);
    return;
  }
  renderSubscription(result);
  $('account-subscription').focus();
}

async function onSignOut() {
  if (await signOutSession()) signOut();
}

/** Clears this page's account view and its key; the session, if any, is ended by the caller. */
function signOut() {
  clearKey();
  $('account-secret').hidden = true;
  $('account-new-api-key').value = '';
  $('key-list').replaceChildren();
  $('usage-meters').replaceChildren();
  showText($('account-error'), '');
  refreshAccountVisibility();
  $('pricing').scrollIntoView({ block: 'start' });
  $('sign-in').focus();
}

/* ---------- wiring ---------- */

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
  $('plans-retry').addEventListener('click', loadPlans);
  $('copy-code').addEventListener('click', () => copyText($('code-sample').textContent, $('copy-code-status')));

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
    state.afterClose = 'account';
    closeDialog();
  });
  $('cancel-subscribe').addEventListener('click', closeDialog);
  dialog().addEventListener('close', onDialogClosed);

  $('success-key-form').addEventListener('submit', onSuccessKey);
  $('activation-retry').addEventListener('click', startActivation);

  $('sign-out').addEventListener('click', onSignOut);
  $('create-key-form').addEventListener('submit', onCreateKey);
  $('account-copy-key').addEventListener('click', () => copyField($('account-new-api-key'), $('account-copy-status')));
  $('account-secret-done').addEventListener('click', hideAccountSecret);
  $('manage-billing').addEventListener('click', onManageBilling);
  $('cancel-subscription').addEventListener('click', onCancelSubscription);
  $('account-link').addEventListener('click', () => {
    // The hash jump scrolls; focus follows so keyboard users land in the section too.
    window.setTimeout(() => $('account').focus({ preventScroll: true }), 0);
  });
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
  if (activation.run > 0 || !$('billing-success').hidden) startActivation();
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
