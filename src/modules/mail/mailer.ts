import nodemailer from 'nodemailer';
import { z } from 'zod';

/**
 * Outgoing mail over SMTP (nodemailer). Configured from the environment; without `CCHC_SMTP_URL` mail is off and
 * reminders are in-app only.
 *
 *   CCHC_SMTP_URL   smtp://user:pass@host:587 or smtps://host:465 (off when unset)
 *   CCHC_MAIL_FROM  the sender, e.g. "CCHC Gia Lai <cchc@gialai.gov.vn>" (default cchc@localhost)
 */
export interface MailConfig {
  url: string;
  from: string;
}

const Env = z.object({
  CCHC_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  CCHC_MAIL_FROM: z.string().min(3).default('cchc@localhost'),
});

/** The mail settings, null when mail is off; throws with the variable's name when a value is wrong. */
export function mailConfigFromEnv(env: NodeJS.ProcessEnv = process.env): MailConfig | null {
  const p = Env.safeParse(env);
  if (!p.success) throw new Error(`Invalid configuration:\n${p.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  return p.data.CCHC_SMTP_URL ? { url: p.data.CCHC_SMTP_URL, from: p.data.CCHC_MAIL_FROM } : null;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/** The outcome of one send: delivered, refused for good (bounce: the server rejected the address), or try later. */
export type SendResult = { ok: true } | { ok: false; permanent: boolean; error: string };

export interface Mailer {
  send(m: OutgoingMail): Promise<SendResult>;
  close(): void;
}

export function smtpMailer(cfg: MailConfig): Mailer {
  const transport = nodemailer.createTransport(cfg.url, { from: cfg.from });
  return {
    async send(m) {
      try {
        const info = await transport.sendMail({ from: cfg.from, to: m.to, subject: m.subject, text: m.text });
        if (info.rejected.length > 0) return { ok: false, permanent: true, error: `rejected: ${info.rejected.join(', ')}` };
        return { ok: true };
      } catch (e) {
        const err = e as { responseCode?: number; response?: string; message?: string };
        const code = err.responseCode ?? 0;
        return { ok: false, permanent: code >= 500 && code < 600, error: (err.response ?? err.message ?? String(e)).slice(0, 500) };
      }
    },
    close() {
      transport.close();
    },
  };
}
