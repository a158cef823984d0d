import { Pool } from 'pg';
import { type RunningApp, type TestAccount, callApi, signUp } from './app';

/** A token pair's fields the security tests read. */
export interface Tokens {
  access_token: string;
  refresh_token: string;
  organization_id: string;
  role: string;
}

/** A member of `owner`'s organization, signed in to it: a new account added by the owner with `role`. */
export interface SignedInMember {
  userId: string;
  email: string;
  password: string;
  token: string;
  refreshToken: string;
}

/**
 * Signs up a new account, makes it a member of `owner`'s organization with `role` (directly in
 * PostgreSQL: how members join is not what these tests are about), and signs it in to that
 * organization.
 */
export async function addSignedInMember(
  app: RunningApp,
  owner: TestAccount,
  role: 'owner' | 'admin' | 'analyst' | 'viewer',
): Promise<SignedInMember> {
  const account = await signUp(app, 'Member own organization');
  const me = await callApi<{ user_id: string }>(app, 'GET', '/v1/me', { token: account.token });
  const pool = new Pool({ connectionString: app.config.postgres.url, max: 1 });
  try {
    await pool.query('INSERT INTO memberships (organization_id, user_id, role) VALUES ($1, $2, $3)', [
      owner.organizationId,
      me.body.user_id,
      role,
    ]);
  } finally {
    await pool.end();
  }
  const login = await callApi<Tokens>(app, 'POST', '/v1/auth/login', {
    body: { email: account.email, password: account.password, organization_id: owner.organizationId },
  });
  if (login.status !== 200) throw new Error(`signing in as a member answered ${login.status}`);
  return {
    userId: me.body.user_id,
    email: account.email,
    password: account.password,
    token: login.body.access_token,
    refreshToken: login.body.refresh_token,
  };
}
