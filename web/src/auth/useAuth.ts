import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { login as apiLogin, logout as apiLogout, fetchMe, queryKeys } from '../api/endpoints';
import type { Me, Permission, SessionResponse } from '../api/types';

/** The current session (null when not logged in). */
export function useSession() {
  return useQuery<SessionResponse | null>({
    queryKey: queryKeys.me,
    queryFn: fetchMe,
    staleTime: 5 * 60_000,
    retry: 1,
    refetchOnWindowFocus: false,
  });
}

/** The current user; only use inside authenticated routes. */
export function useMe(): Me {
  const { data } = useSession();
  if (!data) throw new Error('useMe() used outside an authenticated route');
  return data.user;
}

/**
 * Permission names are accepted in two vocabularies: the fine-grained names of the original API contract
 * ('unit.create', 'unit.merge', 'token.create', …) and the coarser names the server's policy emits
 * ('unit.write', 'token.manageOwn', …). Each name is also satisfied by its aliases.
 */
const ALIASES: Record<string, readonly string[]> = {
  'unit.create': ['unit.write'],
  'unit.update': ['unit.write'],
  'unit.merge': ['unit.write'],
  'unit.import': ['unit.write'],
  'unit.write': ['unit.create', 'unit.update', 'unit.merge', 'unit.import'],
  'token.create': ['token.manageOwn'],
  'token.manageOwn': ['token.create'],
  'user.read': ['user.manage'],
};

/**
 * Permissions the original contract did not name. When the server speaks the contract vocabulary
 * (it then sends no 'unit.read'), they fall back to a related permission, or to everyone (true).
 */
const CONTRACT_FALLBACK: Record<string, string | true> = {
  'unit.export': true,
  'audit.verify': 'audit.read',
  'calendar.read': true,
};

export function hasPermission(permissions: readonly string[] | undefined, permission: Permission): boolean {
  if (!permissions) return false;
  if (permissions.includes(permission)) return true;
  if (ALIASES[permission]?.some((a) => permissions.includes(a))) return true;
  const fallback = CONTRACT_FALLBACK[permission];
  if (fallback !== undefined && !permissions.includes('unit.read')) return fallback === true || permissions.includes(fallback);
  return false;
}

/** Where a user lands after signing in: the PAR dashboard for provincial leaders, the overview otherwise. */
export function landingPath(user: Pick<Me, 'roles' | 'permissions'>): string {
  return user.roles.some((r) => r.role === 'provincialLeader') && hasPermission(user.permissions, 'par.read') ? '/par/dashboard' : '/';
}

export function useCan(): (permission: Permission) => boolean {
  const { data } = useSession();
  const permissions = data?.user.permissions;
  return useCallback((permission: Permission) => hasPermission(permissions, permission), [permissions]);
}

export function useLogin() {
  const qc = useQueryClient();
  return useCallback(
    async (username: string, password: string) => {
      const session = await apiLogin(username, password);
      qc.clear();
      qc.setQueryData(queryKeys.me, session);
      return session;
    },
    [qc],
  );
}

export function useLogout() {
  const qc = useQueryClient();
  return useCallback(async () => {
    try {
      await apiLogout();
    } finally {
      qc.clear();
      qc.setQueryData(queryKeys.me, null);
    }
  }, [qc]);
}
