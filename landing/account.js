// The account section: plan and usage, with the keys and the subscription in their own modules.
import { renderKeys } from './account-keys.js';
import { renderSubscription } from './account-subscription.js';
import { dayChart, meter, mostUsed, periodDays } from './account-usage.js';
import { api } from './api.js';
import { clearKey, getKey, signedIn } from './credentials.js';
import {
  $, capitalize, formatDate, formatNumber, showText,
} from './dom.js';
import { forgetSession, renderSessionControls, signOutSession } from './session.js';

export function refreshAccountVisibility() {
  const visible = signedIn();
  $('account').hidden = !visible;
  $('account-link').hidden = !visible;
  $('sign-in').hidden = visible;
  renderSessionControls();
}

export function goToAccount() {
  const section = $('account');
  if (section.hidden) return;
  section.scrollIntoView({ block: 'start' });
  section.focus({ preventScroll: true });
}

export async function loadAccount() {
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

export function renderUsage(result) {
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

/** Shows a key once (created, rotated or recovered), selected for copying. */
export function showAccountSecret(secret, label) {
  $('account-secret-label').textContent = label;
  $('account-new-api-key').value = secret;
  $('account-copy-status').textContent = '';
  $('account-secret').hidden = false;
  $('account-new-api-key').focus();
  $('account-new-api-key').select();
}

/** Clears this page's account view and its key; the session, if any, is ended by the caller. */
export function signOut() {
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

async function onSignOut() {
  if (await signOutSession()) signOut();
}

export function initAccount() {
  $('sign-out').addEventListener('click', onSignOut);
  $('account-link').addEventListener('click', () => {
    // The hash jump scrolls; focus follows so keyboard users land in the section too.
    window.setTimeout(() => $('account').focus({ preventScroll: true }), 0);
  });
}
