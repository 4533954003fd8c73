import { getGlobalDispatcher, setGlobalDispatcher, type Dispatcher } from 'undici';

/** Polar's API hosts: production and sandbox. */
export const POLAR_API_HOSTS = new Set(['api.polar.sh', 'sandbox-api.polar.sh']);

/**
 * Redirects every fetch to Polar's API hosts to `baseUrl`'s origin (keeping path and query),
 * through the process-wide undici dispatcher that Node's fetch uses. Node runtime only.
 */
export function routePolarTo(baseUrl: string): void {
  const target = new URL(baseUrl).origin;
  const interceptor: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (options, handler) => {
    const origin = options.origin ? new URL(String(options.origin)) : undefined;
    if (origin && POLAR_API_HOSTS.has(origin.hostname)) {
      return dispatch({ ...options, origin: target }, handler);
    }
    return dispatch(options, handler);
  };
  setGlobalDispatcher(getGlobalDispatcher().compose(interceptor));
}
