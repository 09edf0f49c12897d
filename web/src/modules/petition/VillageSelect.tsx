import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { api } from '../../api.ts';

interface Unit {
  id: number;
  kind: string;
  name: string;
}

/**
 * The villages and communities of the user's town(s), as one flat list: a visit goes to a
 * village and a visitor comes from one, so a tree of departments would only be in the way.
 */
export function useVillages() {
  return useQuery({
    queryKey: ['org-units', 'villages'],
    staleTime: 5 * 60_000,
    queryFn: async ({ signal }) => {
      const roots = await api.get<Unit[]>('/api/org-units', undefined, { signal });
      const out: Unit[] = roots.filter((u) => u.kind === 'village' || u.kind === 'community');
      for (const t of roots.filter((u) => u.kind === 'town')) {
        const kids = await api.get<Unit[]>('/api/org-units', { parentId: t.id }, { signal });
        out.push(...kids.filter((u) => u.kind === 'village' || u.kind === 'community'));
      }
      return out;
    },
  });
}

export function VillageSelect({
  id,
  value,
  onChange,
  allowClear,
  placeholder,
}: {
  id?: string;
  value?: number;
  onChange?: (v: number | undefined) => void;
  allowClear?: boolean;
  placeholder?: string;
}) {
  const villages = useVillages();
  return (
    <Select<number>
      id={id}
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      allowClear={allowClear}
      placeholder={placeholder ?? '选择村（社区）'}
      loading={villages.isPending}
      options={(villages.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
      showSearch={{ optionFilterProp: 'label' }}
      notFoundContent={villages.isError ? '村（社区）加载失败，请刷新重试' : '没有可选的村（社区）'}
    />
  );
}
