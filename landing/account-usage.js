// The account view's usage section: limit meters, requests per day, and the most used operations.
// Pure rendering from a GET /auth/usage body; app.js owns loading and the rest of the account view.

const numberFormat = new Intl.NumberFormat('en-US');
const dayFormat = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

// The share of a limit from which its meter turns amber. Below it the meter stays neutral: using what the plan
// includes is not a problem, and red is kept for errors.
export const NEAR_LIMIT = 0.8;

// What customers call each operation; the keys are the function names usage is recorded under.
const OPERATION_NAMES = {
  StoreMemory: 'Store memory',
  StoreMemoryBatch: 'Store batch',
  RecallMemories: 'Recall',
  ListMemories: 'List memories',
  GetMemory: 'Read memory',
  UpdateMemory: 'Update memory',
  ForgetMemory: 'Forget memory',
  GetMemoryStats: 'Memory stats',
  GetTimeline: 'Timeline',
  GetUsage: 'Usage',
  GetCaller: 'Account check',
  ListApiKeys: 'List keys',
  CreateApiKey: 'Create key',
  RevokeApiKey: 'Revoke key',
  RotateApiKey: 'Rotate key',
  CreateCheckout: 'Checkout',
  GetSubscription: 'Subscription status',
  CancelSubscription: 'Cancel subscription',
  OpenBillingPortal: 'Billing portal',
  'mcp.memory_store': 'Store memory (MCP)',
  'mcp.memory_recall': 'Recall (MCP)',
  'mcp.memory_get': 'Read memory (MCP)',
  'mcp.memory_forget': 'Forget memory (MCP)',
  'mcp.memory_list': 'List memories (MCP)',
  'mcp.memory_stats': 'Memory stats (MCP)',
  'mcp.account_usage': 'Usage (MCP)',
};

// What reaching each limit stops, said where the meter says the limit is reached.
const AT_LIMIT = {
  memories: 'new memories need a bigger plan',
  agents: 'new agents need a bigger plan',
  'api-keys': 'new keys need a bigger plan',
};

/** A readable name for a recorded operation; an unknown one is split into words ("FooBar" → "Foo bar"). */
export function operationName(fn) {
  const name = String(fn);
  if (OPERATION_NAMES[name]) return OPERATION_NAMES[name];
  const words = name.replace(/^mcp\./, '').replace(/[_.]/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().trim();
  return words ? words[0].toUpperCase() + words.slice(1) : name;
}

function format(value) {
  return numberFormat.format(Number(value) || 0);
}

function isUnlimited(limit) {
  return limit === null || limit === undefined || Number(limit) < 0;
}

function node(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined) continue;
    if (name === 'text') element.textContent = value;
    else element.setAttribute(name, value);
  }
  element.append(...children.filter((child) => child !== null && child !== undefined));
  return element;
}

/** The state of a limit: 'ok' (neutral), 'near' (amber, from NEAR_LIMIT) or 'reached' (amber, with what it stops). */
export function limitState(used, limit) {
  if (isUnlimited(limit) || !Number(limit)) return 'ok';
  const ratio = used / Number(limit);
  if (ratio >= 1) return 'reached';
  return ratio >= NEAR_LIMIT ? 'near' : 'ok';
}

/** One limit meter: "3 of 5", a bar, and from NEAR_LIMIT on a word on where it stands. */
export function meter(label, id, counts = {}) {
  const used = Number(counts && counts.used) || 0;
  const limit = counts ? counts.limit : null;
  const unlimited = isUnlimited(limit);
  const summary = unlimited ? `${format(used)} used, no limit` : `${format(used)} of ${format(limit)}`;
  const state = limitState(used, limit);
  const note = state === 'reached' ? `Limit reached: ${AT_LIMIT[id] || 'more needs a bigger plan'}.`
    : state === 'near' ? 'Near the limit.' : null;
  const bar = unlimited ? null : node('progress', {
    max: String(Math.max(Number(limit), 1)),
    value: String(Math.min(used, Number(limit))),
    'aria-label': `${label}: ${summary} used`,
    class: state === 'ok' ? null : 'near-limit',
    'data-state': state,
  });
  return node('div', { class: 'meter', 'data-testid': `usage-${id}` },
    node('div', { class: 'meter-head' },
      node('span', { class: 'meter-label', text: label }),
      node('span', { class: 'meter-value', text: summary })),
    bar,
    note ? node('p', { class: 'meter-note', 'data-testid': `usage-${id}-note`, text: note }) : null);
}

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

/** Every day of the period (its end is exclusive) with the requests of each; days without requests are zero, and
 * days still to come are marked, so the axis spans the whole period from its first day. */
export function periodDays(byDay, period, today = new Date()) {
  const counts = new Map((Array.isArray(byDay) ? byDay : []).map((day) => [String(day.date).slice(0, 10), Number(day.requests) || 0]));
  const start = period && period.start ? new Date(`${period.start}T00:00:00Z`) : null;
  const end = period && period.end ? new Date(`${period.end}T00:00:00Z`) : null;
  if (!start || !end || Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || start >= end) {
    return [...counts.entries()].sort().map(([date, requests]) => ({ date, requests, future: false }));
  }
  const now = isoDay(today);
  const days = [];
  for (let day = new Date(start); day < end && days.length < 31; day.setUTCDate(day.getUTCDate() + 1)) {
    const date = isoDay(day);
    days.push({ date, requests: counts.get(date) || 0, future: date > now });
  }
  return days;
}

/** A round top for the axis: 1, 2, 5, 10, 20, 50... at or above the busiest day. */
export function axisTop(peak) {
  if (peak <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(peak));
  return [1, 2, 5, 10].map((step) => step * magnitude).find((top) => top >= peak);
}

/** Requests per day over the period: one bar per day on a labelled axis, so one busy day is one bar, not the chart. */
export function dayChart(days) {
  if (days.length === 0) return node('p', { class: 'muted', text: 'No requests yet this period.' });
  const top = axisTop(Math.max(...days.map((day) => day.requests)));
  const bars = node('ol', { class: 'day-chart', 'aria-label': 'Requests per day', 'data-testid': 'day-chart' });
  days.forEach((day, index) => {
    const label = dayFormat.format(new Date(`${day.date}T00:00:00Z`));
    const bar = node('span', { class: 'day-bar', 'aria-hidden': 'true', 'data-testid': 'day-bar' });
    bar.style.height = day.requests ? `${Math.max(2, (day.requests / top) * 100)}%` : '0';
    // A date under every seventh day from the first, so the axis reads as dates without crowding.
    const tick = index % 7 === 0;
    const text = day.future ? `${label}: still to come` : `${label}: ${format(day.requests)} requests`;
    bars.append(node('li', { title: text, class: day.future ? 'day-future' : null },
      bar,
      tick ? node('span', { class: 'day-tick', 'aria-hidden': 'true', text: label }) : null,
      day.future ? null : node('span', { class: 'visually-hidden', text })));
  });
  return node('div', { class: 'day-chart-frame' },
    node('div', { class: 'day-axis', 'aria-hidden': 'true' },
      node('span', { text: format(top) }), node('span', { text: format(top / 2) }), node('span', { text: '0' })),
    bars);
}

/** "Most used: Store memory 2, Recall 1" from the by-function counts, busiest first. */
export function mostUsed(byFunction, count = 5) {
  const entries = byFunction && typeof byFunction === 'object'
    ? Object.entries(byFunction).sort((a, b) => Number(b[1]) - Number(a[1])).slice(0, count)
    : [];
  return entries.length ? `Most used: ${entries.map(([fn, n]) => `${operationName(fn)} ${format(n)}`).join(', ')}` : '';
}
