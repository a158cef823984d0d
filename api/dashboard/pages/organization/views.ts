/** Pieces the organization page's sections share: tables, failures, status lines. */
import { lastRetryAfter } from '../../api';
import { viewError } from '../../api-errors';
import { errorView, renderViewError } from '../../error-view';
import { h, replace } from '../../dom';
import type { PageContext } from '../../page';
import { type Role, forbiddenMessage, roleName } from './access';

/** A table in a scroll box that a keyboard can reach (a phone may be narrower than the table). */
export function table(columns: string[], rows: HTMLElement[], testId: string, label: string): HTMLElement {
  return h(
    'div',
    { class: 'scroll', role: 'region', 'aria-label': label, tabindex: 0 },
    h(
      'table',
      { 'data-testid': testId },
      h('thead', {}, h('tr', {}, ...columns.map((column) => h('th', { scope: 'col' }, column)))),
      h('tbody', {}, ...rows),
    ),
  );
}

/** A failure where the view or the form's result would be: a 403 as the role's limit, else as usual (402 offers the upgrade). */
export function failureView(failure: unknown): HTMLElement {
  const forbidden = forbiddenMessage(failure);
  return forbidden === undefined
    ? errorView(failure)
    : renderViewError({ kind: 'problem', message: forbidden });
}

/**
 * A row's action (change a role, remove, revoke): `act` calls the API, then `done` is announced
 * and `after` shows the rows as they are now; a failure of either shows in `errors`.
 */
export async function rowAction(
  ctx: PageContext,
  errors: HTMLElement,
  act: () => Promise<unknown>,
  done: string,
  after: () => Promise<void>,
): Promise<void> {
  replace(errors);
  try {
    await act();
    ctx.announce(done);
    await after();
  } catch (failure) {
    replace(errors, failureView(failure));
  }
}

/** The failure as one sentence, for a status line beside a button. */
export function failureText(failure: unknown): string {
  return forbiddenMessage(failure) ?? viewError(failure, lastRetryAfter).message;
}

/** A small button whose accessible name says what it acts on ("Remove ana@example.com"). */
export function rowButton(text: string, label: string, className = 'secondary small'): HTMLButtonElement {
  return h('button', { type: 'button', class: className, 'aria-label': label }, text);
}

/** A section heading that takes focus after the rows under it change (the focused row may be gone). */
export function focusHeading(section: HTMLElement): void {
  const heading = section.querySelector('h2');
  if (!heading) return;
  heading.tabIndex = -1;
  heading.focus();
}

/** A labelled role picker (`name="role"`). */
export function roleField(id: string, roles: readonly Role[], selected: Role): HTMLElement {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, 'Role'),
    h(
      'select',
      { id, name: 'role' },
      ...roles.map((role) => h('option', { value: role, selected: role === selected }, roleName(role))),
    ),
  );
}
