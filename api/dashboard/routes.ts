/** Hash routes of the dashboard (`#/channels/telegram:-100…?granularity=hour`): pure, so they are tested without a browser. */
import { type CompareMetric, MAX_COMPARED, isCompareMetric } from './compare-series';
import { type Granularity, PAGE_GRANULARITIES } from './format';

/** The granularities the compare page offers: minutes would make ten lines unreadable. */
export const COMPARE_GRANULARITIES: readonly Granularity[] = ['hour', 'day', 'week'];

/** Where the viewer is. */
export type Route =
  | {
      page: 'sign-in';
      /** Set after a password reset: the page says the password changed. */
      notice?: 'password-changed';
    }
  | { page: 'sign-up' }
  | { page: 'channels' }
  | { page: 'organization' }
  /** A mailed invitation link's page; its token is in sessionStorage (account-links.ts). */
  | { page: 'invitation' }
  /** A mailed password-reset link's page; its token is in sessionStorage. */
  | { page: 'password-reset' }
  /** Asks for a password-reset mail. */
  | { page: 'forgot-password' }
  | {
      page: 'channel';
      channel: string;
      /** Unset: the finest the plan allows, chosen by the page. */
      granularity?: Granularity;
      /** Unset: the granularity's default span. */
      from?: string;
      /** Unset: now, following live updates. */
      to?: string;
    }
  | {
      page: 'compare';
      /** Tracked channels, in the order picked (at most MAX_COMPARED); empty: the page picks. */
      channels: string[];
      /** Unset: posts. */
      metric?: CompareMetric;
      /** Unset: the finest of hour and day the plan allows. */
      granularity?: Granularity;
    }
  | { page: 'not-found'; path: string };

/** Pages that need no session. */
export const PUBLIC_PAGES: ReadonlySet<Route['page']> = new Set([
  'sign-in',
  'sign-up',
  // Says to sign in first when there is no session, so the token is kept across it.
  'invitation',
  'password-reset',
  'forgot-password',
]);

/** The same shape the API accepts for a channel key, so a typo shows "not found" instead of a 400. */
const CHANNEL_KEY = /^(telegram:-?\d{1,20}|twitter:\d{1,20})$/;

function isGranularity(value: string | null): value is Granularity {
  return value !== null && (PAGE_GRANULARITIES as readonly string[]).includes(value);
}

/** Reads a route from `location.hash`; an empty hash is the channels list. */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/channels';
  const [path = '', search = ''] = raw.split('?', 2);
  const query = new URLSearchParams(search);
  if (path === '/sign-in') {
    return query.get('notice') === 'password-changed'
      ? { page: 'sign-in', notice: 'password-changed' }
      : { page: 'sign-in' };
  }
  if (path === '/sign-up') return { page: 'sign-up' };
  if (path === '/channels' || path === '/') return { page: 'channels' };
  if (path === '/organization') return { page: 'organization' };
  if (path === '/invitations/accept') return { page: 'invitation' };
  if (path === '/password-reset') return { page: 'password-reset' };
  if (path === '/forgot-password') return { page: 'forgot-password' };
  if (path === '/compare') return compareRoute(query);
  const match = /^\/channels\/([^/]+)$/.exec(path);
  const channel = match ? safeDecode(match[1]!) : undefined;
  if (channel && CHANNEL_KEY.test(channel)) {
    const granularity = query.get('granularity');
    return {
      page: 'channel',
      channel,
      ...(isGranularity(granularity) ? { granularity } : {}),
      ...(query.get('from') ? { from: query.get('from')! } : {}),
      ...(query.get('to') ? { to: query.get('to')! } : {}),
    };
  }
  return { page: 'not-found', path };
}

function compareRoute(query: URLSearchParams): Route {
  const channels = [...new Set((query.get('channels') ?? '').split(','))]
    .filter((channel) => CHANNEL_KEY.test(channel))
    .slice(0, MAX_COMPARED);
  const metric = query.get('metric');
  const granularity = query.get('granularity');
  return {
    page: 'compare',
    channels,
    ...(isCompareMetric(metric) ? { metric } : {}),
    ...(granularity && (COMPARE_GRANULARITIES as readonly string[]).includes(granularity)
      ? { granularity: granularity as Granularity }
      : {}),
  };
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** The hash of a route, the inverse of `parseRoute`. */
export function routeHref(route: Route): string {
  switch (route.page) {
    case 'sign-in':
      return route.notice ? `#/sign-in?notice=${route.notice}` : '#/sign-in';
    case 'sign-up':
      return '#/sign-up';
    case 'channels':
      return '#/channels';
    case 'organization':
      return '#/organization';
    case 'invitation':
      return '#/invitations/accept';
    case 'password-reset':
      return '#/password-reset';
    case 'forgot-password':
      return '#/forgot-password';
    case 'not-found':
      return `#${route.path}`;
    case 'compare': {
      const query = new URLSearchParams();
      if (route.channels.length > 0) query.set('channels', route.channels.join(','));
      if (route.metric) query.set('metric', route.metric);
      if (route.granularity) query.set('granularity', route.granularity);
      // Commas and colons read better unescaped, and a channel key holds nothing else to escape.
      const search = query.toString().replace(/%2C/g, ',').replace(/%3A/g, ':');
      return `#/compare${search ? `?${search}` : ''}`;
    }
    case 'channel': {
      const query = new URLSearchParams();
      if (route.granularity) query.set('granularity', route.granularity);
      if (route.from) query.set('from', route.from);
      if (route.to) query.set('to', route.to);
      const search = query.toString();
      return `#/channels/${encodeURIComponent(route.channel)}${search ? `?${search}` : ''}`;
    }
  }
}
