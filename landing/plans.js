// The plans as GET /billing/plans sends them (in the catalogue's order, lowest first), the payment provider chosen
// to pay through, and how a plan's prices and limits read.
import { api } from './api.js';
import { formatNumber, isUnlimited } from './dom.js';

export const PROVIDERS = ['lemonsqueezy', 'stripe', 'toss'];
export const PROVIDER_NAMES = { lemonsqueezy: 'Lemon Squeezy', stripe: 'Stripe', toss: 'Toss Payments' };

let plans = [];
let provider = 'lemonsqueezy';
let providerFromUrl = false;

export function allPlans() {
  return plans;
}

export function findPlan(tier) {
  return plans.find((plan) => plan.tier === tier) || null;
}

export function currentProvider() {
  return provider;
}

/** Chooses the provider to pay through; false for one this page does not know. */
export function chooseProvider(name) {
  if (!PROVIDERS.includes(name)) return false;
  provider = name;
  return true;
}

/** A provider named by a billing return wins over the deployment's default. */
export function chooseProviderFromReturn(name) {
  if (chooseProvider(name)) providerFromUrl = true;
}

/** Loads the plans; on success keeps them and the deployment's default provider, unless a return named one. */
export async function fetchPlans() {
  const result = await api('/billing/plans');
  if (!result.ok || !Array.isArray(result.data.plans)) return result;
  plans = result.data.plans;
  if (!providerFromUrl) chooseProvider(result.data.default_provider);
  return result;
}

function planPrice(plan, via) {
  const offer = plan.providers && plan.providers[via];
  if (via === 'toss') {
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

export function priceText(plan, via) {
  const price = planPrice(plan, via);
  return `${formatMoney(price)} / ${price.interval}`;
}

function limitText(value, singular, plural) {
  if (isUnlimited(value)) return `Unlimited ${plural}`;
  return `${formatNumber(value)} ${Number(value) === 1 ? singular : plural}`;
}

export function planLimitLines(limits = {}) {
  return [
    limitText(limits.memories, 'memory', 'memories'),
    limitText(limits.agents, 'agent', 'agents'),
    limitText(limits.api_keys, 'API key', 'API keys'),
    isUnlimited(limits.requests_per_minute)
      ? 'Unlimited requests/min'
      : `${formatNumber(limits.requests_per_minute)} requests/min`,
  ];
}

export function offersProvider(plan, via) {
  const offered = plan && plan.providers ? Object.keys(plan.providers) : [];
  return offered.length === 0 || offered.includes(via);
}

// A plan with a list price is for sale only where a provider is configured; elsewhere its card says so
// rather than offering a button that would quietly open a Free account.
export function isPaidPlan(plan) {
  return Boolean(plan.prices && (Number(plan.prices.usd) > 0 || Number(plan.prices.krw) > 0));
}

export function sellsAnything() {
  return plans.some((plan) => plan.providers && Object.keys(plan.providers).length > 0);
}
