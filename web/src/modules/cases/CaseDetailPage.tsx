import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import type { CaseDetail, CaseTypeView } from '@fazhi/domain';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Row, Space, Spin, Typography } from 'antd';
import { Suspense, useMemo } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useCurrentUser } from '../../app/auth.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { fmtInstant } from '../../components/format.ts';
import { caseSlots } from '../../modules.ts';
import { CaseActions } from './CaseActions.tsx';
import { ClocksCard, FieldsCard, PartiesCard, TimelineCard } from './CaseCards.tsx';
import { CaseChallengesCard } from './CaseChallengesCard.tsx';
import { AttachmentsCard, DocumentsCard } from './CaseFiles.tsx';
import { CaseLinksCard } from './CaseLinksCard.tsx';
import { caseKey, fetchCase, useCaseType } from './casesApi.ts';
import { DueCell, RiskTag, StateTag } from './caseUi.tsx';
import { DossierButton } from './DossierButton.tsx';
import { EditBasicInfoButton, NO_VILLAGE_WARNING } from './EditBasicInfo.tsx';
import { UserNamesProvider, useStaff } from './StaffSelect.tsx';

/**
 * Every name this page can know for a user id, so fields like 主办调解员 show a person. The
 * staff list needs case:write; a reader still gets the case's own people and event actors.
 */
function useKnownNames(c: CaseDetail | undefined): ReadonlyMap<string, string> {
  const me = useCurrentUser();
  const staff = useStaff(undefined, !!c?.canWrite);
  return useMemo(() => {
    const m = new Map<string, string>();
    for (const s of staff.data ?? []) m.set(s.id, s.name);
    for (const e of c?.events ?? []) if (e.actorId !== 'system') m.set(e.actorId, e.actorName);
    if (c?.assigneeId && c.assigneeName) m.set(c.assigneeId, c.assigneeName);
    if (c?.ownerLeaderId && c.ownerLeaderName) m.set(c.ownerLeaderId, c.ownerLeaderName);
    m.set(String(me.id), me.displayName);
    return m;
  }, [c, staff.data, me]);
}

function Header({ c, type }: { c: CaseDetail; type: CaseTypeView | undefined }) {
  const navigate = useNavigate();
  const items = [
    { key: 'type', label: '类型', children: c.typeLabel },
    { key: 'unit', label: '村（社区）', children: c.unitName ?? '—' },
    { key: 'leader', label: '包案领导', children: c.ownerLeaderName ?? '—' },
    { key: 'assignee', label: '承办人', children: c.assigneeName ?? '—' },
    { key: 'due', label: '最近期限', children: <DueCell item={c} /> },
    { key: 'created', label: '登记时间', children: fmtInstant(c.createdAt) },
  ];
  return (
    <Card size="small" style={{ marginBottom: 12 }}>
      <div style={{ display: 'flex', alignItems: 'flex-start', gap: 8, flexWrap: 'wrap' }}>
        <Button
          type="text"
          icon={<ArrowLeftOutlined />}
          aria-label="返回"
          onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/cases'))}
        />
        <div style={{ minWidth: 0, flex: '1 1 220px' }}>
          <Typography.Text type="secondary" copyable={{ text: c.number, tooltips: ['复制案号', '已复制'] }}>
            {c.number}
          </Typography.Text>
          <Typography.Title level={1} style={{ fontSize: 20, margin: '2px 0 6px', wordBreak: 'break-word' }}>
            {c.title}
          </Typography.Title>
          <Space size={[4, 4]} wrap>
            <StateTag label={c.stateLabel} terminal={c.terminal} />
            {c.risk && <RiskTag risk={c.risk} />}
          </Space>
        </div>
        <Space wrap>
          <EditBasicInfoButton c={c} type={type} />
          <DossierButton c={c} />
        </Space>
      </div>
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} items={items} style={{ marginTop: 12 }} />
      {c.unitId == null && !c.terminal && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="no-village-notice"
          title={NO_VILLAGE_WARNING}
          description={c.canWrite ? '可点击“修改基本信息”补选所属村（社区）。' : undefined}
        />
      )}
      {c.actions.length > 0 && (
        <div style={{ marginTop: 4 }} data-testid="case-actions">
          <CaseActions c={c} type={type} />
        </div>
      )}
    </Card>
  );
}

/** 案件详情: everything about one case, and the steps this user may take on it now. */
export function CaseDetailPage() {
  const { id = '' } = useParams();
  const detail = useQuery({
    queryKey: caseKey(id),
    queryFn: ({ signal }) => fetchCase(id, signal),
    enabled: id !== '',
  });
  const c = detail.data;
  const { type } = useCaseType(c?.type);
  const names = useKnownNames(c);
  const me = useCurrentUser();

  if (detail.isPending) return <Spin size="large" style={{ display: 'block', margin: '80px auto' }} />;
  if (detail.error && !c) return <ErrorResult error={detail.error} onRetry={() => void detail.refetch()} />;
  if (!c) return null;

  return (
    <UserNamesProvider value={names}>
      <div data-testid="case-detail">
        <Header c={c} type={type} />
        <Row gutter={[12, 12]}>
          <Col xs={24} xl={15}>
            <Space orientation="vertical" size={12} style={{ width: '100%' }}>
              <FieldsCard c={c} type={type} />
              <PartiesCard c={c} />
              {/* The type's own cards, from its modules' caseSlots (src/modules.ts). */}
              {caseSlots(c.type, me.menu).detailCards.map((SlotCard, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the list is fixed per type
                <Suspense key={i} fallback={null}>
                  <SlotCard c={c} type={type} />
                </Suspense>
              ))}
              <DocumentsCard c={c} type={type} />
              <AttachmentsCard c={c} />
              {c.challengeable ? <CaseChallengesCard c={c} /> : null}
              <CaseLinksCard c={c} />
            </Space>
          </Col>
          <Col xs={24} xl={9}>
            <Space orientation="vertical" size={12} style={{ width: '100%' }}>
              <ClocksCard c={c} />
              <TimelineCard c={c} type={type} />
            </Space>
          </Col>
        </Row>
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button
            type="link"
            size="small"
            icon={<ReloadOutlined />}
            loading={detail.isRefetching}
            onClick={() => void detail.refetch()}
          >
            刷新
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            最近更新 {fmtInstant(c.updatedAt)}
          </Typography.Text>
        </div>
      </div>
    </UserNamesProvider>
  );
}
