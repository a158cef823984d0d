/** A new API key's secret, shown once, with a Copy button. */
import { h, replace } from '../../dom';
import { focusHeading } from './views';

/**
 * Shows the secret in `area` until the viewer says they stored it: the API never answers it again.
 * Focus moves to it, so a keyboard or screen reader lands on the key and its warning.
 */
export function showSecret(area: HTMLElement, name: string, key: string): void {
  const status = h('p', { class: 'hint', role: 'status' });
  const input = h('input', {
    id: 'new-key',
    type: 'text',
    readonly: true,
    value: key,
    class: 'secret',
    spellcheck: 'false',
    autocomplete: 'off',
    'aria-describedby': 'new-key-warning',
  });
  const copy = h('button', { type: 'button', class: 'primary' }, 'Copy key');
  copy.addEventListener('click', () => void copyKey(input, status));
  const done = h('button', { type: 'button', class: 'secondary' }, 'Done');
  const panel = h(
    'div',
    {
      class: 'notice notice-secret',
      role: 'region',
      'aria-labelledby': 'new-key-heading',
      'data-testid': 'api-key-secret',
    },
    h('h3', { id: 'new-key-heading' }, `Copy the key “${name}” now`),
    h(
      'p',
      { id: 'new-key-warning' },
      h('strong', {}, 'You will not see it again.'),
      ' Store it somewhere safe, and send it in the X-API-Key header.',
    ),
    h('div', { class: 'field' }, h('label', { for: 'new-key' }, 'New API key'), input),
    h('div', { class: 'buttons' }, copy, done),
    status,
  );
  done.addEventListener('click', () => {
    replace(area);
    const section = area.closest('section');
    if (section) focusHeading(section);
  });
  replace(area, panel);
  input.focus();
  input.select();
}

/** Copies with the Clipboard API; where it is refused, selects the key for the viewer to copy. */
async function copyKey(input: HTMLInputElement, status: HTMLElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(input.value);
    status.textContent = 'Copied to the clipboard.';
  } catch {
    input.focus();
    input.select();
    status.textContent =
      'Copying was refused by the browser: the key is selected, copy it with Ctrl+C or ⌘C.';
  }
}
