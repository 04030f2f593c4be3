import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

// A counter that every data view includes in its fetch dependencies. Actions that change
// data behind the views' back (clearing the demo network, an import) call bump() and every
// visible table reloads.
interface DataVersion {
  version: number;
  bump: () => void;
}

const Ctx = createContext<DataVersion>({ version: 0, bump: () => {} });

export function DataVersionProvider({ children }: { children: ReactNode }) {
  const [version, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  const value = useMemo(() => ({ version, bump }), [version, bump]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export const useDataVersion = () => useContext(Ctx);
