import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { fetchMe, login as apiLogin, logout as apiLogout, queryKeys } from '../api/endpoints';
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

export function useCan(): (permission: Permission) => boolean {
  const { data } = useSession();
  const permissions = data?.user.permissions;
  return useCallback((permission: Permission) => !!permissions?.includes(permission), [permissions]);
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
