/**
 * The page's state in its URL: every control (an input or select with an id) whose value differs from the one
 * the page starts with is kept as ?id=value, rewritten (history.replaceState) after each change, so the address
 * can be shared. A section takes its values from the URL when it mounts, through the same input and change
 * events the user's moves send, so everything computed from them follows.
 */
type Control = HTMLInputElement | HTMLSelectElement;

const params = new URLSearchParams(window.location.search);
const defaults = new Map<string, string>();

const controlsIn = (root: ParentNode) => [...root.querySelectorAll<Control>('input[id], select[id]')];

function controlValue(el: Control): string {
  if (el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox'))
    return el.checked ? '1' : '0';
  return el.value;
}

function apply(el: Control, v: string): void {
  if (el instanceof HTMLInputElement && el.type === 'radio') {
    if (v !== '1') return;
    el.checked = true;
  } else if (el instanceof HTMLInputElement && el.type === 'checkbox') el.checked = v === '1';
  else el.value = v;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Records a freshly mounted section's starting values, then applies those the URL gives. */
export function restoreSection(section: HTMLElement): void {
  const controls = controlsIn(section);
  for (const el of controls) defaults.set(el.id, controlValue(el));
  for (const el of controls) {
    const v = params.get(el.id);
    if (v !== null && v !== controlValue(el)) apply(el, v);
  }
}

function write(): void {
  for (const section of document.querySelectorAll<HTMLElement>('section[data-mounted="true"]')) {
    for (const el of controlsIn(section)) {
      const v = controlValue(el);
      if (defaults.get(el.id) === v) params.delete(el.id);
      else params.set(el.id, v);
    }
  }
  const query = params.toString();
  const { pathname, hash } = window.location;
  window.history.replaceState(null, '', `${pathname}${query ? `?${query}` : ''}${hash}`);
}

/** Keeps the URL in step with the controls (after the changes of one gesture settle). */
export function watchUrl(): void {
  let timer = 0;
  const later = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(write, 150);
  };
  document.addEventListener('input', later);
  document.addEventListener('change', later);
}
