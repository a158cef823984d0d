import type { Redis } from 'ioredis';

/** A Lua script called by its SHA1 (EVALSHA, loaded on first use), with or without byte replies. */
export interface RedisScript {
  run(keys: string[], args: (string | number)[]): Promise<unknown>;
  /** Bulk replies as Buffers: what is sent on as it is need not be decoded. */
  runBuffer(keys: string[], args: (string | number)[]): Promise<unknown>;
}

/**
 * Defines `lua` on the client (ioredis `defineCommand`): each call sends the script's SHA1, not
 * its text, and ioredis loads the script again if Redis forgot it (a restart, SCRIPT FLUSH).
 */
export function redisScript(redis: Redis, name: string, lua: string, numberOfKeys: number): RedisScript {
  redis.defineCommand(name, { lua, numberOfKeys });
  // defineCommand adds `name` and `${name}Buffer` at run time; ioredis's types cannot know them.
  const commands = redis as unknown as Record<string, (...args: (string | number)[]) => Promise<unknown>>;
  return {
    run: (keys, args) => commands[name]!.call(redis, ...keys, ...args),
    runBuffer: (keys, args) => commands[`${name}Buffer`]!.call(redis, ...keys, ...args),
  };
}
