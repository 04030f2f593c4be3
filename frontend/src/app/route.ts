import { useEffect, useState } from 'react';

// Hash routing: #/<area>/<sub...>. The hash keeps working when the UI is served from the
// Wails asset server, from commhubd, or opened at any path.
export interface Route {
  area: string;
  rest: string[];
}

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  return { area: parts[0] ?? '', rest: parts.slice(1) };
}

export function navigate(area: string, ...rest: string[]) {
  window.location.hash = '/' + [area, ...rest].map(encodeURIComponent).join('/');
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
