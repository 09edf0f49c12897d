import { Select } from 'antd';

/** The town a county reader looks at; hidden for a user of one town. */
export function TownPicker(props: {
  towns: readonly { id: string; name: string }[];
  value: string | undefined;
  onChange: (id: string) => void;
}) {
  if (props.towns.length <= 1) return null;
  return (
    <Select
      aria-label="乡镇"
      style={{ minWidth: 140 }}
      value={props.value}
      onChange={props.onChange}
      options={props.towns.map((t) => ({ value: t.id, label: t.name }))}
    />
  );
}
