import type { Health } from '@fazhi/domain/api/platform';
import { Card, Progress, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { APP_TITLE } from './constants.ts';

/**
 * The first start's waiting page (issue 13): the server listens while it simulates the demo
 * town's casework and answers 503 STARTING meanwhile (server/src/platform/startup.ts). This
 * polls /api/health once a second and hands back to the app when the data is ready.
 */
export function StartingPage({ onReady }: { onReady: () => void }) {
  const [progress, setProgress] = useState<Health['starting']>({ percent: 0, phase: '准备演示数据' });
  useEffect(() => {
    let stop = false;
    const poll = async () => {
      try {
        const h = await api.get<Health>('/api/health', undefined, { quiet: true });
        if (stop) return;
        if (!h.starting) {
          onReady();
          return;
        }
        setProgress(h.starting);
      } catch {
        // The server restarts or is briefly busy: keep asking.
      }
      if (!stop) setTimeout(poll, 1000);
    };
    void poll();
    return () => {
      stop = true;
    };
  }, [onReady]);
  const percent = progress?.percent ?? 0;
  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: '#f0f2f5',
      }}
    >
      <Card style={{ width: 440 }}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {APP_TITLE}
        </Typography.Title>
        <Typography.Paragraph>
          正在生成演示数据 {percent}%
          <br />
          <Typography.Text type="secondary">{progress?.phase ?? ''}</Typography.Text>
        </Typography.Paragraph>
        <Progress percent={percent} status="active" />
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0, marginTop: 12 }}>
          首次启动时系统会模拟湾头桥镇一年的案件办理，完成后自动进入登录页面，请勿关闭本页。
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
