import type { CaseDetail } from '@fazhi/domain';
import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useCallback } from 'react';
import { isApiError } from '../../api.ts';
import { CASES_KEY, caseKey } from './casesApi.ts';

/**
 * What every write on an open case does afterwards. A new CaseDetail replaces the cached
 * one at once (no second request) and lists and the inbox refresh behind it. A 409 means
 * someone else changed the case since it was loaded: the server's message names who,
 * and the page reloads the case, so the clerk decides again on what is really there.
 */
export function useCaseWrite(id: string) {
  const qc = useQueryClient();
  const { modal } = App.useApp();

  const applied = useCallback(
    (c: CaseDetail) => {
      qc.setQueryData(caseKey(id), c);
      void qc.invalidateQueries({ queryKey: [CASES_KEY], predicate: (q) => q.queryKey[1] !== 'detail' });
    },
    [qc, id],
  );

  const refresh = useCallback(() => qc.invalidateQueries({ queryKey: [CASES_KEY] }), [qc]);

  /** True when the error was a conflict and has been handled (shown, case reloaded). */
  const conflict = useCallback(
    (e: unknown): boolean => {
      if (!isApiError(e) || e.status !== 409) return false;
      void refresh();
      modal.warning({
        title: '案件已有变化',
        content: `${e.message}（页面已自动刷新为最新情况，请核对后再操作）`,
        okText: '知道了',
      });
      return true;
    },
    [modal, refresh],
  );

  return { applied, conflict, refresh };
}
