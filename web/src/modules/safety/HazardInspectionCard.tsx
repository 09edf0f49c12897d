import { SAFETY_INSPECTION_KIND_LABELS } from '@fazhi/domain/api/safety';
import type { InspectionDetail } from '@fazhi/domain/api/safety-inspections';
import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions } from 'antd';
import { Link } from 'react-router';
import { api } from '../../api.ts';
import type { CaseCardProps } from '../../app/module.ts';
import { SAFETY_KEY } from './inspectionApi.ts';

/**
 * The inspection a hazard was found on (its `inspectionId` field), named by day, kind, unit and
 * inspectors with a link to the record, instead of the bare id the fields list would show. A
 * reader the inspection routes refuse sees nothing: the request is quiet.
 */
export function HazardInspectionCard({ c }: CaseCardProps) {
  const id = (c.fields as { inspectionId?: number }).inspectionId;
  const q = useQuery({
    queryKey: [SAFETY_KEY, 'inspection', String(id)],
    queryFn: ({ signal }) =>
      api.get<InspectionDetail>(`/api/safety/inspections/${id}`, undefined, { signal, quiet: true }),
    enabled: id != null,
    retry: false,
  });
  if (id == null || !q.data) return null;
  const i = q.data;
  return (
    <Card size="small" title="来源检查记录" data-testid="hazard-inspection">
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'on',
            label: '检查',
            children: (
              <Link to={`/safety/inspections/${i.id}`}>
                {i.inspectedOn}{' '}
                {SAFETY_INSPECTION_KIND_LABELS[i.kind as keyof typeof SAFETY_INSPECTION_KIND_LABELS] ?? i.kind}
              </Link>
            ),
          },
          { key: 'unit', label: '被检查单位', children: i.unitName },
          { key: 'who', label: '检查人员', children: i.officerNames.join('、') },
          { key: 'found', label: '发现问题', children: `${i.problems} 项` },
        ]}
      />
    </Card>
  );
}
