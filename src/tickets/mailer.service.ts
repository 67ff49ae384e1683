import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { DomainError } from '../common/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/** Email through the SMTP server of SMTP_URL (nodemailer); the one place kefu sends mail from. */
@Injectable()
export class MailerService implements OnModuleDestroy {
  private transport?: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get enabled(): boolean {
    return Boolean(this.config.smtp);
  }

  /** Resolves once the SMTP server accepted the message; NOT_READY without SMTP_URL. */
  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    const smtp = this.config.smtp;
    if (!smtp) throw new DomainError('NOT_READY', 'Email replies are not set up on this server (SMTP_URL); mark the ticket handled with a note instead');
    this.transport ??= createTransport(smtp.url);
    try {
      const sent = await this.transport.sendMail({ from: smtp.from, to: mail.to, subject: mail.subject, text: mail.text });
      return { messageId: String(sent.messageId) };
    } catch (error) {
      throw new DomainError('NOT_READY', `The email could not be sent: ${(error as Error).message}`);
    }
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
