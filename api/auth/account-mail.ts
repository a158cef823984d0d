import type { MailMessage } from '../../platform/clients/mail';
import type { Role } from './permissions';

/**
 * The mails of the account flows. Tokens travel in the link's fragment (`#token=`), which
 * browsers never send to a server nor put in a Referer, so they stay out of access logs.
 */
export function invitationMail(input: {
  appUrl: string;
  to: string;
  organizationName: string;
  role: Role;
  token: string;
  expiresAt: string;
}): MailMessage {
  const link = `${input.appUrl}/invitations/accept#token=${input.token}`;
  return {
    to: input.to,
    subject: `You are invited to ${input.organizationName} on social-analytics`,
    text: [
      `You are invited to join ${input.organizationName} as ${input.role}.`,
      '',
      `Accept: ${link}`,
      '',
      `Sign in (or sign up) with this email address first. The invitation works once, until ${input.expiresAt}.`,
      'If you did not expect it, ignore this mail: nothing changes unless you accept.',
    ].join('\n'),
    trace: { link, token: input.token },
  };
}

export function passwordResetMail(input: {
  appUrl: string;
  to: string;
  token: string;
  validMinutes: number;
}): MailMessage {
  const link = `${input.appUrl}/password-reset#token=${input.token}`;
  return {
    to: input.to,
    subject: 'Reset your social-analytics password',
    text: [
      'Someone (hopefully you) asked to reset the password of this account.',
      '',
      `Choose a new password: ${link}`,
      '',
      `The link works once, within ${input.validMinutes} minutes, and signs out every session of the account.`,
      'If you did not ask for it, ignore this mail: your password stays as it is.',
    ].join('\n'),
    trace: { link, token: input.token },
  };
}
