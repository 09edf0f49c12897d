/**
 * The list the hazard case's forms pick from (app/lookups.tsx): the town's production and
 * business units for the field marked `lookup: 'safety-units'` (domain cases/hazard.ts
 * `unitId`), named with their village, so the case page shows the unit instead of its id. The
 * server still checks the choice (the case's placement: the unit must be the town's).
 */
import type { Lookups } from '../../app/lookups.tsx';
import { shortVillage } from './labels.ts';
import { useUnits } from './unitsApi.ts';

export const safetyLookups: Lookups = {
  'safety-units': {
    useOptions() {
      // A town's register is some hundred units: one page of the largest size holds it.
      const q = useUnits({ status: 'all', pageSize: 200 });
      const options = (q.data?.items ?? []).map((u) => ({
        value: Number(u.id),
        label: `${u.name}（${shortVillage(u.villageName)}）`,
        ...(u.active ? {} : { disabled: true, hint: '已注销' }),
      }));
      return { options, loading: q.isLoading };
    },
  },
};
