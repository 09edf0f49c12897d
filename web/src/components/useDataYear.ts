/**
 * The year a dashboard or statistics page shows (issue 13): the URL's `year` when it names a
 * valid one, else the server's default over the years with cases the user may see
 * (GET /api/cases/years, `defaultDataYear`): this year when it has cases, else the latest
 * year that has, so a page never opens on a wall of zeros while last year has the figures.
 * `year` is undefined until the server answers (this year if it cannot).
 */
import type { CaseYearsResponse } from '@fazhi/domain/api/cases';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api } from '../api.ts';

export function parseYear(param: string | null): number | undefined {
  if (!param) return undefined;
  const y = Number(param);
  return Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : undefined;
}

export function useDataYear(
  param: string | null,
  opts: { type?: string | undefined; townId?: string | undefined } = {},
): { year: number | undefined; defaultYear: number | undefined; years: number[] } {
  const q = useQuery({
    queryKey: ['case-years', opts.type ?? null, opts.townId ?? null],
    queryFn: ({ signal }) =>
      api.get<CaseYearsResponse>('/api/cases/years', { type: opts.type, townId: opts.townId }, { signal }),
    staleTime: 5 * 60_000,
    retry: false,
  });
  const defaultYear = q.data?.defaultYear ?? (q.isError ? dayjs().year() : undefined);
  return { year: parseYear(param) ?? defaultYear, defaultYear, years: q.data?.years ?? [] };
}
