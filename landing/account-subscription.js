// The account's paid subscription: what it is, the provider's billing page, and cancelling at the period's end.
import { api } from './api.js';
import {
  $, capitalize, formatDate, safeHttpUrl, setBusy, showText,
} from './dom.js';
import { PROVIDER_NAMES, findPlan } from './plans.js';

export function renderSubscription(result) {
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

export function initSubscription() {
  $('manage-billing').addEventListener('click', onManageBilling);
  $('cancel-subscription').addEventListener('click', onCancelSubscription);
}
