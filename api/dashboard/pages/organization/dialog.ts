/**
 * A modal `<dialog>` that asks before an action: a real dialog element (focus moves into it and
 * stays there, Escape cancels, the page behind is inert), not `window.confirm`, which tests and
 * screen readers handle poorly and a page cannot label.
 */
import { formValues, h } from '../../dom';

type Content = Node | string | null;

export interface DialogOptions {
  /** The dialog's heading, and its accessible name. */
  title: string;
  /** What happens if the viewer confirms: the dialog's description. */
  message: string;
  /** The confirm button's text ("Remove member"); the other button is always "Cancel". */
  confirm: string;
  /** A destructive action: the confirm button says so in colour, and Cancel has the focus. */
  danger?: boolean;
  /** Form fields inside the dialog (a role to choose): their values are what `ask` resolves with. */
  fields?: Content[];
}

let dialogs = 0;

/**
 * Shows the dialog in `host` and resolves with the form's values when the viewer confirms,
 * undefined when they cancel (the button, or Escape). Focus goes back to what had it.
 */
export function ask(host: HTMLElement, options: DialogOptions): Promise<Record<string, string> | undefined> {
  const id = `dialog-${++dialogs}`;
  const cancel = h(
    'button',
    { type: 'submit', value: 'cancel', class: 'secondary', formnovalidate: true, autofocus: options.danger },
    'Cancel',
  );
  const confirm = h(
    'button',
    { type: 'submit', value: 'confirm', class: options.danger ? 'danger' : 'primary' },
    options.confirm,
  );
  const form = h(
    'form',
    { method: 'dialog' },
    h('h2', { id: `${id}-title` }, options.title),
    h('p', { id: `${id}-text` }, options.message),
    ...(options.fields ?? []),
    h('div', { class: 'buttons' }, confirm, cancel),
  );
  const dialog = h(
    'dialog',
    {
      class: 'org-dialog',
      'aria-labelledby': `${id}-title`,
      'aria-describedby': `${id}-text`,
      'data-testid': 'confirm-dialog',
    },
    form,
  );
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  host.append(dialog);
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener(
      'close',
      () => {
        const values = dialog.returnValue === 'confirm' ? formValues(form) : undefined;
        dialog.remove();
        if (opener?.isConnected) opener.focus();
        resolve(values);
      },
      { once: true },
    );
  });
}
