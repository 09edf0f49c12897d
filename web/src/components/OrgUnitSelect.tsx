import { TreeSelect } from 'antd';
import type { CSSProperties } from 'react';
import { useMemo } from 'react';
import { useLazyOrgTree } from '../modules/admin/org/useLazyOrgTree.ts';

interface Props {
  id?: string;
  value?: number | null;
  onChange?: (value: number | undefined) => void;
  /** Names of units that may be selected but not yet loaded in the lazy tree (e.g. from a user's roles). */
  knownLabels?: Record<number, string>;
  placeholder?: string;
  allowClear?: boolean;
  style?: CSSProperties;
  status?: 'error' | 'warning' | '';
  'aria-label'?: string;
}

interface Node {
  value: number;
  title: string;
  isLeaf: boolean;
  children?: Node[];
}

/** Picks one org unit from a tree whose levels load when expanded. */
export function OrgUnitSelect({
  id,
  value,
  onChange,
  knownLabels,
  placeholder,
  allowClear,
  style,
  status,
  ...rest
}: Props) {
  const tree = useLazyOrgTree();
  const treeData = useMemo(
    () => tree.build<Node>((u, kids) => ({ value: u.id, title: u.name, isLeaf: tree.isLeaf(u), children: kids })),
    [tree.build, tree.isLeaf],
  );
  const label = value == null ? undefined : (tree.byId.get(value)?.name ?? knownLabels?.[value] ?? `单位 ${value}`);

  return (
    <TreeSelect<{ value: number; label: string } | undefined>
      id={id}
      aria-label={rest['aria-label']}
      labelInValue
      value={value == null ? undefined : { value, label: label ?? '' }}
      onChange={(v) => onChange?.(v?.value)}
      treeData={treeData}
      loadData={(node) => tree.load(Number(node.value))}
      treeLoadedKeys={tree.loadedKeys.map(Number)}
      showSearch={{ treeNodeFilterProp: 'title' }}
      placeholder={placeholder ?? '选择单位'}
      allowClear={allowClear}
      loading={tree.rootsLoading}
      notFoundContent={tree.rootsError ? '单位加载失败' : '暂无单位'}
      status={status}
      style={{ width: '100%', ...style }}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxWidth: 'min(480px, 95vw)' } } }}
    />
  );
}
