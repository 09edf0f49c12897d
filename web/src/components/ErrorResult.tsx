import { Button, Result } from 'antd';
import { ApiError } from '../api.ts';

/** A whole-page error in Chinese, picked by HTTP status. */
export function ErrorResult({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const status = error instanceof ApiError ? error.status : 0;
  const message = error instanceof ApiError ? error.message : '页面加载失败，请刷新重试';
  if (status === 403) return <Result status="403" title="没有权限" subTitle={message} />;
  if (status === 404) return <Result status="404" title="未找到" subTitle={message} />;
  return (
    <Result
      status="error"
      title="加载失败"
      subTitle={message}
      extra={
        onRetry ? (
          <Button type="primary" onClick={onRetry}>
            重试
          </Button>
        ) : undefined
      }
    />
  );
}
