/** One 现场检查记录: what was checked and found, its photos, the hazard cases, the record to download. */
import { DownloadOutlined } from '@ant-design/icons';
import { HAZARD_LEVEL_LABELS, SAFETY_INSPECTION_KIND_LABELS, SAFETY_RESULT_LABELS } from '@fazhi/domain/api/safety';
import { Button, Card, Descriptions, Image, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { download, errorMessage } from '../../api.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { useInspection } from './inspectionApi.ts';

const label = (labels: Record<string, string>, k: string) => labels[k] ?? k;

export function InspectionPage() {
  const { id = '' } = useParams();
  const q = useInspection(id);
  const [err, setErr] = useState<string | null>(null);
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => q.refetch()} />;
  const d = q.data;
  if (!d) return <Card loading />;
  const photo = (pid: string) => `/api/safety/photos/${pid}`;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card
        title="现场检查记录"
        extra={
          <Button
            icon={<DownloadOutlined />}
            onClick={() =>
              download(`/api/safety/inspections/${d.id}/record.docx`, undefined, '现场检查记录.docx').catch((e) =>
                setErr(errorMessage(e)),
              )
            }
          >
            下载检查记录
          </Button>
        }
      >
        {err && <Typography.Text type="danger">{err}</Typography.Text>}
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label="被检查单位" span={2}>
            {d.unitName}
          </Descriptions.Item>
          <Descriptions.Item label="检查日期">{d.inspectedOn}</Descriptions.Item>
          <Descriptions.Item label="检查类型">{label(SAFETY_INSPECTION_KIND_LABELS, d.kind)}</Descriptions.Item>
          <Descriptions.Item label="检查场所">{d.place}</Descriptions.Item>
          <Descriptions.Item label="村（社区）">{d.villageName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="检查人员">
            {d.officers.map((o) => `${o.name}（${o.certNo}）`).join('、')}
          </Descriptions.Item>
          <Descriptions.Item label="负责人签字">
            {d.principalSigned ? '已签字' : <Tag color="volcano">拒绝签字：{d.refusalNote}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label="检查情况" span={2}>
            {d.findings || '—'}
          </Descriptions.Item>
          <Descriptions.Item label="处理情况" span={2}>
            {d.actionTaken || '—'}
          </Descriptions.Item>
          <Descriptions.Item label="登记人">{d.createdByName}</Descriptions.Item>
        </Descriptions>
      </Card>
      {d.results.length > 0 && (
        <Card title={`检查内容（存在问题 ${d.problems} 项）`} size="small">
          <List
            size="small"
            dataSource={d.results}
            renderItem={(r, i) => (
              <List.Item
                extra={
                  <Tag color={r.result === 'problem' ? 'orange' : r.result === 'ok' ? 'green' : 'default'}>
                    {label(SAFETY_RESULT_LABELS, r.result)}
                  </Tag>
                }
              >
                <List.Item.Meta
                  title={`${i + 1}. ${r.text}`}
                  description={[r.basis, r.note].filter(Boolean).join('；')}
                />
              </List.Item>
            )}
          />
        </Card>
      )}
      <Card title={`发现的隐患（${d.hazardCases.length}）`} size="small">
        <List
          size="small"
          locale={{ emptyText: '未发现隐患' }}
          dataSource={d.hazardCases}
          renderItem={(h) => (
            <List.Item>
              <List.Item.Meta
                title={
                  <Space wrap>
                    <Link to={`/cases/${h.id}`}>{h.number}</Link>
                    <Tag color={h.level === 'major' ? 'red' : 'orange'}>{label(HAZARD_LEVEL_LABELS, h.level)}</Tag>
                  </Space>
                }
                description={h.description}
              />
            </List.Item>
          )}
        />
      </Card>
      <Card title={`现场照片（${d.photos.length}）`} size="small">
        <Image.PreviewGroup>
          <Space wrap>
            {d.photos.map((p) => (
              <div key={p.id} style={{ textAlign: 'center' }}>
                <Image src={photo(p.id)} width={96} height={96} style={{ objectFit: 'cover' }} alt={p.name} />
                <div style={{ fontSize: 12, color: '#888' }}>
                  {p.takenAt ? new Date(p.takenAt).toLocaleString('zh-CN', { hour12: false }) : '无拍摄时间'}
                  {p.latitude !== null && p.longitude !== null && (
                    <div>
                      {p.latitude.toFixed(5)}, {p.longitude.toFixed(5)}
                    </div>
                  )}
                </div>
              </div>
            ))}
          </Space>
        </Image.PreviewGroup>
      </Card>
    </Space>
  );
}
