/**
 * Hash routing (#/search, #/entity/:id, #/entity/:id/network, #/audit, #/admin): the node serves one
 * index.html, so routes live in the fragment and need no server rewrite. Search state sits in the hash
 * query (#/search?q=…&schema=…) so Back, bookmarks and shared links restore it.
 */
import { useSyncExternalStore } from 'react';
import { parseProtect, type ProtectRoute } from './screens/ProtectRoutes';
import type { LinkageRoute } from './screens/Linkage';
import type { AmlRoute } from './screens/Aml';
import { parseFederation, federationHref, type FederationRoute, type FederationView } from './screens/Federation';

export type Route =
  | { name: 'search'; q: string; schema: string; offset: number }
  | { name: 'entity'; id: string }
  | { name: 'network'; id: string; depth: number }
  | { name: 'audit' }
  | { name: 'admin' }
  | { name: 'protect'; protect: ProtectRoute }
  | { name: 'screening'; view: 'screen' | 'batch' | 'review' | 'lists'; versionId?: string }
  | { name: 'linkage'; linkage: LinkageRoute }
  | { name: 'aml'; aml: AmlRoute }
  | { name: 'federation'; federation: FederationRoute }
  | { name: 'not_found'; path: string };

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/search';
  const [path, query = ''] = raw.split('?', 2) as [string, string?];
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean).map((p) => {
    try { return decodeURIComponent(p); } catch { return p; }
  });
  if (parts.length === 0 || (parts[0] === 'search' && parts.length === 1)) {
    const offset = Number(params.get('offset') ?? 0);
    return { name: 'search', q: params.get('q') ?? '', schema: params.get('schema') ?? '', offset: Number.isFinite(offset) && offset > 0 ? Math.floor(offset) : 0 };
  }
  if (parts[0] === 'entity' && parts.length === 2) return { name: 'entity', id: parts[1]! };
  if (parts[0] === 'entity' && parts.length === 3 && parts[2] === 'network') {
    const depth = Number(params.get('depth') ?? 1);
    return { name: 'network', id: parts[1]!, depth: depth === 2 ? 2 : 1 };
  }
  if (parts[0] === 'audit' && parts.length === 1) return { name: 'audit' };
  if (parts[0] === 'admin' && parts.length === 1) return { name: 'admin' };
  if (parts[0] === 'protect') {
    const protect = parseProtect(parts.slice(1), params);
    if (protect) return { name: 'protect', protect };
  }
  // #/screening, #/screening/batch, #/screening/review, #/screening/lists, #/screening/lists/<version id>
  if (parts[0] === 'screening' && parts.length === 1) return { name: 'screening', view: 'screen' };
  if (parts[0] === 'screening' && parts.length === 2 && (parts[1] === 'batch' || parts[1] === 'review' || parts[1] === 'lists')) {
    return { name: 'screening', view: parts[1] };
  }
  if (parts[0] === 'screening' && parts.length === 3 && parts[1] === 'lists') return { name: 'screening', view: 'lists', versionId: parts[2]! };
  // #/linkage, #/linkage/pair/<left>/<right>, #/linkage/profile/<id>
  if (parts[0] === 'linkage' && parts.length === 1) return { name: 'linkage', linkage: { view: 'queue' } };
  if (parts[0] === 'linkage' && parts.length === 4 && parts[1] === 'pair') return { name: 'linkage', linkage: { view: 'pair', left: parts[2]!, right: parts[3]! } };
  if (parts[0] === 'linkage' && parts.length === 3 && parts[1] === 'profile') return { name: 'linkage', linkage: { view: 'profile', id: parts[2]! } };
  // #/aml, #/aml/alert/<id>, #/aml/cases, #/aml/case/<id>, #/aml/account/<id>?from=…&to=…
  if (parts[0] === 'aml' && parts.length === 1) return { name: 'aml', aml: { view: 'alerts' } };
  if (parts[0] === 'aml' && parts.length === 2 && parts[1] === 'cases') return { name: 'aml', aml: { view: 'cases' } };
  if (parts[0] === 'aml' && parts.length === 2 && parts[1] === 'network') return { name: 'aml', aml: { view: 'network' } };
  if (parts[0] === 'aml' && parts.length === 3 && parts[1] === 'alert') return { name: 'aml', aml: { view: 'alert', id: parts[2]! } };
  if (parts[0] === 'aml' && parts.length === 3 && parts[1] === 'case') return { name: 'aml', aml: { view: 'case', id: parts[2]! } };
  if (parts[0] === 'aml' && parts.length === 3 && parts[1] === 'account') {
    const date = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : '');
    return { name: 'aml', aml: { view: 'account', id: parts[2]!, from: date(params.get('from')), to: date(params.get('to')) } };
  }
  // #/federation, #/federation/<view>
  if (parts[0] === 'federation') {
    const federation = parseFederation(parts.slice(1));
    if (federation) return { name: 'federation', federation };
  }
  return { name: 'not_found', path };
}

export const href = {
  search: (q = '', schema = '', offset = 0): string => {
    const p = new URLSearchParams();
    if (q) p.set('q', q);
    if (schema) p.set('schema', schema);
    if (offset) p.set('offset', String(offset));
    const s = p.toString();
    return `#/search${s ? `?${s}` : ''}`;
  },
  entity: (id: string): string => `#/entity/${encodeURIComponent(id)}`,
  network: (id: string, depth = 1): string => `#/entity/${encodeURIComponent(id)}/network${depth === 2 ? '?depth=2' : ''}`,
  audit: (): string => '#/audit',
  linkage: (): string => '#/linkage',
  aml: (): string => '#/aml',
  amlCases: (): string => '#/aml/cases',
  amlNetwork: (): string => '#/aml/network',
  amlAlert: (id: string): string => `#/aml/alert/${encodeURIComponent(id)}`,
  amlCase: (id: string): string => `#/aml/case/${encodeURIComponent(id)}`,
  amlAccount: (id: string, from = '', to = ''): string => {
    const p = new URLSearchParams();
    if (from) p.set('from', from);
    if (to) p.set('to', to);
    const s = p.toString();
    return `#/aml/account/${encodeURIComponent(id)}${s ? `?${s}` : ''}`;
  },
  linkagePair: (left: string, right: string): string => `#/linkage/pair/${encodeURIComponent(left)}/${encodeURIComponent(right)}`,
  linkageProfile: (id: string): string => `#/linkage/profile/${encodeURIComponent(id)}`,
  admin: (): string => '#/admin',
  federation: (view?: FederationView): string => federationHref(view),
  screening: (view: 'screen' | 'batch' | 'review' | 'lists' = 'screen', versionId?: string): string =>
    `#/screening${view === 'screen' ? '' : `/${view}`}${view === 'lists' && versionId ? `/${encodeURIComponent(versionId)}` : ''}`,
};

export function navigate(to: string): void {
  if (window.location.hash !== to) window.location.hash = to;
}

const subscribe = (cb: () => void) => {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
};

/** The current hash; components parse it with parseHash (memoised by the caller). */
export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}

/**
 * Focus follows navigation: after a route change (or a login) the next page heading to mount takes
 * focus, so keyboard and screen-reader users start on the new content (WCAG 2.4.3). On the first load
 * focus stays at the top of the document, where the skip link is the first stop.
 */
let focusPending = false;
window.addEventListener('hashchange', () => { focusPending = true; });
export function requestHeadingFocus(): void { focusPending = true; }
export function takeHeadingFocus(): boolean {
  const was = focusPending;
  focusPending = false;
  return was;
}
