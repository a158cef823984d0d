import { connectOnce } from './connect-once';

describe('connectOnce', () => {
  it('shares one connection attempt between callers', async () => {
    const connect = jest.fn(() => Promise.resolve());
    const connection = connectOnce(connect);
    await Promise.all([connection.ensure(), connection.ensure()]);
    await connection.ensure();
    expect(connect).toHaveBeenCalledTimes(1);
  });

  it('tries again after a failed attempt, and after a reset', async () => {
    const connect = jest.fn().mockRejectedValueOnce(new Error('down')).mockResolvedValue(undefined);
    const connection = connectOnce(connect);
    await expect(connection.ensure()).rejects.toThrow('down');
    await expect(connection.ensure()).resolves.toBeUndefined();
    connection.reset();
    await connection.ensure();
    expect(connect).toHaveBeenCalledTimes(3);
  });
});
