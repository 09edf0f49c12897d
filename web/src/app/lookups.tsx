/**
 * Lookups: a case field that holds the id of a record kept outside the case (an enforcement
 * officer, a powers-list matter) says which list it is picked from with a `lookup` key in its
 * schema (zod `.meta({ lookup: '…' })`); the module that keeps the list supplies the options
 * (WebModule.lookups). The generic forms then offer a picker instead of a bare number, without
 * naming any module or case type.
 */
import { createContext, useContext } from 'react';

export interface LookupOption {
  value: string | number;
  label: string;
  /** Shown but not choosable (e.g. a certificate that has ended), with the reason. */
  disabled?: boolean;
  hint?: string;
}

export interface LookupSource {
  /** A hook: the options for the signed-in user (their town's records). */
  useOptions(): { options: readonly LookupOption[]; loading: boolean };
}

export type Lookups = Readonly<Record<string, LookupSource>>;

const LookupsContext = createContext<Lookups>({});

export const LookupsProvider = LookupsContext.Provider;

export function useLookups(): Lookups {
  return useContext(LookupsContext);
}

/** The lookup a field's schema names (its own, or its items' for a list), if any. */
export function lookupOf(schema: Record<string, unknown>): string | null {
  if (typeof schema.lookup === 'string') return schema.lookup;
  const items = schema.items;
  if (items && typeof items === 'object' && typeof (items as Record<string, unknown>).lookup === 'string') {
    return (items as Record<string, unknown>).lookup as string;
  }
  return null;
}
