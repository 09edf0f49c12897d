import { Button, Popconfirm } from 'antd';

/**
 * A register row's switch off (confirmed, red) or back on: 停用/恢复, 注销/恢复. The server
 * decides whether the user may; the page shows it only to those who keep the register.
 */
export function ActiveToggle(props: {
  active: boolean;
  /** The question asked before switching off. */
  confirm: string;
  /** 停用 or 注销. */
  offLabel?: string;
  onChange: (active: boolean) => void;
}) {
  if (!props.active) {
    return (
      <Button type="link" size="small" onClick={() => props.onChange(true)}>
        恢复
      </Button>
    );
  }
  return (
    <Popconfirm title={props.confirm} onConfirm={() => props.onChange(false)}>
      <Button type="link" size="small" danger>
        {props.offLabel ?? '停用'}
      </Button>
    </Popconfirm>
  );
}
