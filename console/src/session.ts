import { createContext, useContext } from 'react';
import type { Claims, Session } from './auth';

export interface SessionInfo {
  session: Session;
  claims: Claims | null;
  /** The token says admin; the API still decides every call. */
  admin: boolean;
}

export const SessionContext = createContext<SessionInfo | null>(null);

export function useSession(): SessionInfo {
  const info = useContext(SessionContext);
  if (!info) throw new Error('useSession outside a session');
  return info;
}
