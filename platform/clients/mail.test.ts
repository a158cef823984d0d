import { type AddressInfo, createServer } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createMailer } from './mail';

/** A logger whose lines are kept, parsed. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

const message = {
  to: 'ann@example.com',
  subject: 'Reset your password',
  text: 'Choose a new password: http://app/password-reset#token=secret-token',
  trace: { link: 'http://app/password-reset#token=secret-token', token: 'secret-token' },
};
const mail = { from: 'sa <no-reply@localhost>', appUrl: 'http://app' };

describe('createMailer without SMTP_URL', () => {
  it('logs each mail outside production, with the recipient, link and token a developer follows', async () => {
    const { logger, lines } = capturedLogger();
    await createMailer(mail, 'development', logger).send(message);
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'mail (not sent)',
        mail: { to: 'ann@example.com', subject: 'Reset your password', ...message.trace },
      }),
    ]);
  });

  it('writes nothing a log reader could use in production: no token, no link, no text', async () => {
    const { logger, lines } = capturedLogger();
    await createMailer(mail, 'production', logger).send(message);
    expect(JSON.stringify(lines)).not.toContain('secret-token');
    expect(lines.map((line) => line.msg)).toEqual([
      'SMTP_URL is not set: invitation and password reset mail is dropped',
      'mail not sent: SMTP_URL is not set',
    ]);
    expect(lines[1]).toMatchObject({ to: 'ann@example.com' });
  });
});

/** The smallest SMTP server nodemailer talks to: it keeps the envelope and the data of each mail. */
function fakeSmtpServer(): Promise<{ port: number; received: string[]; close: () => void }> {
  const received: string[] = [];
  const server = createServer((socket) => {
    let data: string | undefined;
    socket.write('220 fake ESMTP\r\n');
    socket.on('data', (chunk: Buffer) => {
      for (const line of chunk
        .toString()
        .split('\r\n')
        .filter((l, i, all) => l || i < all.length - 1)) {
        if (data !== undefined) {
          if (line === '.') {
            received.push(data);
            data = undefined;
            socket.write('250 queued\r\n');
          } else data += `${line}\n`;
        } else if (/^(EHLO|HELO)/i.test(line)) socket.write('250-fake\r\n250 AUTH PLAIN\r\n');
        else if (/^AUTH/i.test(line)) {
          received.push(line);
          socket.write('235 ok\r\n');
        } else if (/^DATA/i.test(line)) {
          data = '';
          socket.write('354 go on\r\n');
        } else if (/^QUIT/i.test(line)) socket.end('221 bye\r\n');
        else {
          received.push(line);
          socket.write('250 ok\r\n');
        }
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ port: (server.address() as AddressInfo).port, received, close: () => server.close() }),
    ),
  );
}

describe('createMailer with SMTP_URL', () => {
  it('sends through the SMTP server, signed in with the URL credentials, from MAIL_FROM', async () => {
    const smtp = await fakeSmtpServer();
    const { logger } = capturedLogger();
    const mailer = createMailer(
      { ...mail, smtpUrl: `smtp://mailer:p%40ss@127.0.0.1:${smtp.port}` },
      'production',
      logger,
    );
    try {
      await mailer.send(message);
    } finally {
      mailer.close();
      smtp.close();
    }
    expect(smtp.received).toEqual(
      expect.arrayContaining([
        `AUTH PLAIN ${Buffer.from('\0mailer\0p@ss').toString('base64')}`,
        'MAIL FROM:<no-reply@localhost>',
        'RCPT TO:<ann@example.com>',
      ]),
    );
    expect(smtp.received.at(-1)).toContain('Subject: Reset your password');
  });
});
