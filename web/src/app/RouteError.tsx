import { Button, Result } from 'antd';
import { Link, useRouteError } from 'react-router';

/** Replaces React Router's English error screen. */
export function RouteError() {
  const error = useRouteError();
  // Keep the details in the console for whoever is debugging; users get a Chinese message.
  console.error(error);
  return (
    <Result
      status="error"
      title="页面出错了"
      subTitle="页面运行时发生错误，请刷新页面重试；如果问题持续，请联系系统管理员。"
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          刷新页面
        </Button>
      }
    />
  );
}

export function NotFound() {
  return (
    <Result
      status="404"
      title="页面不存在"
      subTitle="您访问的页面不存在或已被移除。"
      extra={
        <Link to="/">
          <Button type="primary">返回工作台</Button>
        </Link>
      }
    />
  );
}
