import { Card, Empty, Grid, Layout, List, Result, Spin, Table, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../../api.ts';
import { usePublicNormative } from './normativeApi.ts';

const { Header, Content, Footer } = Layout;

function Frame(props: { title: string; children: React.ReactNode }) {
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f6f8' }}>
      <Header style={{ background: '#a61b1b', padding: '0 16px', height: 'auto', lineHeight: 1.4 }}>
        <div style={{ maxWidth: 1200, margin: '0 auto', padding: '14px 0', color: '#fff' }}>
          <div style={{ fontSize: 13, opacity: 0.85 }}>政府信息公开 · 行政规范性文件</div>
          <div style={{ fontSize: 20, fontWeight: 600 }}>{props.title}</div>
        </div>
      </Header>
      <Content style={{ padding: 12 }}>
        <div style={{ maxWidth: 1200, margin: '0 auto' }}>{props.children}</div>
      </Content>
      <Footer style={{ textAlign: 'center', fontSize: 12, color: '#888' }}>
        依据《中华人民共和国政府信息公开条例》第二十条主动公开；未经公布的规范性文件不得作为行政管理依据。
      </Footer>
    </Layout>
  );
}

/** /gongshi/:townCode/guifanxing, open to anyone: the town's normative documents in force with their 公布 dates. */
export function PublicNormativePage() {
  const { townCode = '' } = useParams();
  const q = usePublicNormative(townCode);
  const phone = !Grid.useBreakpoint().md;
  if (q.isLoading) {
    return (
      <Frame title="现行有效的行政规范性文件">
        <Spin />
      </Frame>
    );
  }
  if (q.error || !q.data) {
    const notFound = isApiError(q.error) && (q.error.status === 404 || q.error.status === 400);
    return (
      <Frame title="现行有效的行政规范性文件">
        <Result
          status={notFound ? '404' : 'error'}
          title={notFound ? '未找到该乡镇的公开信息' : '加载失败'}
          extra={<Link to="/gongshi">查看乡镇列表</Link>}
        />
      </Frame>
    );
  }
  const docs = q.data.documents;
  return (
    <Frame title={`${q.data.town.fullName} · 现行有效的行政规范性文件`}>
      <Card>
        <Typography.Paragraph type="secondary">
          共 {docs.length} 件。
          <Link to={`/gongshi/${townCode}`}>查看行政执法公示</Link>
        </Typography.Paragraph>
        {docs.length === 0 ? (
          <Empty description="暂无现行有效的行政规范性文件" />
        ) : phone ? (
          <List
            dataSource={docs}
            renderItem={(d) => (
              <List.Item>
                <List.Item.Meta
                  title={d.title}
                  description={`${d.docNo ?? ''} · ${d.publishedOn} 公布${d.expiresOn ? ` · 有效期至 ${d.expiresOn}` : ''}`}
                />
              </List.Item>
            )}
          />
        ) : (
          <Table
            rowKey={(d) => `${d.docNo}-${d.title}`}
            size="middle"
            pagination={false}
            dataSource={docs}
            columns={[
              { title: '文号', dataIndex: 'docNo', width: 160, render: (v: string | null) => v ?? '—' },
              { title: '文件名称', dataIndex: 'title' },
              { title: '公布日期', dataIndex: 'publishedOn', width: 110 },
              { title: '施行日期', dataIndex: 'effectiveOn', width: 110, render: (v: string | null) => v ?? '—' },
              { title: '有效期至', dataIndex: 'expiresOn', width: 110, render: (v: string | null) => v ?? '—' },
              { title: '公布载体', dataIndex: 'publishedWhere', width: 180, render: (v: string | null) => v ?? '—' },
            ]}
          />
        )}
      </Card>
    </Frame>
  );
}
