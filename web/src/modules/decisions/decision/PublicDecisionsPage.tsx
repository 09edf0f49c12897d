/**
 * /gongkai/:townCode/decisions, open to anyone: the town's published 决策事项目录 of the year
 * (重大行政决策程序暂行条例 art 3 ¶3) and its published major decisions with their 政府信息公开
 * dates and where they were published (art 32; 政府信息公开条例 art 26).
 */
import { Card, Empty, Layout, List, Result, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { useParams, useSearchParams } from 'react-router';
import { isApiError } from '../../../api.ts';
import { usePublicDecisions } from './api.ts';

const { Header, Content, Footer } = Layout;

export function PublicDecisionsPage() {
  const { townCode = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const thisYear = new Date().getFullYear();
  const year = Number(params.get('year')) || thisYear;
  const q = usePublicDecisions(townCode, year);
  const d = q.data;
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f6f8' }}>
      <Header style={{ background: '#a61b1b', padding: '0 16px', height: 'auto', lineHeight: 1.4 }}>
        <div style={{ maxWidth: 1200, margin: '0 auto', padding: '14px 0', color: '#fff' }}>
          <div style={{ fontSize: 13, opacity: 0.85 }}>政府信息公开 · 重大行政决策</div>
          <div style={{ fontSize: 20, fontWeight: 600 }}>{d ? d.town.fullName : '重大行政决策公开'}</div>
        </div>
      </Header>
      <Content style={{ padding: 12 }}>
        <div style={{ maxWidth: 1200, margin: '0 auto' }}>
          <Space style={{ marginBottom: 12 }}>
            <span>年度</span>
            <Select
              aria-label="年度"
              value={year}
              style={{ width: 100 }}
              options={Array.from({ length: 6 }, (_, i) => thisYear - i).map((y) => ({ value: y, label: `${y}年` }))}
              onChange={(y) => setParams({ year: String(y) })}
            />
          </Space>
          {q.isLoading ? (
            <Spin />
          ) : q.error ? (
            <Result
              status="404"
              title={isApiError(q.error) ? q.error.message : '加载失败'}
              subTitle="请确认乡镇代码是否正确"
            />
          ) : d ? (
            <Space direction="vertical" style={{ width: '100%' }} size={12}>
              <Card title={`${d.year}年度重大行政决策事项目录`}>
                <Table
                  rowKey="title"
                  size="small"
                  pagination={false}
                  dataSource={d.catalogue}
                  scroll={{ x: 600 }}
                  locale={{ emptyText: '本年度目录尚未公布' }}
                  columns={[
                    {
                      title: '事项',
                      dataIndex: 'title',
                      render: (t: string, r) => (
                        <>
                          {t} {r.adHoc && <Tag>年中增补</Tag>}
                        </>
                      ),
                    },
                    { title: '类别', dataIndex: 'category' },
                    { title: '承办单位', dataIndex: 'leadUnit' },
                    {
                      title: '计划',
                      dataIndex: 'plannedQuarter',
                      render: (v: number | null) => (v ? `第${v}季度` : '—'),
                    },
                    { title: '公开日期', dataIndex: 'publishedOn' },
                  ]}
                />
              </Card>
              <Card title={`${d.year}年公布的重大行政决策`}>
                {d.decisions.length === 0 ? (
                  <Empty description="本年度暂无公布的重大行政决策" />
                ) : (
                  <List
                    dataSource={d.decisions}
                    renderItem={(x) => (
                      <List.Item>
                        <Space direction="vertical" size={2} style={{ width: '100%' }}>
                          <Typography.Text strong>{x.title}</Typography.Text>
                          <Typography.Text type="secondary">
                            {x.category} · 承办单位：{x.leadUnit} · 决定日期：{x.decidedOn ?? '—'}
                            {x.decisionNo ? ` · ${x.decisionNo}` : ''}
                          </Typography.Text>
                          {x.decisionContent && <span>{x.decisionContent}</span>}
                          <span>
                            公开日期：{x.publishedOn}；公开途径：{x.publishedWhere ?? '—'}
                            {x.publishedUrl && (
                              <>
                                {' '}
                                <a href={x.publishedUrl} target="_blank" rel="noreferrer">
                                  原文
                                </a>
                              </>
                            )}
                          </span>
                          {(x.commentCount !== null || x.hearing) && (
                            <Typography.Text type="secondary">
                              {x.commentCount !== null ? `公开征求意见收到${x.commentCount}条` : ''}
                              {x.commentAdoption ? `，${x.commentAdoption}` : ''}
                              {x.hearing ? '；召开了听证会' : ''}
                            </Typography.Text>
                          )}
                        </Space>
                      </List.Item>
                    )}
                  />
                )}
              </Card>
            </Space>
          ) : null}
        </div>
      </Content>
      <Footer style={{ textAlign: 'center', fontSize: 12, color: '#888' }}>
        依据《重大行政决策程序暂行条例》第三条、第三十二条和《中华人民共和国政府信息公开条例》公开。
      </Footer>
    </Layout>
  );
}
