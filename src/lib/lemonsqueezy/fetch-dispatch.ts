import { getGlobalDispatcher, setGlobalDispatcher, type Dispatcher } from 'undici';

export const LEMONSQUEEZY_API_ORIGIN = 'https://api.lemonsqueezy.com';

/**
 * @lemonsqueezy/lemonsqueezy.js calls `https://api.lemonsqueezy.com` with the global fetch and
 * takes no base URL and no timeout. This bounds those calls by `timeoutMs` and, when `rerouteTo`
 * is set (the offline stack's stand-in), sends them there: the process-wide undici dispatcher
 * behind Node's fetch, for that one origin only. Node runtime only.
 */
export function configureLemonSqueezyFetch({ rerouteTo, timeoutMs }: { rerouteTo?: string; timeoutMs: number }): void {
  const target = rerouteTo ? new URL(rerouteTo).origin : undefined;
  const interceptor: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (options, handler) => {
    if (!options.origin || new URL(String(options.origin)).origin !== LEMONSQUEEZY_API_ORIGIN) return dispatch(options, handler);
    return dispatch({ ...options, origin: target ?? options.origin, headersTimeout: timeoutMs, bodyTimeout: timeoutMs }, handler);
  };
  setGlobalDispatcher(getGlobalDispatcher().compose(interceptor));
}
