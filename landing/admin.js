// The operator view: the revenue report with a chart per month, and billing health. An admin signs in by emailed
// link like any customer; the session is an HttpOnly cookie this page cannot read, and the CSRF token that must go
// with every change lives in this module's scope only (never storage). Every value from the API goes in as text.
const apiBase = document.querySelector('meta[name="stellar-api-base"]')?.content ?? '';
const $ = (id) => document.getElementById(id);
const signedIn = { email: '', csrf: '' };
const svgNs = 'http://www.w3.org/2000/svg';

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

// Sends the session cookie, and on anything but GET the CSRF token; the answer's problem detail becomes the error.
async function call(path, { method = 'GET', body } = {}) {
  const headers = {};
  if (method !== 'GET') headers['X-CSRF-Token'] = signedIn.csrf;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(apiBase + path, {
    method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error(data?.detail ?? data?.title ?? `The API answered ${response.status}.`);
    error.status = response.status;
    throw error;
  }
  return data;
}

function figure(label, value) {
  const box = element('div', undefined, 'figure');
  box.append(element('span', label), element('strong', value));
  return box;
}

// One bar per month of the currency's MRR at the month's end.
function monthChart(currency) {
  const months = currency.months;
  const width = 600;
  const height = 180;
  const top = Math.max(1, ...months.map((m) => m.mrr_at_end.minor));
  const slot = width / Math.max(1, months.length);
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', 'month-chart');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `${currency.currency} MRR at the end of each month`);
  months.forEach((month, index) => {
    const barHeight = ((height - 30) * month.mrr_at_end.minor) / top;
    const bar = document.createElementNS(svgNs, 'rect');
    bar.setAttribute('x', String(index * slot + slot * 0.15));
    bar.setAttribute('y', String(height - 20 - barHeight));
    bar.setAttribute('width', String(slot * 0.7));
    bar.setAttribute('height', String(barHeight));
    const title = document.createElementNS(svgNs, 'title');
    title.textContent = `${month.month}: ${month.mrr_at_end.formatted} ${currency.currency}`;
    bar.append(title);
    const label = document.createElementNS(svgNs, 'text');
    label.setAttribute('x', String(index * slot + slot / 2));
    label.setAttribute('y', String(height - 5));
    label.setAttribute('text-anchor', 'middle');
    label.textContent = month.month.slice(2);
    svg.append(bar, label);
  });
  return svg;
}

function currencyTable(currency) {
  const table = element('table');
  table.dataset.testid = `months-${currency.currency}`;
  const head = element('tr');
  for (const title of ['Month', 'New', 'Churned', 'Reactivated', 'MRR at end', 'Failed renewals', 'Recovered', 'Refunds']) {
    const cell = element('th', title);
    cell.scope = 'col';
    head.append(cell);
  }
  table.append(element('thead'));
  table.tHead.append(head);
  const body = element('tbody');
  for (const m of currency.months) {
    const row = element('tr');
    const reasons = m.failure_reasons.map((r) => `${r.provider} ${r.reason} ×${r.count}`).join(', ');
    for (const value of [m.month, m.new, m.churned, m.reactivated, m.mrr_at_end.formatted,
      reasons ? `${m.failed_renewals} (${reasons})` : m.failed_renewals, m.recovered_renewals,
      `${m.refunds} (${m.refunded.formatted})`]) {
      row.append(element('td', value));
    }
    body.append(row);
  }
  table.append(body);
  return table;
}

function showRevenue(report) {
  const holder = document.getElementById('revenue-currencies');
  holder.replaceChildren();
  for (const currency of report.currencies) {
    const section = element('section');
    section.dataset.testid = `currency-${currency.currency}`;
    section.append(element('h3', currency.currency));
    const figures = element('div', undefined, 'figures');
    figures.append(
      figure('MRR', `${currency.mrr.formatted} ${currency.currency}`),
      figure('ARR', `${currency.arr.formatted} ${currency.currency}`),
      figure('Active', currency.active),
      figure('Past due', currency.past_due),
      figure('Cancelling at period end', currency.cancelled_at_period_end),
    );
    const plans = element('ul');
    for (const line of currency.by_plan) {
      plans.append(element('li', `${line.provider} ${line.plan}: ${line.subscriptions} (${line.mrr.formatted} ${currency.currency})`));
    }
    section.append(figures, plans, monthChart(currency), currencyTable(currency));
    holder.append(section);
  }
  const rows = document.getElementById('subscriber-rows');
  rows.replaceChildren(...report.subscribers.map((m) => {
    const row = element('tr');
    row.append(element('td', m.month), element('td', m.new), element('td', m.churned), element('td', m.reactivated));
    return row;
  }));
  document.getElementById('revenue').hidden = false;
}

function showHealth(health) {
  const body = document.getElementById('health-body');
  const states = element('ul');
  for (const s of health.webhooks) {
    states.append(element('li', `${s.provider} ${s.state}: ${s.count}${s.refused ? ` (${s.refused} refused)` : ''}`));
  }
  const lag = health.lag;
  const oldest = health.oldest_unprocessed;
  body.replaceChildren(
    element('h3', 'Webhook events'),
    states,
    element('p', `Applied in the last day: ${lag.processed_last_day}; lag average ${lag.average_seconds ?? '-'} s, max ${lag.max_seconds ?? '-'} s.`),
    element('p', oldest
      ? `Oldest unprocessed: ${oldest.provider} ${oldest.event_type}, ${Math.round(oldest.age_seconds)} s old, ${oldest.attempts} attempts (${oldest.id}).`
      : 'No unprocessed event.'),
    element('h3', 'Renewals'),
    element('p', `Due now: ${health.renewals.due}; failing: ${health.renewals.failing}; past due: ${
      health.renewals.past_due.map((p) => `${p.provider} ${p.count}`).join(', ') || 'none'}.`),
  );
  document.getElementById('billing-health').hidden = false;
}

function showSignedIn(email) {
  signedIn.email = email;
  $('admin-who').textContent = email ? `Signed in as ${email}.` : '';
  $('admin-who').hidden = !email;
  $('admin-report').hidden = !email;
  $('admin-sign-in').hidden = Boolean(email);
  if (!email) {
    signedIn.csrf = '';
    $('revenue').hidden = true;
    $('billing-health').hidden = true;
  }
}

async function readSession() {
  try {
    const session = await call('/auth/session');
    signedIn.csrf = String(session.csrf_token || '');
    showSignedIn(String(session.email || ''));
  } catch (error) {
    showSignedIn('');
    $('admin-status').textContent = error.status === 401 ? 'Sign in to see the operator view.' : error.message;
  }
}

$('admin-sign-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  const email = event.currentTarget.elements.email.value.trim();
  const status = $('admin-status');
  try {
    await call('/auth/login', { method: 'POST', body: { email } });
    status.textContent = `Check your mail: if ${email} has an account, a sign-in link is on its way. Follow it, then open this page again.`;
  } catch (error) {
    status.textContent = error.message;
  }
});

$('admin-report').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const status = $('admin-status');
  const query = new URLSearchParams();
  if (form.elements.from.value) query.set('from', form.elements.from.value);
  if (form.elements.to.value) query.set('to', form.elements.to.value);
  status.textContent = 'Loading…';
  try {
    const [report, health] = await Promise.all([
      call(`/admin/reports/revenue?${query}`),
      call('/admin/health/billing'),
    ]);
    showRevenue(report);
    showHealth(health);
    status.textContent = `As of ${report.as_of}.`;
  } catch (error) {
    if (error.status === 401) showSignedIn('');
    status.textContent = error.message;
  }
});

$('admin-sign-out').addEventListener('click', async () => {
  const status = $('admin-status');
  try {
    await call('/auth/logout', { method: 'POST' });
  } catch (error) {
    // A session the server already ended is as good as ended.
    if (error.status !== 401) {
      status.textContent = `Signing out did not complete. ${error.message}`;
      return;
    }
  }
  showSignedIn('');
  status.textContent = 'Signed out.';
});

readSession();
