/** A failure as the viewer sees it: the plan that unlocks a view with an upgrade button, or a plain message. */
import { call, lastRetryAfter } from './api';
import { type ViewError, viewError } from './api-errors';
import { h } from './dom';
import { planName } from './format';
import { client } from './session';

/** The message for `failure`, ready to put where the failed view would have been. */
export function errorView(failure: unknown): HTMLElement {
  return renderViewError(viewError(failure, lastRetryAfter));
}

/** Renders a ViewError; the upgrade notice carries `data-testid="upgrade-message"`. */
export function renderViewError(error: ViewError): HTMLElement {
  if (error.kind === 'upgrade') return upgradeNotice(error.plan, error.message);
  const testId = error.kind === 'unavailable' ? 'unavailable-message' : 'error-message';
  return h(
    'div',
    { class: `notice notice-${error.kind}`, role: 'alert', 'data-testid': testId },
    h('p', {}, error.message),
  );
}

function upgradeNotice(plan: string | null, message: string): HTMLElement {
  const status = h('p', { class: 'hint', role: 'status' });
  const notice = h(
    'div',
    { class: 'notice notice-upgrade', role: 'alert', 'data-testid': 'upgrade-message' },
    h(
      'p',
      {},
      h('strong', {}, plan ? `Available on the ${planName(plan)} plan.` : 'Not available on your plan.'),
      ' ',
      message,
    ),
  );
  if (plan === 'pro' || plan === 'enterprise') notice.append(upgradeButton(plan, status), status);
  return notice;
}

/** A button that starts Stripe Checkout for `plan`; `status` says what happens or went wrong. */
export function upgradeButton(plan: 'pro' | 'enterprise', status: HTMLElement): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'primary' }, `Upgrade to ${planName(plan)}`);
  button.addEventListener('click', () => void startCheckout(plan, button, status));
  return button;
}

/** Starts Stripe Checkout through the API and sends the browser there; comes back to this page. */
async function startCheckout(plan: 'pro' | 'enterprise', button: HTMLButtonElement, status: HTMLElement) {
  button.disabled = true;
  status.textContent = 'Opening checkout…';
  try {
    const here = location.href;
    const session = await call(() =>
      client.POST('/v1/billing/checkout', { body: { plan, success_url: here, cancel_url: here } }),
    );
    if (session.url) location.assign(session.url);
    else status.textContent = 'Checkout did not return a page to open. Please try again.';
  } catch (failure) {
    status.textContent = viewError(failure, lastRetryAfter).message;
  } finally {
    button.disabled = false;
  }
}
