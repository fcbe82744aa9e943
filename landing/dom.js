// Small helpers every section uses: finding and building nodes, showing text, and formatting numbers and dates.

const numberFormat = new Intl.NumberFormat('en-US');

export const $ = (id) => document.getElementById(id);

export function metaContent(name) {
  const meta = document.querySelector(`meta[name="${name}"]`);
  return meta ? (meta.getAttribute('content') || '').trim() : '';
}

export function el(tag, props = {}, ...children) {
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

export function showText(node, text) {
  node.textContent = text || '';
  node.hidden = !text;
}

export function setBusy(button, busy) {
  button.disabled = busy;
  if (busy) button.setAttribute('aria-busy', 'true');
  else button.removeAttribute('aria-busy');
}

export function formatNumber(value) {
  return numberFormat.format(Number(value) || 0);
}

export function isUnlimited(limit) {
  return limit === null || limit === undefined || Number(limit) < 0;
}

export function formatDate(value) {
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

export function capitalize(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : '';
}

export function safeHttpUrl(value) {
  try {
    const url = new URL(String(value), window.location.href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : '';
  } catch {
    return '';
  }
}
