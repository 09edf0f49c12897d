/**
 * The lists the enforcement case forms pick from (app/lookups.tsx): the town's officers for the
 * fields marked `lookup: 'enforcement-officers'` (domain OfficerIdsInput, the reviewer) and its
 * powers list for `lookup: 'enforcement-powers'` (the matter a case cites). The server still
 * checks each choice (certificate valid on the day, for the field: 行政处罚法 arts 42, 55).
 */
import type { Lookups } from '../../app/lookups.tsx';
import { useOfficers, usePowers } from './enforcementApi.ts';

export const enforcementLookups: Lookups = {
  'enforcement-officers': {
    useOptions() {
      const q = useOfficers();
      const options = (q.data?.items ?? [])
        .filter((o) => o.active)
        .map((o) => ({
          value: Number(o.id),
          label: `${o.name}（执法证 ${o.certNo}）`,
          disabled: o.certificate === 'expired',
          ...(o.certificate === 'expired'
            ? { hint: '执法证已过期' }
            : o.certificate === 'expiring'
              ? { hint: `执法证 ${o.validUntil} 到期` }
              : o.reviewer
                ? { hint: '法制审核人员' }
                : {}),
        }));
      return { options, loading: q.isLoading };
    },
  },
  'enforcement-powers': {
    useOptions() {
      const q = usePowers();
      const options = (q.data?.items ?? [])
        .filter((p) => p.active)
        .map((p) => ({ value: p.code, label: `${p.code} ${p.matter}` }));
      return { options, loading: q.isLoading };
    },
  },
};
