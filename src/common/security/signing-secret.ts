import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../../config/app-config';

// without JWT_SECRET (never in production: config refuses) one random key per process
let processSecret: string | undefined;

/**
 * The key kefu signs with: agent tokens and reserved conversation tokens. JWT_SECRET when set (every instance must
 * share it); otherwise a random key of this process, so nothing signed survives a restart.
 */
export function signingSecret(config: AppConfig): string {
  if (config.jwtSecret) return config.jwtSecret;
  if (config.nodeEnv === 'production') throw new Error('JWT_SECRET is required when NODE_ENV=production');
  if (!processSecret) {
    processSecret = randomBytes(32).toString('base64url');
    new Logger('Security').warn('JWT_SECRET is not set: agent and conversation tokens are signed with a random key of this process and will not survive a restart');
  }
  return processSecret;
}
