/* global document, sessionStorage, window, CustomEvent, Node */
// Shared helpers of the dashboard: DOM building (values always inserted as text), formatting and
// the API call with the key kept in sessionStorage.
export const KEY = 'tokenwatch.apiKey';

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'onclick' || k === 'onsubmit' || k === 'onchange') node[k] = v;
    else if (v !== false && v !== undefined) node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) node.append(c instanceof Node ? c : document.createTextNode(String(c ?? '')));
  return node;
}

export const fmtTime = (ms) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + 'Z';
export const sev = (s) => el('span', { class: `sev sev-${s}` }, s);
export const shortFp = (fp) => `${fp.slice(0, 12)}…`;
/** A token hint as " (…x9Qz)"; a long one (a credential id) shortened to its last 8 characters. */
export const hintText = (hint) => (hint ? ` (…${hint.length > 8 ? hint.slice(-8) : hint})` : '');

/** Calls the API; a 401 forgets the key and announces it (the app shows the login form). */
export async function api(path, options = {}) {
  const res = await fetch(path, {
    ...options,
    headers: { authorization: `Bearer ${sessionStorage.getItem(KEY) ?? ''}`, 'content-type': 'application/json' },
  });
  const body = await res.json().catch(() => ({}));
  if (res.status === 401) {
    sessionStorage.removeItem(KEY);
    window.dispatchEvent(new CustomEvent('tokenwatch:unauthorized'));
    throw new Error('unauthorized');
  }
  if (!res.ok) {
    const problems = (body.problems ?? []).map((p) => `${p.path}: ${p.message}`).join('; ');
    throw new Error(`${body.error ?? `HTTP ${res.status}`}${problems ? ` (${problems})` : ''}`);
  }
  return body;
}

/** A <select> of [value, label] pairs. */
export const select = (id, options, selected) =>
  el(
    'select',
    { id },
    options.map(([value, label]) => el('option', { value, selected: value === selected }, label)),
  );
