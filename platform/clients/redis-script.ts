import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A Lua script called by its SHA1 (EVALSHA), with or without byte replies. */
export interface RedisScript {
  run(keys: string[], args: (string | number)[]): Promise<unknown>;
  /** Bulk replies as Buffers: what is sent on as it is need not be decoded. */
  runBuffer(keys: string[], args: (string | number)[]): Promise<unknown>;
}

type Call = (...args: (string | number)[]) => Promise<unknown>;

/**
 * Calls `lua` by its SHA1, and sends the text once more only when Redis answers NOSCRIPT (after a
 * restart or SCRIPT FLUSH). Not ioredis's `defineCommand`: with auto-pipelining, each pipeline
 * looks like a new connection to it, so it sent the whole script with every call.
 */
export function redisScript(redis: Redis, lua: string, numberOfKeys: number): RedisScript {
  const sha = createHash('sha1').update(lua).digest('hex');
  // ioredis has `…Buffer` variants of every command at run time; its types omit these two.
  const commands = redis as unknown as Record<'evalsha' | 'evalshaBuffer' | 'eval' | 'evalBuffer', Call>;
  const call = (bySha: Call, byText: Call) => (keys: string[], args: (string | number)[]) =>
    bySha.call(redis, sha, numberOfKeys, ...keys, ...args).catch((error: Error) => {
      if (!error.message.includes('NOSCRIPT')) throw error;
      return byText.call(redis, lua, numberOfKeys, ...keys, ...args);
    });
  return {
    run: call(commands.evalsha, commands.eval),
    runBuffer: call(commands.evalshaBuffer, commands.evalBuffer),
  };
}
