/** Small shared pieces: error alert, loading and empty states, page heading that takes focus on navigation. */
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { currentLang } from '../i18n';
import { takeHeadingFocus } from '../router';

/** Shows the node's error message in the reader's language; role="alert" so screen readers announce it. */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  let message: string;
  let requestId: string | null = null;
  if (error instanceof ApiError) {
    requestId = error.requestId;
    message = error.messageIn(currentLang())
      ?? (error.code === 'network' ? t('web.error.network') : t('web.error.http', { status: error.status }));
  } else {
    message = t('web.error.unexpected');
  }
  return (
    <div className="alert alert-error" role="alert">
      <strong>{t('web.error.title')}</strong> {message}
      {requestId && <span className="request-id"> {t('web.error.request_id', { requestId })}</span>}
    </div>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return <p className="loading" role="status" aria-live="polite"><span className="spinner" aria-hidden="true" />{label ?? t('web.common.loading')}</p>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/**
 * The page's h1. It takes focus after a navigation (router.ts: requestHeadingFocus) and sets the
 * document title.
 */
export function PageTitle({ children, title, sub }: { children: ReactNode; title: string; sub?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
  useEffect(() => {
    if (takeHeadingFocus()) ref.current?.focus();
  }, []);
  return (
    <div className="page-title">
      <h1 ref={ref} tabIndex={-1}>{children}</h1>
      {sub && <div className="page-sub">{sub}</div>}
    </div>
  );
}

export function Badge({ kind, children }: { kind: string; children: ReactNode }) {
  return <span className={`badge badge-${kind}`}>{children}</span>;
}

/**
 * Previous / next over a list served a page at a time; nothing when everything fits on one page. With `range`, the
 * rows shown ("21–40 of 95") sit between the buttons.
 */
export function Pager({ total, offset, page, onPage, label, range = false }: {
  total: number; offset: number; page: number; onPage: (offset: number) => void; label: string; range?: boolean;
}) {
  const { t } = useTranslation();
  if (total <= page) return null;
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" className="btn" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - page))}>{t('web.search.prev')}</button>
      {range && <span className="muted small">{t('web.common.page', { from: offset + 1, to: Math.min(total, offset + page), total })}</span>}
      <button type="button" className="btn" disabled={offset + page >= total} onClick={() => onPage(offset + page)}>{t('web.search.next')}</button>
    </nav>
  );
}
