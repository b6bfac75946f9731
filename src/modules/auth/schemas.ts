import { z } from 'zod';
import { ROLES } from '../../domain/access/policy.ts';

export const LoginBody = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const RoleGrantOut = z.object({ role: z.enum(ROLES), unitId: z.string().nullable(), unitName: z.string().nullable() });

export const MeOut = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(RoleGrantOut),
  permissions: z.array(z.string()),
});

export const SessionOut = z.object({ user: MeOut, csrfToken: z.string() });

export const TokenCreateBody = z.strictObject({ name: z.string().trim().min(1).max(100) });
export const TokenOut = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
