import { useTranslation } from 'react-i18next';
import { href } from '../router';
import { PageTitle } from '../components/ui';

export function NotFoundScreen() {
  const { t } = useTranslation();
  return (
    <section>
      <PageTitle title={t('web.not_found.title')}>{t('web.not_found.title')}</PageTitle>
      <p><a href={href.search()}>{t('web.not_found.back')}</a></p>
    </section>
  );
}
