/**
 * Names of the model's and the policy's identifiers in the reader's language. Schema and property
 * labels come from the model (English, FollowTheMoney); the catalogue gives Spanish for the ones an
 * analyst meets daily (`web.schema.*`, `web.prop.*`) and the model label stands in for the rest.
 * Purposes, roles, distributions and countries are closed lists and always translated.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Meta } from './api';
import { maybeT } from './i18n';

export function useMeta() {
  return useQuery({ queryKey: ['meta'], queryFn: () => api<Meta>('/meta'), staleTime: Infinity });
}

export function useLabels() {
  const { t } = useTranslation();
  const meta = useMeta().data;
  const schema = (name: string): string =>
    maybeT(`web.schema.${name}`, meta?.schemata.find((s) => s.name === name)?.label ?? name);
  const prop = (schemaName: string, name: string): string =>
    maybeT(`web.prop.${name}`, meta?.schemata.find((s) => s.name === schemaName)?.properties.find((p) => p.name === name)?.label ?? name);
  const propType = (schemaName: string, name: string): string | undefined =>
    meta?.schemata.find((s) => s.name === schemaName)?.properties.find((p) => p.name === name)?.type;
  return {
    t,
    schema,
    prop,
    propType,
    purpose: (p: string) => maybeT(`web.purpose.${p}`, p),
    role: (r: string) => maybeT(`web.role.${r}`, r),
    distribution: (d: string) => maybeT(`web.distribution.${d}`, d),
    country: (c: string) => maybeT(`country.${c}`, c),
    outcome: (o: string) => maybeT(`web.audit.outcome.${o}`, o),
  };
}
