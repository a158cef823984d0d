import { checkoutSessionCompleted, postStripeEvent } from './support/stripe-events';
import { type ProductProcess, fatalLine, startProduct } from './support/product-process';
import { DEFAULTED_SECRET_VARIABLES } from './support/published-secrets';

/** Waits until the process exits or its Stripe webhook answers; says which. */
async function exitOrAnswer(started: ProductProcess, post: () => Promise<Response>) {
  const deadline = Date.now() + 90_000;
  let exited: number | null | undefined;
  void started.exit.then((code) => (exited = code));
  while (Date.now() < deadline && exited === undefined) {
    const answer = await post().catch(() => undefined); // refused while not listening
    if (answer) return { answer };
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return { exit: await started.exit };
}

/**
 * Issue 16, finding 1: NODE_ENV defaulted to development and production checked only the JWT key,
 * so a production process took the published secrets, and an event signed with `whsec_local`
 * made an organization an Enterprise subscriber.
 */
describe('default secrets in production (issue 16, finding 1)', () => {
  const running: ProductProcess[] = [];
  afterEach(() => {
    for (const started of running.splice(0)) started.child.kill('SIGKILL');
  });

  it.each([
    ['NODE_ENV=production', { NODE_ENV: 'production' }],
    ['NODE_ENV unset', {}],
  ])(
    'with %s and the defaults, exits 1 with CONFIG_INVALID naming each variable, never a value',
    async (_, env) => {
      const started = startProduct({ ROLES: 'connectors', ...env });
      running.push(started);
      expect(await started.exit).toBe(1);
      const fatal = fatalLine(started);
      expect(fatal).toMatchObject({ level: 'fatal', code: 'CONFIG_INVALID' });
      for (const variable of DEFAULTED_SECRET_VARIABLES) expect(fatal.msg).toContain(`${variable}:`);
      const output = [...started.stdout, ...started.stderr].join('\n');
      for (const value of ['whsec_local', 'local-webhook-secret', 'sk_test_123', 'social-analytics-secret'])
        expect(output).not.toContain(value);
    },
    60_000,
  );

  it('takes no checkout.session.completed signed with whsec_local: the production process does not start', async () => {
    // Production with a real JWT key, as the old check asked, and every other secret left at its default.
    const started = startProduct({
      ROLES: 'connectors',
      NODE_ENV: 'production',
      JWT_SIGNING_KEYS: `prod-1:${'k'.repeat(48)}`,
    });
    running.push(started);
    const forged = checkoutSessionCompleted();
    const outcome = await exitOrAnswer(
      started,
      () => postStripeEvent(`http://127.0.0.1:${started.port}`, forged, 'whsec_local').response,
    );
    expect(outcome.answer?.status).toBeUndefined(); // before the fix: 200, the event stored
    expect(outcome.exit).toBe(1);
    expect(fatalLine(started).msg).toContain('STRIPE_WEBHOOK_SECRET:');
  }, 120_000);

  it('starts in development with no secret set (npm start)', async () => {
    const started = startProduct({ ROLES: 'connectors', NODE_ENV: 'development', LOG_LEVEL: 'info' });
    running.push(started);
    const outcome = await exitOrAnswer(started, () => fetch(`http://127.0.0.1:${started.port}/healthz`));
    expect(outcome.answer?.status).toBe(200);
    started.child.kill('SIGTERM');
    expect(await started.exit).toBe(0);
  }, 120_000);
});
