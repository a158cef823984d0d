import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { createLogger } from '../../platform/logger';
import { SessionCache } from './session-cache';
import type { SessionRecord } from './sessions';

/** A subscriber connection without Redis: events are emitted by the test. */
class FakeSubscriber extends EventEmitter {
  status = 'wait';
  subscribed: string[] = [];
  async connect() {
    this.status = 'ready';
    this.emit('ready');
  }
  async subscribe(channel: string) {
    this.subscribed.push(channel);
  }
  disconnect() {
    this.status = 'end';
    this.emit('close');
  }
}

const CHANNEL = 'test:auth:session-changes';
const record = (userId: string): SessionRecord => ({
  userId,
  organizationId: 'org',
  role: 'admin',
  roleVersion: 1,
});
const flush = () => new Promise((resolve) => setImmediate(resolve));

async function subscribedCache() {
  const subscriber = new FakeSubscriber();
  const cache = new SessionCache(subscriber as unknown as Redis, CHANNEL, createLogger('silent'));
  await cache.start();
  await flush();
  return { subscriber, cache };
}

describe('SessionCache', () => {
  it('keeps sessions only while subscribed, and forgets them all when the subscription drops', async () => {
    const subscriber = new FakeSubscriber();
    const cache = new SessionCache(subscriber as unknown as Redis, CHANNEL, createLogger('silent'));
    cache.keep('s1', record('u1'), cache.mark());
    expect(cache.get('s1')).toBeUndefined(); // not subscribed yet: nothing is trusted
    await cache.start();
    await flush();
    expect(subscriber.subscribed).toEqual([CHANNEL]);
    cache.keep('s1', record('u1'), cache.mark());
    expect(cache.get('s1')).toEqual(record('u1'));
    subscriber.emit('close'); // announcements may be missed from here on
    expect(cache.get('s1')).toBeUndefined();
    cache.keep('s1', record('u1'), cache.mark());
    expect(cache.get('s1')).toBeUndefined();
  });

  it("drops a session, or all of a user's, when any replica announces a change", async () => {
    const { subscriber, cache } = await subscribedCache();
    cache.keep('s1', record('u1'), cache.mark());
    cache.keep('s2', record('u1'), cache.mark());
    cache.keep('s3', record('u2'), cache.mark());
    subscriber.emit('message', CHANNEL, 's:s3');
    expect(cache.get('s3')).toBeUndefined();
    subscriber.emit('message', 'another channel', 'u:u1');
    expect(cache.get('s1')).toBeDefined();
    subscriber.emit('message', CHANNEL, 'u:u1');
    expect([cache.get('s1'), cache.get('s2')]).toEqual([undefined, undefined]);
  });

  it('does not keep a lookup that began before an announcement', async () => {
    const { cache } = await subscribedCache();
    const mark = cache.mark();
    cache.forgetUser('u9'); // heard while the lookup was in flight, about anyone
    cache.keep('s1', record('u1'), mark);
    expect(cache.get('s1')).toBeUndefined();
  });

  it('forgets locally at once what this process changed', async () => {
    const { cache } = await subscribedCache();
    cache.keep('s1', record('u1'), cache.mark());
    cache.forgetSession('s1');
    expect(cache.get('s1')).toBeUndefined();
    cache.stop();
  });
});
