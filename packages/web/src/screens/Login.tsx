/** Login: username, password and the purpose the session will be used for (stated before any record is read). */
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Me } from '../api';
import { switchSession } from '../auth';
import { requestHeadingFocus } from '../router';
import { useLabels, useMeta } from '../labels';
import { ErrorAlert, PageTitle } from '../components/ui';

const DEFAULT_PURPOSE = 'criminal_investigation';

export function LoginScreen() {
  const { t } = useTranslation();
  const L = useLabels();
  const meta = useMeta();
  const qc = useQueryClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [purpose, setPurpose] = useState(DEFAULT_PURPOSE);
  const login = useMutation({
    mutationFn: () => api<Me>('/auth/login', { method: 'POST', body: { username: username.trim(), password, purpose: purpose || null } }),
    onSuccess: (me) => {
      requestHeadingFocus();
      switchSession(qc, me);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate();
  };
  const purposes = meta.data?.purposes ?? [DEFAULT_PURPOSE];

  return (
    <div className="login-wrap">
      <section className="login-card">
        <PageTitle title={t('web.login.title')}>{t('web.login.title')}</PageTitle>
        <p className="muted">{t('web.login.intro')}</p>
        <form onSubmit={submit} className="form-stack">
          <div className="field">
            <label htmlFor="login-username">{t('web.login.username')}</label>
            <input id="login-username" name="username" autoComplete="username" required autoFocus
              value={username} onChange={(e) => setUsername(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="login-password">{t('web.login.password')}</label>
            <input id="login-password" name="password" type="password" autoComplete="current-password" required
              value={password} onChange={(e) => setPassword(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="login-purpose">{t('web.login.purpose')}</label>
            <select id="login-purpose" name="purpose" value={purpose} onChange={(e) => setPurpose(e.target.value)} aria-describedby="login-purpose-help">
              {purposes.map((p) => <option key={p} value={p}>{L.purpose(p)}</option>)}
            </select>
            <p id="login-purpose-help" className="help">{t('web.login.purpose_help')}</p>
          </div>
          <ErrorAlert error={login.error} />
          <button type="submit" className="btn btn-primary" disabled={login.isPending}>
            {login.isPending ? t('web.login.signing_in') : t('web.login.submit')}
          </button>
        </form>
        <p className="legal">{t('web.login.notice')}</p>
      </section>
    </div>
  );
}
