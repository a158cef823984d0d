import { type Route, parseRoute, routeHref } from './routes';

describe('dashboard routes', () => {
  it('opens on the channels list', () => {
    expect(parseRoute('')).toEqual({ page: 'channels' });
    expect(parseRoute('#/')).toEqual({ page: 'channels' });
  });

  it('reads a channel with its granularity and range', () => {
    expect(
      parseRoute('#/channels/telegram%3A-1001234?granularity=minute&from=2026-12-01T00%3A00%3A00.000Z'),
    ).toEqual({
      page: 'channel',
      channel: 'telegram:-1001234',
      granularity: 'minute',
      from: '2026-12-01T00:00:00.000Z',
    });
  });

  it('leaves an unknown granularity to the page', () => {
    expect(parseRoute('#/channels/twitter:42?granularity=fortnight')).toEqual({
      page: 'channel',
      channel: 'twitter:42',
    });
  });

  it('answers not found for a malformed channel key or path', () => {
    expect(parseRoute('#/channels/facebook:1')).toEqual({ page: 'not-found', path: '/channels/facebook:1' });
    expect(parseRoute('#/channels/%E0%A4%A')).toEqual({ page: 'not-found', path: '/channels/%E0%A4%A' });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'not-found', path: '/nowhere' });
  });

  it('reads the compared channels, each once and at most ten, with the metric and granularity', () => {
    const many = Array.from({ length: 12 }, (_, i) => `telegram:-${i + 1}`);
    expect(parseRoute(`#/compare?channels=${many.join(',')}`)).toEqual({
      page: 'compare',
      channels: many.slice(0, 10),
    });
    expect(
      parseRoute(
        '#/compare?channels=twitter:7,facebook:1,twitter:7,telegram:-5&metric=engagement_rate&granularity=week',
      ),
    ).toEqual({
      page: 'compare',
      channels: ['twitter:7', 'telegram:-5'],
      metric: 'engagement_rate',
      granularity: 'week',
    });
  });

  it('leaves an unknown compare metric or granularity to the page', () => {
    expect(parseRoute('#/compare?metric=followers&granularity=minute')).toEqual({
      page: 'compare',
      channels: [],
    });
  });

  it.each<Route>([
    { page: 'sign-in' },
    { page: 'sign-up' },
    { page: 'channels' },
    { page: 'organization' },
    { page: 'sign-in', notice: 'password-changed' },
    { page: 'invitation' },
    { page: 'password-reset' },
    { page: 'forgot-password' },
    { page: 'compare', channels: [] },
    {
      page: 'compare',
      channels: ['telegram:-1001234', 'twitter:42'],
      metric: 'audience',
      granularity: 'day',
    },
    { page: 'channel', channel: 'telegram:-1001234' },
    {
      page: 'channel',
      channel: 'twitter:42',
      granularity: 'day',
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
    },
  ])('writes %j as a hash that reads back the same', (route) => {
    expect(parseRoute(routeHref(route))).toEqual(route);
  });
});
