/** The session: who is logged in and with which stated purpose (GET /api/auth/me; 401 means nobody). */
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { api, ApiError, type Me } from './api';

export async function fetchMe(): Promise<Me | null> {
  try {
    return await api<Me>('/auth/me');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export function useMe() {
  return useQuery({ queryKey: ['me'], queryFn: fetchMe, staleTime: 60_000 });
}

/**
 * A new session (login, logout) must not see the previous session's answers: drop every cached
 * query except the session itself and the model, then set the session. (QueryClient.clear() would
 * also detach the components observing ['me'], so they would miss the change.)
 */
export function switchSession(qc: QueryClient, me: Me | null): void {
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' && q.queryKey[0] !== 'meta' });
  qc.setQueryData(['me'], me);
}
