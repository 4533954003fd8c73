// A stand-in's one webhook endpoint: created on first start and kept, with its enabled flag, in
// the state file; a secret or URL given at a later start replaces the stored one (the dev stack
// may restart with new settings, and must not sign with a stale secret).
import type { EndpointRecord } from './webhook-delivery.ts';
import type { Collection } from './store.ts';

export interface OneEndpoint {
  current(): EndpointRecord;
  setUrl(url: string): void;
}

export interface OneEndpointOptions {
  newId(): string;
  secret: string;
  url?: string;
  events: string[];
  /** ISO time of the stand-in's clock. */
  now(): string;
}

export function keepOneEndpoint(endpoints: Collection<EndpointRecord>, options: OneEndpointOptions): OneEndpoint {
  const existing = endpoints.values()[0];
  let endpoint =
    existing ??
    endpoints.put({ id: options.newId(), created_at: options.now(), modified_at: null, url: options.url ?? '', secret: options.secret, enabled: true, events: options.events });
  if (existing && (existing.secret !== options.secret || (options.url && existing.url !== options.url))) {
    endpoint = endpoints.put({ ...existing, secret: options.secret, url: options.url ?? existing.url, modified_at: options.now() });
  }
  // Read back from the collection: delivery switches it off (and the API on again) in place.
  const current = () => endpoints.get(endpoint.id) ?? endpoint;
  return {
    current,
    setUrl(url) {
      endpoint = endpoints.put({ ...current(), url, modified_at: options.now() });
    },
  };
}
