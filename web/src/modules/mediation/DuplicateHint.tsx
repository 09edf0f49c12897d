/**
 * 疑似重复提示 on the mediation registration form: while the clerk types, ask the server for open
 * disputes that look like this one (same party, or same kind in the same village), so the same
 * quarrel is not registered twice by two desks. Advisory only: it never blocks submission, and
 * a failed lookup shows nothing rather than getting in the clerk's way.
 */
import type { DuplicateHintItem, DuplicateQuery, DuplicateResponse } from '@fazhi/domain/api/mediation';
import { useQueries } from '@tanstack/react-query';
import { Alert, Form, type FormInstance, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../api.ts';
import { CASES_KEY } from '../cases/casesApi.ts';
import { StateTag } from '../cases/caseUi.tsx';

type DuplicateItem = DuplicateHintItem;
/** The query, with the dispute type as the form holds it (the server checks it is one of its keys). */
type DuplicateParams = Omit<DuplicateQuery, 'disputeType'> & { disputeType?: string };

/** More parties than this are rare on one dispute; the cap bounds the lookups per keystroke pause. */
const MAX_PARTY_LOOKUPS = 5;
const DEBOUNCE_MS = 500;

interface PartyDraft {
  name?: string;
  idNumber?: string;
  phone?: string;
}

/**
 * One lookup per party that identifies someone: the endpoint takes a single person, and a
 * dispute usually has two sides, either of which may already be in another open case.
 */
export function duplicateParams(
  parties: readonly (PartyDraft | undefined)[] | undefined,
  unitId: unknown,
  disputeType: unknown,
): DuplicateParams[] {
  const out: DuplicateParams[] = [];
  for (const p of (parties ?? []).slice(0, MAX_PARTY_LOOKUPS)) {
    const q: DuplicateParams = {};
    const id = p?.idNumber?.trim() ?? '';
    // Only a complete number: a half-typed one would match nothing and cost a request per pause.
    if (id.length === 18) q.idNumber = id;
    const name = p?.name?.trim() ?? '';
    const phone = p?.phone?.trim() ?? '';
    if (name && phone.length >= 7) {
      q.name = name;
      q.phone = phone;
    }
    if (q.idNumber || q.name) out.push(q);
  }
  if (unitId != null && unitId !== '' && typeof disputeType === 'string' && disputeType) {
    const village = { unitId: String(unitId), disputeType };
    // Ride along with the first party lookup: the server ORs the conditions and says which matched.
    if (out[0]) out[0] = { ...out[0], ...village };
    else out.push(village);
  }
  return out;
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** Lookups merged by case, keeping every reason any of them gave. */
function mergeItems(lists: (DuplicateItem[] | undefined)[]): DuplicateItem[] {
  const byId = new Map<string, DuplicateItem>();
  for (const list of lists) {
    for (const item of list ?? []) {
      const seen = byId.get(item.id);
      if (seen) byId.set(item.id, { ...seen, reasons: [...new Set([...seen.reasons, ...item.reasons])] });
      else byId.set(item.id, item);
    }
  }
  return [...byId.values()];
}

export function DuplicateHint({ form }: { form: FormInstance }) {
  const parties = Form.useWatch('parties', form) as PartyDraft[] | undefined;
  const unitId = Form.useWatch('unitId', form) as unknown;
  const disputeType = Form.useWatch(['fields', 'disputeType'], form) as unknown;
  // Compare by content: useWatch hands back new arrays on every keystroke anywhere in the form.
  const paramsKey = JSON.stringify(duplicateParams(parties, unitId, disputeType));
  const debouncedKey = useDebounced(paramsKey, DEBOUNCE_MS);
  const params = useMemo(() => JSON.parse(debouncedKey) as DuplicateParams[], [debouncedKey]);

  const results = useQueries({
    queries: params.map((p) => ({
      queryKey: [CASES_KEY, 'mediation-duplicates', p],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api.get<DuplicateResponse>('/api/mediation/duplicates', p, { signal }),
      staleTime: 30_000,
      retry: false,
    })),
  });
  const items = mergeItems(results.map((r) => r.data?.items));
  if (items.length === 0) return null;

  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="duplicate-hint"
      title="可能重复：以下未办结案件与本次登记相关"
      description={
        <Space orientation="vertical" size={6} style={{ width: '100%' }}>
          {items.map((c) => (
            <div key={c.id} data-testid="duplicate-hint-item">
              <Space size={[8, 4]} wrap>
                <Typography.Link href={`/cases/${c.id}`} target="_blank" rel="noopener noreferrer">
                  {c.number}
                </Typography.Link>
                <Typography.Text ellipsis={{ tooltip: c.title }} style={{ maxWidth: 320 }}>
                  {c.title}
                </Typography.Text>
                <StateTag label={c.stateLabel} terminal={c.terminal} />
                {c.reasons.map((r) => (
                  <Tag key={r} color="orange">
                    {r}
                  </Tag>
                ))}
              </Space>
            </div>
          ))}
        </Space>
      }
    />
  );
}
