import { createHash, randomBytes } from 'node:crypto';

/** Opaque random secrets; only their SHA-256 is stored. */
export function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** API tokens carry a recognisable prefix so that leaked ones can be found by secret scanners. */
export const API_TOKEN_PREFIX = 'cchc_';
