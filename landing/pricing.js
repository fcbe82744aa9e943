// The pricing section: a card per plan, in the order the API lists them, priced for the chosen provider.
import { $, capitalize, el } from './dom.js';
import {
  allPlans, currentProvider, fetchPlans, findPlan, isPaidPlan, planLimitLines, priceText, sellsAnything,
} from './plans.js';

let hooks = { openDialog: () => {}, onPricesShown: () => {} };

/**
 * @param {object} app openDialog(mode, tier, opener) for the cards' buttons; onPricesShown() after prices change.
 */
export function initPricing(app) {
  hooks = app;
  $('plans-retry').addEventListener('click', loadPlans);
}

function planAction(plan, tier, name) {
  const offered = plan.providers && Object.keys(plan.providers).length > 0;
  if (offered) {
    return el('button', {
      type: 'button',
      class: 'button button-primary',
      'data-testid': `subscribe-${tier}`,
      'aria-label': `Subscribe to ${name}`,
      onclick: (event) => hooks.openDialog('plan', tier, event.currentTarget),
    }, 'Subscribe');
  }
  if (isPaidPlan(plan)) {
    return el('p', { class: 'plan-unavailable', 'data-testid': `unavailable-${tier}`, text: 'Not available on this deployment' });
  }
  return el('button', {
    type: 'button',
    class: 'button button-secondary',
    'data-testid': tier === 'free' ? 'start-free' : `start-${tier}`,
    onclick: (event) => hooks.openDialog('free', null, event.currentTarget),
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

export function renderPrices() {
  const provider = currentProvider();
  for (const node of document.querySelectorAll('.price[data-tier]')) {
    const plan = findPlan(node.dataset.tier);
    if (!plan) continue;
    const text = priceText(plan, provider);
    const [amount, ...rest] = text.split(' ');
    node.replaceChildren(el('span', { class: 'amount', text: amount }), ` ${rest.join(' ')}`);
  }
  $('currency-note').textContent = provider === 'toss'
    ? 'Monthly prices in Korean won, charged by Toss Payments. Cancel any time; your plan runs to the end of the period.'
    : 'Monthly prices in US dollars. Cancel any time; your plan runs to the end of the period.';
  hooks.onPricesShown();
}

// The API lists the plans lowest first (its catalogue's order), so the page keeps that order rather than its own.
function renderPlans() {
  const grid = $('plan-grid');
  for (const card of grid.querySelectorAll('[data-generated]')) card.remove();
  const enterprise = grid.querySelector('[data-testid="plan-enterprise"]');
  for (const plan of allPlans()) {
    const card = planCard(plan);
    card.setAttribute('data-generated', '');
    grid.insertBefore(card, enterprise);
  }
  $('paid-plans-disabled').hidden = sellsAnything() || !allPlans().some(isPaidPlan);
  renderPrices();
}

export async function loadPlans() {
  const status = $('plans-status');
  status.hidden = false;
  status.textContent = 'Loading plans…';
  $('plans-error').hidden = true;
  const result = await fetchPlans();
  if (!result.ok || !Array.isArray(result.data.plans)) {
    status.hidden = true;
    $('plans-error-text').textContent = result.ok
      ? 'Plans could not be shown right now. Please try again.'
      : `Plans could not be loaded. ${result.message}`;
    $('plans-error').hidden = false;
    return;
  }
  status.textContent = '';
  status.hidden = true;
  renderPlans();
}
