/**
 * Protect (issue 7) inside the web UI: its hash routes (#/protect…), its navigation entries and the
 * screen for each route. router.ts delegates `#/protect/*` here, App.tsx renders ProtectScreen.
 *   #/protect?indicator=…&set=…&period=…&view=rate|hotspots   map
 *   #/protect/series/:id?method=…                             series chart
 *   #/protect/alerts[?tab=inbox|timeline|rules|subscriptions]  alert inbox and timeline
 *   #/protect/alerts/:id                                      one alert
 *   #/protect/practices?q=…                                   practice library
 *   #/protect/cases, #/protect/cases/:id                      task-force cases
 */
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../components/ui';
import { ProtectSeriesScreen } from './ProtectSeries';
import { ProtectAlertScreen, ProtectAlertsScreen } from './ProtectAlerts';
import { ProtectPracticesScreen } from './ProtectPractices';
import { ProtectCaseScreen, ProtectCasesScreen } from './ProtectCases';

// The map brings maplibre-gl (~800 kB): loaded when the map is first opened, in its own chunk.
const ProtectMapScreen = lazy(() => import('./ProtectMap').then((m) => ({ default: m.ProtectMapScreen })));

export type ProtectRoute =
  | { page: 'map'; indicator: string; set: string; period: string; view: 'rate' | 'hotspots' }
  | { page: 'series'; id: string; method: string }
  | { page: 'alerts'; tab: 'inbox' | 'timeline' | 'rules' | 'subscriptions' }
  | { page: 'alert'; id: string }
  | { page: 'practices'; q: string }
  | { page: 'cases' }
  | { page: 'case'; id: string };

const TABS = ['inbox', 'timeline', 'rules', 'subscriptions'] as const;

/** `parts` after 'protect'; null = not a Protect route. */
export function parseProtect(parts: string[], params: URLSearchParams): ProtectRoute | null {
  if (parts.length === 0) {
    return {
      page: 'map', indicator: params.get('indicator') ?? '', set: params.get('set') ?? '', period: params.get('period') ?? '',
      view: params.get('view') === 'hotspots' ? 'hotspots' : 'rate',
    };
  }
  if (parts[0] === 'series' && parts.length === 2) return { page: 'series', id: parts[1]!, method: params.get('method') ?? '' };
  if (parts[0] === 'alerts' && parts.length === 1) {
    const tab = params.get('tab');
    return { page: 'alerts', tab: (TABS as readonly string[]).includes(tab ?? '') ? (tab as (typeof TABS)[number]) : 'inbox' };
  }
  if (parts[0] === 'alerts' && parts.length === 2) return { page: 'alert', id: parts[1]! };
  if (parts[0] === 'practices' && parts.length === 1) return { page: 'practices', q: params.get('q') ?? '' };
  if (parts[0] === 'cases' && parts.length === 1) return { page: 'cases' };
  if (parts[0] === 'cases' && parts.length === 2) return { page: 'case', id: parts[1]! };
  return null;
}

const query = (p: Record<string, string | undefined>) => {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v) u.set(k, v);
  const s = u.toString();
  return s ? `?${s}` : '';
};

export const protectHref = {
  map: (p: { indicator?: string; set?: string; period?: string; view?: string } = {}) => `#/protect${query(p)}`,
  series: (id: string, method = '') => `#/protect/series/${encodeURIComponent(id)}${query({ method })}`,
  alerts: (tab = '') => `#/protect/alerts${query({ tab: tab === 'inbox' ? '' : tab })}`,
  alert: (id: string) => `#/protect/alerts/${encodeURIComponent(id)}`,
  practices: (q = '') => `#/protect/practices${query({ q })}`,
  cases: () => '#/protect/cases',
  case: (id: string) => `#/protect/cases/${encodeURIComponent(id)}`,
};

/** Navigation entries: analysts, supervisors and auditors (the protect.read policy). */
export function protectNav(roles: readonly string[], route: ProtectRoute | null, t: (k: string) => string) {
  if (!roles.some((r) => r === 'analyst' || r === 'supervisor' || r === 'auditor')) return [];
  const page = route?.page;
  return [
    { to: protectHref.map(), label: t('protect.nav.map'), current: page === 'map' || page === 'series' },
    { to: protectHref.alerts(), label: t('protect.nav.alerts'), current: page === 'alerts' || page === 'alert' },
    { to: protectHref.practices(), label: t('protect.nav.practices'), current: page === 'practices' },
    { to: protectHref.cases(), label: t('protect.nav.cases'), current: page === 'cases' || page === 'case' },
  ];
}

export function ProtectScreen({ route }: { route: ProtectRoute }) {
  const { i18n } = useTranslation();
  void i18n.language; // re-render on a language switch
  switch (route.page) {
    case 'map': return <Suspense fallback={<Loading />}><ProtectMapScreen route={route} /></Suspense>;
    case 'series': return <ProtectSeriesScreen key={`${route.id}:${route.method}`} id={route.id} method={route.method} />;
    case 'alerts': return <ProtectAlertsScreen tab={route.tab} />;
    case 'alert': return <ProtectAlertScreen key={route.id} id={route.id} />;
    case 'practices': return <ProtectPracticesScreen q={route.q} />;
    case 'cases': return <ProtectCasesScreen />;
    case 'case': return <ProtectCaseScreen key={route.id} id={route.id} />;
  }
}
