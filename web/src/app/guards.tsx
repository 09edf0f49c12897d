import type { Permission } from '@fazhi/domain';
import { useQueryClient } from '@tanstack/react-query';
import { Result, Spin } from 'antd';
import { type ReactNode, useState } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { peekEndReason, useMe } from './auth.ts';
import { startSignedIn } from './preload.ts';
import { ShellSkeleton } from './ShellSkeleton.tsx';

export function FullPageSpin() {
  return (
    <div style={{ minHeight: '60vh', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
      <Spin size="large" />
    </div>
  );
}

/** Signed-in users only; users who must change their initial password go nowhere else. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { data: me, isPending, error, refetch } = useMe();
  const location = useLocation();
  const qc = useQueryClient();
  // Once per mount, while /api/me is under way (StrictMode's second call finds the work started).
  useState(() => startSignedIn(qc, location.pathname));
  if (isPending) return <ShellSkeleton />;
  if (error) return <ErrorResult error={error} onRetry={() => void refetch()} />;
  if (!me) {
    const here = location.pathname + location.search;
    const keepNext = peekEndReason() !== 'logout' && here !== '/';
    return <Navigate to={keepNext ? `/login?next=${encodeURIComponent(here)}` : '/login'} replace />;
  }
  if (me.mustChangePassword) return <Navigate to="/change-password" replace />;
  return children;
}

/** Shows the page only if the server's menu for this user contains it (the server enforces anyway). */
export function MenuGuard({ path, children }: { path: string; children: ReactNode }) {
  const { data: me } = useMe();
  if (!me?.menu.some((m) => m.path === path)) {
    return <Result status="403" title="没有权限" subTitle="您的角色无权访问此页面，如需开通请联系系统管理员。" />;
  }
  return children;
}

/** Shows the page only if the user holds the permission (a page no menu entry stands for). */
export function PermissionGuard({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { data: me } = useMe();
  if (!me?.permissions.includes(permission)) {
    return <Result status="403" title="没有权限" subTitle="您的角色无权访问此页面，如需开通请联系系统管理员。" />;
  }
  return children;
}

/** A page reachable only when the server's menu for this user lists `path` (modules' routes use it). */
export function guarded(path: string, page: ReactNode) {
  return <MenuGuard path={path}>{page}</MenuGuard>;
}
