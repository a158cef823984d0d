import {
  INVITATION_TOKEN_KEY,
  RESET_TOKEN_KEY,
  type TokenStorage,
  accountLink,
  afterSignIn,
  fragmentToken,
  keepLinkToken,
  signInNotice,
} from './account-links';

function memoryStorage(): TokenStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

describe('account links from the mails', () => {
  it('reads the token from the fragment only', () => {
    expect(fragmentToken('#token=abc_DEF-123')).toBe('abc_DEF-123');
    expect(fragmentToken('token=abc')).toBe('abc');
    expect(fragmentToken('#token=')).toBeUndefined();
    expect(fragmentToken('')).toBeUndefined();
    expect(fragmentToken('#/channels')).toBeUndefined();
  });

  it('knows the two mailed paths and no other', () => {
    expect(accountLink('/invitations/accept', '#token=t1')).toEqual({
      key: INVITATION_TOKEN_KEY,
      token: 't1',
      route: { page: 'invitation' },
    });
    expect(accountLink('/password-reset/', '#token=t2')).toEqual({
      key: RESET_TOKEN_KEY,
      token: 't2',
      route: { page: 'password-reset' },
    });
    expect(accountLink('/', '#token=t3')).toBeUndefined();
    expect(accountLink('/invitations', '#token=t3')).toBeUndefined();
  });

  it('keeps the token for the tab, and a link without one keeps the last', () => {
    const storage = memoryStorage();
    expect(keepLinkToken(accountLink('/invitations/accept', '#token=first')!, storage)).toEqual({
      page: 'invitation',
    });
    keepLinkToken(accountLink('/invitations/accept', '')!, storage);
    expect(storage.items.get(INVITATION_TOKEN_KEY)).toBe('first');
    keepLinkToken(accountLink('/invitations/accept', '#token=second')!, storage);
    expect(storage.items.get(INVITATION_TOKEN_KEY)).toBe('second');
  });

  it('comes back to a pending invitation after signing in', () => {
    const storage = memoryStorage();
    expect(afterSignIn(storage)).toEqual({ page: 'channels' });
    storage.setItem(INVITATION_TOKEN_KEY, 'pending');
    expect(afterSignIn(storage)).toEqual({ page: 'invitation' });
  });

  it('says the password changed only for its own notice', () => {
    expect(signInNotice('#/sign-in?notice=password-changed')).toMatch(/password was changed/);
    expect(signInNotice('#/sign-in?notice=<b>hi</b>')).toBeUndefined();
    expect(signInNotice('#/sign-in')).toBeUndefined();
  });
});
