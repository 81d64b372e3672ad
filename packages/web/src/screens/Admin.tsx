/** Administration for admins: users (with agency and roles) and agencies, each listed with a create form. */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Agency, type Me, type Role, type User } from '../api';
import { currentLang } from '../i18n';
import { useLabels, useMeta } from '../labels';
import { Badge, Empty, ErrorAlert, Loading, PageTitle } from '../components/ui';

const ROLES: Role[] = ['analyst', 'supervisor', 'auditor', 'admin'];
const COUNTRIES = ['MX', 'US'];

function agencyName(a: Agency): string {
  return currentLang() === 'es' ? a.nameEs : a.nameEn;
}

export function AdminScreen({ me }: { me: Me }) {
  const { t } = useTranslation();
  const agencies = useQuery({ queryKey: ['admin', 'agencies'], queryFn: () => list<Agency>('/admin/agencies', 'agencies') });
  const users = useQuery({ queryKey: ['admin', 'users'], queryFn: () => list<User>('/admin/users', 'users') });
  return (
    <section>
      <PageTitle title={t('web.admin.title')}>{t('web.admin.title')}</PageTitle>
      {!me.user.roles.includes('admin') && <p className="alert alert-info">{t('web.admin.admins_only')}</p>}
      <div className="admin-grid">
        <section className="panel" aria-labelledby="h-users">
          <h2 id="h-users">{t('web.admin.users')} {users.data && <span className="count">{users.data.length}</span>}</h2>
          {users.isPending ? <Loading /> : users.isError ? <ErrorAlert error={users.error} /> : users.data.length === 0 ? <Empty>{t('web.admin.no_users')}</Empty> : (
            <UsersTable users={users.data} agencies={agencies.data ?? []} />
          )}
          <CreateUser agencies={agencies.data ?? []} />
        </section>
        <section className="panel" aria-labelledby="h-agencies">
          <h2 id="h-agencies">{t('web.admin.agencies')} {agencies.data && <span className="count">{agencies.data.length}</span>}</h2>
          {agencies.isPending ? <Loading /> : agencies.isError ? <ErrorAlert error={agencies.error} /> : agencies.data.length === 0 ? <Empty>{t('web.admin.no_agencies')}</Empty> : (
            <AgenciesTable agencies={agencies.data} />
          )}
          <CreateAgency />
        </section>
      </div>
    </section>
  );
}

/** The node may answer with a bare list or an object holding it; both are accepted. */
async function list<T>(path: string, key: string): Promise<T[]> {
  const data = await api<unknown>(path);
  if (Array.isArray(data)) return data as T[];
  const inner = (data as Record<string, unknown> | null)?.[key];
  return Array.isArray(inner) ? (inner as T[]) : [];
}

function UsersTable({ users, agencies }: { users: User[]; agencies: Agency[] }) {
  const { t } = useTranslation();
  const L = useLabels();
  const qc = useQueryClient();
  const toggle = useMutation({
    mutationFn: (u: User) => api(`/admin/users/${encodeURIComponent(u.id)}`, { method: 'PATCH', body: { disabled: !u.disabled } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', 'users'] }),
  });
  const byId = new Map(agencies.map((a) => [a.id, a]));
  return (
    <>
      <ErrorAlert error={toggle.error} />
      <div className="table-wrap">
        <table className="data">
          <caption className="sr-only">{t('web.admin.users')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('web.admin.col.username')}</th>
              <th scope="col">{t('web.admin.col.name')}</th>
              <th scope="col">{t('web.admin.col.agency')}</th>
              <th scope="col">{t('web.admin.col.roles')}</th>
              <th scope="col">{t('web.admin.col.status')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => {
              const a = byId.get(u.agencyId);
              return (
                <tr key={u.id}>
                  <td className="mono">{u.username}</td>
                  <td>{u.displayName}</td>
                  <td><span className={`flag flag-${u.country.toLowerCase()}`}>{u.country}</span> {a ? agencyName(a) : u.agencyId}</td>
                  <td>{u.roles.map(L.role).join(', ')}</td>
                  <td className="nowrap">
                    <Badge kind={u.disabled ? 'disabled' : 'active'}>{u.disabled ? t('web.admin.disabled') : t('web.admin.active')}</Badge>{' '}
                    <button type="button" className="btn btn-small btn-quiet" onClick={() => toggle.mutate(u)} disabled={toggle.isPending}
                      aria-label={u.disabled ? t('web.admin.enable_user', { username: u.username }) : t('web.admin.disable_user', { username: u.username })}>
                      {u.disabled ? t('web.admin.enable') : t('web.admin.disable')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function AgenciesTable({ agencies }: { agencies: Agency[] }) {
  const { t } = useTranslation();
  const L = useLabels();
  return (
    <div className="table-wrap">
      <table className="data">
        <caption className="sr-only">{t('web.admin.agencies')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('web.admin.col.id')}</th>
            <th scope="col">{t('web.admin.col.country')}</th>
            <th scope="col">{t('web.admin.col.official_name')}</th>
            <th scope="col">{t('web.admin.col.name_local')}</th>
          </tr>
        </thead>
        <tbody>
          {agencies.map((a) => (
            <tr key={a.id}>
              <td className="mono">{a.id}</td>
              <td>{L.country(a.country)}</td>
              <td>{a.name}</td>
              <td>{agencyName(a)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CreateUser({ agencies }: { agencies: Agency[] }) {
  const { t } = useTranslation();
  const L = useLabels();
  const qc = useQueryClient();
  const empty = { username: '', displayName: '', agencyId: '', password: '', roles: ['analyst'] as Role[] };
  const [f, setF] = useState(empty);
  const create = useMutation({
    mutationFn: () => api<unknown>('/admin/users', { method: 'POST', body: { ...f, username: f.username.trim(), displayName: f.displayName.trim(), agencyId: f.agencyId || agencies[0]?.id || '' } }),
    onSuccess: () => { setF(empty); return qc.invalidateQueries({ queryKey: ['admin', 'users'] }); },
  });
  const submit = (e: FormEvent) => { e.preventDefault(); create.mutate(); };
  const toggleRole = (r: Role) => setF({ ...f, roles: f.roles.includes(r) ? f.roles.filter((x) => x !== r) : [...f.roles, r] });
  return (
    <form className="create-form" onSubmit={submit} aria-labelledby="h-create-user">
      <h3 id="h-create-user">{t('web.admin.create_user')}</h3>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="nu-username">{t('web.admin.col.username')}</label>
          <input id="nu-username" required autoComplete="off" value={f.username} onChange={(e) => setF({ ...f, username: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="nu-name">{t('web.admin.col.name')}</label>
          <input id="nu-name" required autoComplete="off" value={f.displayName} onChange={(e) => setF({ ...f, displayName: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="nu-agency">{t('web.admin.col.agency')}</label>
          <select id="nu-agency" required value={f.agencyId || agencies[0]?.id || ''} onChange={(e) => setF({ ...f, agencyId: e.target.value })}>
            {agencies.map((a) => <option key={a.id} value={a.id}>{a.id} · {agencyName(a)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="nu-password">{t('web.admin.password')}</label>
          <input id="nu-password" type="password" required minLength={12} autoComplete="new-password" aria-describedby="nu-password-help"
            value={f.password} onChange={(e) => setF({ ...f, password: e.target.value })} />
          <p id="nu-password-help" className="help">{t('web.admin.password_help')}</p>
        </div>
      </div>
      <fieldset className="roles">
        <legend>{t('web.admin.col.roles')}</legend>
        {ROLES.map((r) => (
          <label key={r} className="check">
            <input type="checkbox" checked={f.roles.includes(r)} onChange={() => toggleRole(r)} /> {L.role(r)}
          </label>
        ))}
      </fieldset>
      <ErrorAlert error={create.error} />
      <div role="status" aria-live="polite">{create.isSuccess && <p className="alert alert-ok">{t('web.admin.user_created')}</p>}</div>
      <button type="submit" className="btn btn-primary" disabled={create.isPending || f.roles.length === 0}>{t('web.admin.create_user')}</button>
    </form>
  );
}

function CreateAgency() {
  const { t } = useTranslation();
  const L = useLabels();
  const meta = useMeta().data;
  const qc = useQueryClient();
  const empty = { id: '', country: meta?.country ?? 'MX', name: '', nameEn: '', nameEs: '' };
  const [f, setF] = useState(empty);
  const create = useMutation({
    mutationFn: () => api<unknown>('/admin/agencies', { method: 'POST', body: { ...f, id: f.id.trim() } }),
    onSuccess: () => { setF(empty); return qc.invalidateQueries({ queryKey: ['admin', 'agencies'] }); },
  });
  const submit = (e: FormEvent) => { e.preventDefault(); create.mutate(); };
  return (
    <form className="create-form" onSubmit={submit} aria-labelledby="h-create-agency">
      <h3 id="h-create-agency">{t('web.admin.create_agency')}</h3>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="na-id">{t('web.admin.col.id')}</label>
          <input id="na-id" required pattern="[a-z0-9][a-z0-9\-]*" aria-describedby="na-id-help" autoComplete="off" value={f.id} onChange={(e) => setF({ ...f, id: e.target.value })} />
          <p id="na-id-help" className="help">{t('web.admin.agency_id_help')}</p>
        </div>
        <div className="field">
          <label htmlFor="na-country">{t('web.admin.col.country')}</label>
          <select id="na-country" value={f.country} onChange={(e) => setF({ ...f, country: e.target.value })}>
            {COUNTRIES.map((c) => <option key={c} value={c}>{L.country(c)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="na-name">{t('web.admin.col.official_name')}</label>
          <input id="na-name" required autoComplete="off" value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="na-name-en">{t('web.admin.name_en')}</label>
          <input id="na-name-en" required autoComplete="off" value={f.nameEn} onChange={(e) => setF({ ...f, nameEn: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="na-name-es">{t('web.admin.name_es')}</label>
          <input id="na-name-es" required autoComplete="off" value={f.nameEs} onChange={(e) => setF({ ...f, nameEs: e.target.value })} />
        </div>
      </div>
      <ErrorAlert error={create.error} />
      <div role="status" aria-live="polite">{create.isSuccess && <p className="alert alert-ok">{t('web.admin.agency_created')}</p>}</div>
      <button type="submit" className="btn btn-primary" disabled={create.isPending}>{t('web.admin.create_agency')}</button>
    </form>
  );
}
