import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { ApiError, onAuthProblem, onStarting } from './api.ts';
import { clearSession, ME_KEY, setEndReason } from './app/auth.ts';
import { LookupsProvider } from './app/lookups.tsx';
import { router } from './app/router.tsx';
import { StartingPage } from './app/StartingPage.tsx';
import { lookups } from './modules.ts';
import './app/global.css';
import type { Me } from '@fazhi/domain/api/platform';

dayjs.locale('zh-cn');

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // A 4xx will not get better by asking again; network hiccups and 5xx may.
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
    mutations: { retry: false },
  },
});

onAuthProblem((problem) => {
  if (problem === 'unauthenticated') {
    if (queryClient.getQueryData(ME_KEY)) setEndReason('expired');
    clearSession(queryClient);
  } else {
    queryClient.setQueryData<Me | null>(ME_KEY, (me) => (me ? { ...me, mustChangePassword: true } : me));
    void queryClient.invalidateQueries({ queryKey: ME_KEY });
  }
});

/** The app, or the first start's progress page while the server answers 503 STARTING. */
function StartupGate() {
  const [starting, setStarting] = useState(false);
  useEffect(() => onStarting(() => setStarting(true)), []);
  const ready = useCallback(() => {
    setStarting(false);
    queryClient.resetQueries();
  }, []);
  return starting ? <StartingPage onReady={ready} /> : <RouterProvider router={router} />;
}

const FONT =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif";

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }} theme={{ token: { fontFamily: FONT } }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <LookupsProvider value={lookups}>
            <StartupGate />
          </LookupsProvider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
