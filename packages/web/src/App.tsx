/**
 * The shell: skip link, header (Puente, node, user and agency, stated purpose, language, logout),
 * navigation, and the routed screen in <main>. Without a session only the login screen is shown.
 */
import { useMemo, type MouseEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Lang } from '@puente/i18n';
import { api, type Me } from './api';
import { switchSession, useMe } from './auth';
import { setLang } from './i18n';
import { useLabels, useMeta } from './labels';
import { href, parseHash, useHash, type Route } from './router';
import { ErrorAlert, Loading } from './components/ui';
import { LoginScreen } from './screens/Login';
import { SearchScreen } from './screens/Search';
import { EntityScreen } from './screens/Entity';
import { NetworkScreen } from './screens/Network';
import { AuditScreen } from './screens/Audit';
import { AdminScreen } from './screens/Admin';
import { ScreeningScreen } from './screens/Screening';
import { LinkageScreen } from './screens/Linkage';
import { AmlScreen } from './screens/Aml';
import { NotFoundScreen } from './screens/NotFound';
import { FederationScreen } from './screens/Federation';
import { ProtectScreen, protectNav } from './screens/ProtectRoutes';

export function App() {
  const me = useMe();
  const route = parseHash(useHash());
  const { t } = useTranslation();

  return (
    <>
      <a className="skip-link" href="#main" onClick={skipToMain}>{t('web.shell.skip')}</a>
      <Header me={me.data ?? null} route={route} />
      <main id="main" tabIndex={-1}>
        {me.isPending ? <Loading /> : me.isError ? <ErrorAlert error={me.error} /> : !me.data ? <LoginScreen /> : <Screen route={route} me={me.data} />}
      </main>
      <footer className="footer">
        <span>{t('app.tagline')}</span>
        <span>{t('web.shell.footer_audit')}</span>
      </footer>
    </>
  );
}

/** The skip link moves focus without touching the hash, which holds the route. */
function skipToMain(e: MouseEvent<HTMLAnchorElement>) {
  e.preventDefault();
  const main = document.getElementById('main');
  const h1 = main?.querySelector('h1');
  (h1 ?? main)?.focus();
}

function Screen({ route, me }: { route: Route; me: Me }) {
  switch (route.name) {
    case 'search': return <SearchScreen q={route.q} schema={route.schema} offset={route.offset} />;
    case 'entity': return <EntityScreen key={route.id} id={route.id} />;
    case 'network': return <NetworkScreen key={`${route.id}:${route.depth}`} id={route.id} depth={route.depth} />;
    case 'audit': return <AuditScreen me={me} />;
    case 'admin': return <AdminScreen me={me} />;
    case 'screening': return <ScreeningScreen view={route.view} versionId={route.versionId} me={me} />;
    case 'protect': return <ProtectScreen route={route.protect} />;
    case 'linkage': return <LinkageScreen route={route.linkage} me={me} />;
    case 'aml': return <AmlScreen route={route.aml} me={me} />;
    case 'federation': return <FederationScreen key={route.federation.view} route={route.federation} me={me} />;
    case 'not_found': return <NotFoundScreen />;
  }
}

function Header({ me, route }: { me: Me | null; route: Route }) {
  const { t } = useTranslation();
  const meta = useMeta().data;
  const L = useLabels();
  return (
    <header className="app-header">
      <div className="bar">
        <a className="brand" href={href.search()}>
          <svg className="brand-mark" viewBox="0 0 24 16" aria-hidden="true"><path d="M1 14h22M4 14V9a8 8 0 0 1 16 0v5M8 14v-4M12 14V5M16 14v-4" /></svg>
          <span className="brand-name">{t('app.name')}</span>
        </a>
        {meta && (
          <span className="node-id" title={meta.node}>
            {t('web.shell.node', { country: L.country(meta.country), node: meta.node })}
          </span>
        )}
        {me && <MainNav me={me} route={route} />}
        <div className="bar-right">
          {me && (
            <span className="who">
              <span className="who-name">{me.user.displayName}</span>
              <span className="who-detail">{me.user.agencyId} · {me.user.roles.map(L.role).join(', ')}</span>
            </span>
          )}
          <LanguageSwitch />
          {me && <LogoutButton />}
        </div>
      </div>
      {me && <PurposeBar me={me} />}
    </header>
  );
}

function MainNav({ me, route }: { me: Me; route: Route }) {
  const { t } = useTranslation();
  const roles = me.user.roles;
  const items: Array<{ to: string; label: string; current: boolean }> = [
    { to: href.search(), label: t('web.nav.search'), current: route.name === 'search' || route.name === 'entity' || route.name === 'network' },
  ];
  if (roles.some((r) => r === 'analyst' || r === 'supervisor' || r === 'auditor')) {
    items.push({ to: href.screening(), label: t('web.nav.screening'), current: route.name === 'screening' });
    items.push({ to: href.linkage(), label: t('web.nav.linkage'), current: route.name === 'linkage' });
    items.push({ to: href.aml(), label: t('web.nav.aml'), current: route.name === 'aml' });
  }
  items.push(...protectNav(roles, route.name === 'protect' ? route.protect : null, t));
  items.push({ to: href.federation(), label: t('web.federation.nav'), current: route.name === 'federation' });
  if (roles.includes('auditor')) items.push({ to: href.audit(), label: t('web.nav.audit'), current: route.name === 'audit' });
  if (roles.includes('admin')) items.push({ to: href.admin(), label: t('web.nav.admin'), current: route.name === 'admin' });
  return (
    <nav className="main-nav" aria-label={t('web.nav.label')}>
      <ul>
        {items.map((i) => (
          <li key={i.to}><a href={i.to} aria-current={i.current ? 'page' : undefined}>{i.label}</a></li>
        ))}
      </ul>
    </nav>
  );
}

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const langs: Array<{ lang: Lang; short: string; name: string }> = [
    { lang: 'en', short: 'EN', name: 'English' },
    { lang: 'es', short: 'ES', name: 'Español' },
  ];
  return (
    <div className="lang-switch" role="group" aria-label={t('web.shell.language')}>
      {langs.map((l) => (
        <button
          key={l.lang}
          type="button"
          lang={l.lang}
          aria-pressed={i18n.language === l.lang}
          aria-label={`${l.name} (${l.short})`}
          onClick={() => setLang(l.lang)}
        >
          {l.short}
        </button>
      ))}
    </div>
  );
}

function LogoutButton() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const logout = useMutation({
    mutationFn: () => api('/auth/logout', { method: 'POST', body: {} }),
    onSettled: () => {
      switchSession(qc, null);
      window.location.hash = href.search();
    },
  });
  return (
    <button type="button" className="btn btn-quiet" onClick={() => logout.mutate()} disabled={logout.isPending}>
      {t('web.shell.logout')}
    </button>
  );
}

/**
 * The purpose stated for this session is legally significant (every read of personal data is audited
 * with it), so it stays in view on every screen and can be changed in place.
 */
function PurposeBar({ me }: { me: Me }) {
  const { t } = useTranslation();
  const L = useLabels();
  const meta = useMeta().data;
  const qc = useQueryClient();
  const change = useMutation({
    mutationFn: (purpose: string) => api<Partial<Me>>('/auth/purpose', { method: 'PUT', body: { purpose } }),
    onSuccess: async (_data, purpose) => {
      qc.setQueryData<Me | null>(['me'], (old) => (old ? { ...old, purpose } : old));
      // What the user may read depends on the purpose: refetch everything but the session and the model.
      await qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'me' && q.queryKey[0] !== 'meta' });
    },
  });
  const purposes = useMemo(() => meta?.purposes ?? (me.purpose ? [me.purpose] : []), [meta, me.purpose]);
  return (
    <div className="purpose-bar">
      <label htmlFor="session-purpose">{t('web.purpose.stated')}</label>
      <select
        id="session-purpose"
        value={me.purpose ?? ''}
        onChange={(e) => change.mutate(e.target.value)}
        disabled={change.isPending}
        aria-describedby="purpose-note"
      >
        {!me.purpose && <option value="">{t('web.purpose.none')}</option>}
        {purposes.map((p) => <option key={p} value={p}>{L.purpose(p)}</option>)}
      </select>
      <span id="purpose-note" className="purpose-note">{t('web.purpose.note')}</span>
      {change.isSuccess && <span className="purpose-saved" role="status">{t('web.purpose.saved')}</span>}
      {change.isError && <ErrorAlert error={change.error} />}
    </div>
  );
}
