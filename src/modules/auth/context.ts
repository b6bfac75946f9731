import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../domain/access/policy.ts';
import type { Clock } from '../../domain/shared/clock.ts';

/** What every use case receives: the database, the clock, and who is acting from where. */
export interface UseCaseContext {
  db: Kysely<DB>;
  clock: Clock;
  actor: Actor & { displayName: string };
  ip: string | null;
}

/** For work the system does on its own (seeding, the CLI). */
export function systemActor(name = 'system'): UseCaseContext['actor'] {
  return { userId: '', username: name, displayName: name, grants: [{ role: 'admin', unitId: null }] };
}

export const actorIdOrNull = (a: UseCaseContext['actor']) => (a.userId === '' ? null : a.userId);
