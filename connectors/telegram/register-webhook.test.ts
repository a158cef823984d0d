import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { registerWebhook, webhookUrl } from './register-webhook';

/** A local stand-in for the Bot API: records calls and answers in Telegram's wire format. */
async function fakeBotApi(): Promise<{
  server: Server;
  root: string;
  calls: Array<{ path: string; body: Record<string, unknown> }>;
}> {
  const calls: Array<{ path: string; body: Record<string, unknown> }> = [];
  let registered: Record<string, unknown> = {};
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      calls.push({ path: req.url ?? '', body });
      res.setHeader('content-type', 'application/json');
      if (req.url?.endsWith('/setWebhook')) {
        registered = body;
        res.end(JSON.stringify({ ok: true, result: true, description: 'Webhook was set' }));
      } else {
        const result = {
          url: registered.url,
          has_custom_certificate: false,
          pending_update_count: 3,
          max_connections: registered.max_connections,
          allowed_updates: registered.allowed_updates,
        };
        res.end(JSON.stringify({ ok: true, result }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, root: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls };
}

describe('registering the Telegram webhook', () => {
  it('asks for every analysed update type, with the secret, keeping pending updates', async () => {
    const api = await fakeBotApi();
    try {
      const state = await registerWebhook({
        botToken: '123456:test-token',
        secret: 'the-secret',
        apiRoot: api.root,
        publicUrl: 'https://ingest.example.com',
      });
      const call = api.calls.find((c) => c.path === '/bot123456:test-token/setWebhook');
      expect(call?.body).toMatchObject({
        url: 'https://ingest.example.com/api/social/telegram/webhook',
        secret_token: 'the-secret',
        drop_pending_updates: false,
        allowed_updates: [
          'message',
          'edited_message',
          'channel_post',
          'edited_channel_post',
          'message_reaction',
          'message_reaction_count',
          'chat_member',
          'my_chat_member',
        ],
      });
      expect(state).toEqual({
        url: 'https://ingest.example.com/api/social/telegram/webhook',
        allowedUpdates: call?.body.allowed_updates,
        pendingUpdates: 3,
      });
    } finally {
      api.server.close();
    }
  });

  it('refuses a URL Telegram would not deliver to', () => {
    expect(() => webhookUrl('http://ingest.example.com')).toThrow(/HTTPS only/);
    expect(() => webhookUrl('not a url')).toThrow(/not a URL/);
    expect(webhookUrl('https://a.example/base/')).toBe('https://a.example/api/social/telegram/webhook');
  });
});
