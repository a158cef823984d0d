import nodemailer from 'nodemailer';
import type { Config } from '../config';
import type { Logger } from '../logger';

/** One mail to one recipient, plain text. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /**
   * What a developer needs to follow the mail when it is logged instead of sent (the link and the
   * one-time token): written to the log only outside production, never sent anywhere else.
   */
  trace?: Record<string, string>;
}

/** Sends mail; the API takes one, so tests can capture what would have been sent. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

const TIMEOUT_MS = 10_000;

/**
 * The process's mailer: SMTP when `SMTP_URL` is set. Without it, outside production each mail is
 * a structured log line (recipient, subject, link and token) that a developer can follow; in
 * production nothing that would let a log reader act for the recipient is written, only that a
 * mail was dropped.
 */
export function createMailer(config: Config['mail'], env: Config['env'], logger: Logger): Mailer {
  if (config.smtpUrl !== undefined) return new SmtpMailer(config.smtpUrl, config.from);
  if (env === 'production') logger.warn('SMTP_URL is not set: invitation and password reset mail is dropped');
  return {
    send: async (message) => {
      if (env === 'production') {
        logger.error({ to: message.to, subject: message.subject }, 'mail not sent: SMTP_URL is not set');
        return;
      }
      logger.info(
        { mail: { to: message.to, subject: message.subject, ...message.trace } },
        'mail (not sent)',
      );
    },
    close: () => undefined,
  };
}

/** SMTP through nodemailer, one pooled transport for the process, with bounded waits. */
class SmtpMailer implements Mailer {
  private readonly transport;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    const parsed = new URL(url);
    this.transport = nodemailer.createTransport({
      host: parsed.hostname,
      port: parsed.port ? Number(parsed.port) : undefined,
      secure: parsed.protocol === 'smtps:',
      auth: parsed.username
        ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) }
        : undefined,
      pool: true,
      connectionTimeout: TIMEOUT_MS,
      greetingTimeout: TIMEOUT_MS,
      socketTimeout: TIMEOUT_MS,
    });
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
    });
  }

  close(): void {
    this.transport.close();
  }
}
