/* global document, window, HTMLElement */
// Keyboard triage: j/k move through the queue, o or Enter opens, a/r/f triage an alert, u goes back
// to the queue, g then o/a/t/s switches view, ? shows the keys. Never while typing in a field.
import { TRIAGE_ACTIONS } from './alert.js';
import { moveSelection } from './queue.js';

const VIEWS = { o: '#/overview', a: '#/alerts', t: '#/tokens', s: '#/silences' };
const typing = (target) => target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

export function installKeys(view) {
  const help = document.getElementById('keys-help');
  let pendingG = false;
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    const key = event.key;
    if (pendingG) {
      pendingG = false;
      if (VIEWS[key]) window.location.hash = VIEWS[key];
      return;
    }
    const page = (window.location.hash || '#/overview').split('?')[0].split('/');
    const onQueue = page[1] === 'alerts' && !page[2];
    const onAlert = page[1] === 'alerts' && page[2];
    if (key === '?') {
      if (help.open) help.close();
      else help.showModal();
    } else if (key === 'g') pendingG = true;
    else if (onQueue && (key === 'j' || key === 'k')) moveSelection(view, key === 'j' ? 1 : -1);
    else if (onQueue && key === 'o') view.querySelector('#alert-queue tr.current a.open-alert')?.click();
    else if (onAlert && TRIAGE_ACTIONS[key]) document.getElementById(TRIAGE_ACTIONS[key])?.click();
    else if (onAlert && key === 'u') window.location.hash = '#/alerts';
    else return;
    event.preventDefault();
  });
}
