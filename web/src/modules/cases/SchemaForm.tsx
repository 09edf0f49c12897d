/**
 * A small JSON Schema form renderer for case fields and action inputs. The schemas come
 * from the server (zod → z.toJSONSchema), so each case type's form is data: adding a type
 * needs no web change. Only the subset zod emits for plain objects is handled; anything
 * else falls back to a text box (or, when shown, to its JSON) rather than failing.
 *
 * Form values stay JSON-ready (dates as 'YYYY-MM-DD' strings, not dayjs objects), so what
 * the form holds is what is POSTed, and server field errors land on the same names.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Rule } from 'antd/es/form';
import dayjs, { type Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { type LookupSource, lookupOf, useLookups } from '../../app/lookups.tsx';
import { fmtInstant } from '../../components/format.ts';
import { StaffSelect, userFieldOf, userName, useUserNames } from './StaffSelect.tsx';

export type JsonSchema = Record<string, unknown>;
type NamePath = (string | number)[];

export interface SchemaProp {
  key: string;
  schema: JsonSchema;
  required: boolean;
  label: string;
  /** A longer explanation when the schema has both a title and a description. */
  help?: string;
  nullable: boolean;
}

export type FieldKind =
  | 'text'
  | 'textarea'
  | 'select'
  | 'date'
  | 'datetime'
  | 'number'
  | 'boolean'
  | 'tags'
  | 'multiselect'
  | 'user'
  | 'lookup'
  | 'lookups'
  | 'list'
  | 'object'
  | 'unknown';

function isObj(v: unknown): v is JsonSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/** Follows a local $ref ('#/$defs/x') against the root schema; zod emits them for reused or recursive schemas. */
function deref(schema: JsonSchema, root: JsonSchema | undefined, depth = 0): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/') || depth > 10 || !root) return schema;
  let node: unknown = root;
  for (const seg of ref.slice(2).split('/'))
    node = isObj(node) ? node[seg.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  if (!isObj(node)) return schema;
  const { $ref: _ref, ...rest } = schema;
  return { ...deref(node, root, depth + 1), ...rest };
}

/**
 * The schema with `.nullable()` unwrapped: zod writes it as `type: [T, 'null']` or as
 * `anyOf: [T, {type: 'null'}]`. Labels on the wrapper are kept.
 */
export function resolveSchema(schema: unknown, root?: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  if (!isObj(schema)) return { schema: {}, nullable: false };
  let s = deref(schema, root);
  let nullable = false;
  if (Array.isArray(s.type) && s.type.includes('null')) {
    const rest = s.type.filter((t) => t !== 'null');
    s = { ...s, type: rest.length === 1 ? rest[0] : rest };
    nullable = true;
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    const list = s[key];
    if (!Array.isArray(list)) continue;
    const nonNull = list.filter((x) => !(isObj(x) && x.type === 'null'));
    if (nonNull.length === list.length - 1 && nonNull.length === 1 && isObj(nonNull[0])) {
      const { [key]: _drop, ...wrapper } = s;
      const inner = resolveSchema(nonNull[0], root);
      s = { ...inner.schema, ...wrapper };
      nullable = true;
    }
  }
  return { schema: s, nullable };
}

export function labelOf(schema: JsonSchema, key: string): { label: string; help?: string } {
  const title = str(schema.title);
  const description = str(schema.description);
  if (title) return { label: title, help: description && description !== title ? description : undefined };
  return { label: description ?? key };
}

/** The object's properties in declaration order, resolved and labelled. */
export function objectProps(schema: unknown, root?: JsonSchema): SchemaProp[] {
  const { schema: s } = resolveSchema(schema, root);
  const r = root ?? s;
  const props = isObj(s.properties) ? s.properties : {};
  const required = Array.isArray(s.required) ? (s.required as unknown[]).map(String) : [];
  return Object.entries(props).map(([key, raw]) => {
    const { schema: ps, nullable } = resolveSchema(raw, r);
    const { label, help } = labelOf(ps, key);
    return { key, schema: ps, required: required.includes(key), label, help, nullable };
  });
}

/** Labels for an enum's values, wherever the type author put them (zod `.meta()` is free-form). */
function enumLabelMap(schema: JsonSchema): Map<string, string> {
  const out = new Map<string, string>();
  const values = Array.isArray(schema.enum) ? schema.enum.map(String) : [];
  for (const k of ['labels', 'x-labels', 'enumLabels', 'x-enumLabels', 'enumNames', 'x-enumNames'] as const) {
    const l = schema[k];
    if (isObj(l)) for (const [v, t] of Object.entries(l)) if (typeof t === 'string') out.set(v, t);
    if (Array.isArray(l)) {
      for (const [i, t] of l.entries()) {
        const v = values[i];
        if (typeof t === 'string' && v !== undefined) out.set(v, t);
      }
    }
  }
  return out;
}

export interface Option {
  value: string | number;
  label: string;
}

/** Choices for an enum (`enum`, or a union of `const`s each with its own title/description), or null. */
export function enumOptions(schema: JsonSchema): Option[] | null {
  if (Array.isArray(schema.enum)) {
    const labels = enumLabelMap(schema);
    return schema.enum
      .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
      .map((v) => ({ value: v, label: labels.get(String(v)) ?? String(v) }));
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    const list = schema[key];
    if (!Array.isArray(list) || list.length === 0) continue;
    const opts: Option[] = [];
    for (const x of list) {
      if (!isObj(x)) return null;
      const v = x.const ?? (Array.isArray(x.enum) && x.enum.length === 1 ? x.enum[0] : undefined);
      if (typeof v !== 'string' && typeof v !== 'number') return null;
      opts.push({ value: v, label: str(x.title) ?? str(x.description) ?? String(v) });
    }
    return opts;
  }
  if (typeof schema.const === 'string' || typeof schema.const === 'number') {
    return [{ value: schema.const, label: str(schema.title) ?? String(schema.const) }];
  }
  return null;
}

function typeOf(schema: JsonSchema): string | undefined {
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null') as string | undefined;
  if (Array.isArray(schema.enum) || schema.const !== undefined) return 'string';
  return undefined;
}

/**
 * How a field is edited and shown. A string labelled '…日期' counts as a date: case types
 * often check dates with a refine (which zod cannot express in JSON Schema) instead of z.iso.date().
 * The key matters only for user fields (assigneeId, ownerLeaderId: see StaffSelect.tsx).
 */
export function kindOf(schema: JsonSchema, label = '', key?: string): FieldKind {
  if (userFieldOf(key, schema)) return 'user';
  if (lookupOf(schema)) return typeOf(schema) === 'array' ? 'lookups' : 'lookup';
  if (enumOptions(schema)) return 'select';
  const t = typeOf(schema);
  if (t === 'string') {
    if (schema.format === 'date' || /日期$/.test(label)) return 'date';
    if (schema.format === 'date-time') return 'datetime';
    return typeof schema.maxLength === 'number' && schema.maxLength > 100 ? 'textarea' : 'text';
  }
  if (t === 'number' || t === 'integer') return 'number';
  if (t === 'boolean') return 'boolean';
  if (t === 'array') {
    const { schema: items } = resolveSchema(schema.items);
    if (enumOptions(items)) return 'multiselect';
    const it = typeOf(items);
    if (it === 'object' || isObj(items.properties)) return 'list';
    return 'tags';
  }
  if (t === 'object' || isObj(schema.properties)) return 'object';
  return 'unknown';
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function rulesFor(p: SchemaProp, kind: FieldKind): Rule[] {
  const rules: Rule[] = [];
  if (p.required && kind !== 'boolean' && kind !== 'list' && kind !== 'object') {
    const verb =
      kind === 'select' ||
      kind === 'date' ||
      kind === 'datetime' ||
      kind === 'multiselect' ||
      kind === 'user' ||
      kind === 'lookup' ||
      kind === 'lookups'
        ? '请选择'
        : '请填写';
    rules.push(
      kind === 'text' || kind === 'textarea'
        ? { required: true, whitespace: true, message: `${verb}${p.label}` }
        : kind === 'tags' || kind === 'multiselect' || kind === 'lookups'
          ? { required: true, type: 'array', min: 1, message: `${verb}${p.label}` }
          : { required: true, message: `${verb}${p.label}` },
    );
  }
  if (kind === 'text' || kind === 'textarea') {
    const min = num(p.schema.minLength);
    const max = num(p.schema.maxLength);
    if (min && min > 1) rules.push({ min, message: `${p.label}至少 ${min} 个字` });
    if (max) rules.push({ max, message: `${p.label}不超过 ${max} 个字` });
    const pattern = str(p.schema.pattern);
    if (pattern) {
      try {
        rules.push({ pattern: new RegExp(pattern), message: `${p.label}格式不正确` });
      } catch {
        // A pattern in a syntax the browser lacks: the server still checks it.
      }
    }
  }
  return rules;
}

interface FieldProps {
  prop: SchemaProp;
  name: NamePath;
  root: JsonSchema;
  disabled?: boolean;
}

/** Date fields keep 'YYYY-MM-DD' in the form store; the picker gets a dayjs. */
const dateValueProps = (v: unknown) => ({ value: typeof v === 'string' && v ? dayjs(v) : undefined });
const dateNormalize = (d: Dayjs | null) => (d ? d.format('YYYY-MM-DD') : undefined);
const dateTimeNormalize = (d: Dayjs | null) => (d ? d.format('YYYY-MM-DDTHH:mm:ssZ') : undefined);

function SchemaField({ prop, name, root, disabled }: FieldProps) {
  const kind = kindOf(prop.schema, prop.label, prop.key);
  const s = prop.schema;
  const common = { label: prop.label, tooltip: prop.help, name, rules: rulesFor(prop, kind) };
  switch (kind) {
    case 'user':
      return (
        <Form.Item {...common}>
          <StaffSelect {...userFieldOf(prop.key, s)} disabled={disabled} allowClear={!prop.required} />
        </Form.Item>
      );
    case 'lookup':
    case 'lookups':
      return (
        <Form.Item {...common}>
          <LookupSelect
            lookup={lookupOf(s)!}
            multiple={kind === 'lookups'}
            disabled={disabled}
            allowClear={!prop.required}
          />
        </Form.Item>
      );
    case 'select':
      return (
        <Form.Item {...common}>
          <Select
            allowClear={!prop.required}
            disabled={disabled}
            placeholder="请选择"
            options={enumOptions(s) ?? []}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
      );
    case 'date':
      return (
        <Form.Item {...common} getValueProps={dateValueProps} normalize={dateNormalize}>
          <DatePicker disabled={disabled} style={{ width: '100%' }} format="YYYY-MM-DD" />
        </Form.Item>
      );
    case 'datetime':
      return (
        <Form.Item {...common} getValueProps={dateValueProps} normalize={dateTimeNormalize}>
          <DatePicker showTime disabled={disabled} style={{ width: '100%' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
      );
    case 'number':
      return (
        <Form.Item {...common}>
          <InputNumber
            disabled={disabled}
            style={{ width: '100%', maxWidth: 240 }}
            min={num(s.minimum) ?? num(s.exclusiveMinimum)}
            max={num(s.maximum) ?? num(s.exclusiveMaximum)}
            precision={typeOf(s) === 'integer' ? 0 : undefined}
          />
        </Form.Item>
      );
    case 'boolean':
      return (
        <Form.Item {...common} valuePropName="checked">
          <Switch disabled={disabled} checkedChildren="是" unCheckedChildren="否" />
        </Form.Item>
      );
    case 'tags':
      return (
        <Form.Item {...common}>
          <Select
            mode="tags"
            disabled={disabled}
            placeholder="输入后按回车添加"
            tokenSeparators={[',', '，']}
            suffixIcon={null}
          />
        </Form.Item>
      );
    case 'multiselect':
      return (
        <Form.Item {...common}>
          <Select
            mode="multiple"
            disabled={disabled}
            placeholder="请选择"
            options={enumOptions(resolveSchema(s.items, root).schema) ?? []}
          />
        </Form.Item>
      );
    case 'list':
      return <ObjectList prop={prop} name={name} root={root} disabled={disabled} />;
    case 'object':
      return (
        <Form.Item label={prop.label} tooltip={prop.help} required={prop.required}>
          <Card size="small">
            {objectProps(s, root).map((p) => (
              <SchemaField key={p.key} prop={p} name={[...name, p.key]} root={root} disabled={disabled} />
            ))}
          </Card>
        </Form.Item>
      );
    case 'textarea':
      return (
        <Form.Item {...common}>
          <Input.TextArea
            disabled={disabled}
            autoSize={{ minRows: (num(s.maxLength) ?? 0) >= 1000 ? 3 : 2, maxRows: 10 }}
            maxLength={num(s.maxLength)}
            showCount={num(s.maxLength) !== undefined}
          />
        </Form.Item>
      );
    default:
      return (
        <Form.Item {...common}>
          <Input disabled={disabled} maxLength={num(s.maxLength)} allowClear={!prop.required} />
        </Form.Item>
      );
  }
}

/**
 * A field picked from a list kept outside the case (app/lookups.tsx). Without a module that
 * supplies the list, the field is typed in as before: the server checks it either way.
 */
function LookupSelect({
  lookup,
  multiple,
  disabled,
  allowClear,
  value,
  onChange,
  id,
}: {
  lookup: string;
  multiple: boolean;
  disabled?: boolean | undefined;
  allowClear: boolean;
  value?: unknown;
  onChange?: (v: unknown) => void;
  /** Handed in by Form.Item, so that the field's label names the list. */
  id?: string;
}) {
  const source = useLookups()[lookup];
  if (!source) {
    return (
      <Select
        id={id}
        mode={multiple ? 'tags' : undefined}
        disabled={disabled}
        value={value as never}
        onChange={onChange}
        placeholder="输入后按回车添加"
      />
    );
  }
  return (
    <SourcedSelect
      id={id}
      source={source}
      multiple={multiple}
      disabled={disabled}
      allowClear={allowClear}
      value={value}
      onChange={onChange}
    />
  );
}

function SourcedSelect({
  source,
  multiple,
  disabled,
  allowClear,
  value,
  onChange,
  id,
}: {
  source: LookupSource;
  multiple: boolean;
  disabled?: boolean | undefined;
  allowClear: boolean;
  value?: unknown;
  onChange?: (v: unknown) => void;
  id?: string | undefined;
}) {
  const { options, loading } = source.useOptions();
  return (
    <Select
      id={id}
      mode={multiple ? 'multiple' : undefined}
      disabled={disabled}
      allowClear={allowClear}
      loading={loading}
      placeholder="请选择"
      value={value as never}
      onChange={onChange}
      showSearch={{ optionFilterProp: 'label' }}
      options={options.map((o) => ({
        value: o.value,
        label: o.hint ? `${o.label}（${o.hint}）` : o.label,
        disabled: o.disabled,
      }))}
    />
  );
}

/** An editable list of small objects (e.g. 调解协议 items): one bordered block per item. */
function ObjectList({ prop, name, root, disabled }: FieldProps) {
  const { schema: items } = resolveSchema(prop.schema.items, root);
  const itemProps = objectProps(items, root);
  const max = num(prop.schema.maxItems);
  const min = num(prop.schema.minItems);
  return (
    <Form.Item label={prop.label} tooltip={prop.help} required={prop.required && (min ?? 0) > 0}>
      <Form.List
        name={name}
        rules={
          min
            ? [
                {
                  validator: async (_, v: unknown[] | undefined) => {
                    if ((v?.length ?? 0) < min) throw new Error(`${prop.label}至少 ${min} 项`);
                  },
                },
              ]
            : undefined
        }
      >
        {(fields, { add, remove }, { errors }) => (
          <Space orientation="vertical" style={{ width: '100%' }} size={8}>
            {fields.map((f, i) => (
              <Card
                key={f.key}
                size="small"
                title={`第 ${i + 1} 项`}
                extra={
                  disabled ? null : (
                    <Button
                      type="text"
                      danger
                      size="small"
                      icon={<DeleteOutlined />}
                      aria-label={`删除第 ${i + 1} 项`}
                      onClick={() => remove(f.name)}
                    />
                  )
                }
              >
                {itemProps.map((p) => (
                  <SchemaField key={p.key} prop={p} name={[f.name, p.key]} root={root} disabled={disabled} />
                ))}
              </Card>
            ))}
            {!disabled && (max === undefined || fields.length < max) && (
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} block>
                添加{prop.label}
              </Button>
            )}
            <Form.ErrorList errors={errors} />
          </Space>
        )}
      </Form.List>
    </Form.Item>
  );
}

/**
 * The form items for an object schema, under `name` (e.g. ['fields'] or ['input']) of the
 * enclosing antd Form.
 */
export function SchemaFields({
  schema,
  name,
  disabled,
  only,
  grid,
}: {
  schema: unknown;
  name: NamePath;
  disabled?: boolean;
  /** Render only these keys (in schema order). */
  only?: readonly string[];
  /** Short fields side by side on wide screens (page forms); off in modals. */
  grid?: boolean;
}) {
  const root = isObj(schema) ? schema : {};
  const props = objectProps(schema, root).filter((p) => !only || only.includes(p.key));
  if (props.length === 0) return null;
  const field = (p: SchemaProp) => (
    <SchemaField key={p.key} prop={p} name={[...name, p.key]} root={root} disabled={disabled} />
  );
  if (!grid) return <>{props.map(field)}</>;
  return (
    <Row gutter={16}>
      {props.map((p) => {
        const kind = kindOf(p.schema, p.label, p.key);
        const wide = kind === 'textarea' || kind === 'list' || kind === 'object' || kind === 'tags';
        return (
          <Col key={p.key} xs={24} md={wide ? 24 : 12} xl={wide ? 24 : 8}>
            {field(p)}
          </Col>
        );
      })}
    </Row>
  );
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/**
 * Form values → the JSON the server expects: blanks dropped (an optional field left empty
 * is absent, not ''), required booleans and arrays defaulted so an untouched switch or list
 * does not fail as "missing", and the same inside list items and nested objects.
 */
export function cleanValues(schema: unknown, values: unknown, root?: JsonSchema): Record<string, unknown> {
  const r = root ?? (isObj(schema) ? schema : {});
  const src = isObj(values) ? values : {};
  const out: Record<string, unknown> = {};
  for (const p of objectProps(schema, r)) {
    const v = src[p.key];
    const kind = kindOf(p.schema, p.label, p.key);
    if (kind === 'list') {
      const { schema: items } = resolveSchema(p.schema.items, r);
      const list = Array.isArray(v) ? v.filter((x) => isObj(x)).map((x) => cleanValues(items, x, r)) : [];
      const kept = list.filter((x) => Object.keys(x).length > 0);
      if (kept.length > 0 || p.required) out[p.key] = kept;
      continue;
    }
    if (kind === 'object') {
      const inner = cleanValues(p.schema, v, r);
      if (Object.keys(inner).length > 0 || p.required) out[p.key] = inner;
      continue;
    }
    if (kind === 'tags' || kind === 'multiselect') {
      const list = Array.isArray(v) ? v.filter((x) => !isBlank(x)) : [];
      if (list.length > 0 || p.required) out[p.key] = list;
      continue;
    }
    if (kind === 'boolean') {
      if (typeof v === 'boolean') out[p.key] = v;
      else if (p.required) out[p.key] = typeof p.schema.default === 'boolean' ? p.schema.default : false;
      continue;
    }
    if (isBlank(v)) {
      if (p.nullable && p.required) out[p.key] = null;
      continue;
    }
    out[p.key] = typeof v === 'string' ? v.trim() : v;
  }
  return out;
}

/** Default values declared in the schema (zod `.default()`), for a form's initialValues. */
export function schemaDefaults(schema: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of objectProps(schema)) if (p.schema.default !== undefined) out[p.key] = p.schema.default;
  return out;
}

function optionLabel(schema: JsonSchema, v: unknown): string {
  const opt = enumOptions(schema)?.find((o) => String(o.value) === String(v));
  return opt?.label ?? String(v);
}

const dash = <Typography.Text type="secondary">—</Typography.Text>;

/**
 * A stored value, shown as the clerk would read it: enum keys as their labels (also inside
 * lists and nested objects), user ids as names. `fieldKey` is the value's property name,
 * which is what marks a user field.
 */
export function SchemaValue({
  schema,
  value,
  root,
  fieldKey,
}: {
  schema: JsonSchema;
  value: unknown;
  root?: JsonSchema;
  fieldKey?: string;
}) {
  const names = useUserNames();
  const r = root ?? schema;
  if (value === undefined || value === null || value === '') return dash;
  const { label } = labelOf(schema, '');
  const kind = kindOf(schema, label, fieldKey);
  if (kind === 'user') return <>{userName(names, value)}</>;
  if (kind === 'lookup' || kind === 'lookups') return <LookupValue lookup={lookupOf(schema)!} value={value} />;
  if (kind === 'select') return <>{optionLabel(schema, value)}</>;
  if (typeof value === 'boolean') return <>{value ? '是' : '否'}</>;
  if (kind === 'datetime' && typeof value === 'string') return <>{fmtInstant(value)}</>;
  if (Array.isArray(value)) {
    if (value.length === 0) return dash;
    const { schema: items } = resolveSchema(schema.items, r);
    if (value.every((x) => isObj(x))) return <ObjectTable schema={items} rows={value as JsonSchema[]} root={r} />;
    return (
      <Space size={[4, 4]} wrap>
        {value.map((x, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list that never reorders.
          <Tag key={i} style={{ whiteSpace: 'normal', maxWidth: '100%' }}>
            {optionLabel(items, x)}
          </Tag>
        ))}
      </Space>
    );
  }
  if (isObj(value)) {
    const props = objectProps(schema, r);
    const known = new Set(props.map((p) => p.key));
    const extra = Object.entries(value).filter(([k]) => !known.has(k));
    return (
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          ...props
            .filter((p) => p.required || !isBlank(value[p.key]))
            .map((p) => ({
              key: p.key,
              label: p.label,
              children: <SchemaValue schema={p.schema} value={value[p.key]} root={r} fieldKey={p.key} />,
            })),
          ...extra.map(([k, v]) => ({
            key: k,
            label: k,
            children: typeof v === 'object' ? JSON.stringify(v) : String(v),
          })),
        ]}
      />
    );
  }
  return <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{String(value)}</span>;
}

/** Ids picked from a lookup, shown by the labels its module gives them (the id when unknown). */
function LookupValue({ lookup, value }: { lookup: string; value: unknown }) {
  const source = useLookups()[lookup];
  const values = Array.isArray(value) ? value : [value];
  if (!source) return <>{values.map(String).join('、')}</>;
  return <LookupLabels source={source} values={values} />;
}

function LookupLabels({ source, values }: { source: LookupSource; values: readonly unknown[] }) {
  const { options } = source.useOptions();
  const label = (v: unknown) => options.find((o) => o.value === v)?.label ?? String(v);
  return (
    <Space size={[4, 4]} wrap>
      {values.map((v) => (
        <Tag key={String(v)} style={{ whiteSpace: 'normal', maxWidth: '100%' }}>
          {label(v)}
        </Tag>
      ))}
    </Space>
  );
}

function ObjectTable({ schema, rows, root }: { schema: JsonSchema; rows: JsonSchema[]; root: JsonSchema }) {
  const props = objectProps(schema, root);
  const cols: Pick<SchemaProp, 'key' | 'label' | 'schema'>[] =
    props.length > 0
      ? props
      : [...new Set(rows.flatMap((r) => Object.keys(r)))].map((k) => ({ key: k, label: k, schema: {} }));
  return (
    <Table<JsonSchema & { __i: number }>
      size="small"
      bordered
      pagination={false}
      rowKey="__i"
      dataSource={rows.map((r, i) => ({ ...r, __i: i }))}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无" /> }}
      columns={[
        { title: '序号', key: '__i', width: 56, render: (_: unknown, r) => r.__i + 1 },
        ...cols.map((p) => ({
          title: p.label,
          key: p.key,
          // Long text (调解情况) wraps in a column of its own width instead of stretching the table.
          onCell: () => ({ style: { minWidth: 96, maxWidth: 360, whiteSpace: 'normal' as const } }),
          render: (_: unknown, r: JsonSchema): ReactNode => (
            <SchemaValue schema={p.schema} value={r[p.key]} root={root} fieldKey={p.key} />
          ),
        })),
      ]}
    />
  );
}

/**
 * The labels of the lookups' records (lookup → id → label) a plain-text line names, where the
 * caller has them (TimelineCard loads the lookups its events use); without, the id is shown.
 */
export type LookupLabels = ReadonlyMap<string, ReadonlyMap<string, string>>;
const NO_LOOKUP_LABELS: LookupLabels = new Map();

/** A value as one line of plain text, with the same labels and names SchemaValue shows. */
function plainText(
  schema: JsonSchema,
  value: unknown,
  root: JsonSchema,
  names: ReadonlyMap<string, string>,
  key?: string,
  lookups: LookupLabels = NO_LOOKUP_LABELS,
): string {
  if (isBlank(value)) return '';
  const { label } = labelOf(schema, '');
  const kind = kindOf(schema, label, key);
  if (kind === 'user') return userName(names, value);
  if (kind === 'lookup' || kind === 'lookups') {
    const labels = lookups.get(lookupOf(schema)!);
    const ids = Array.isArray(value) ? value : [value];
    return ids.map((v) => labels?.get(String(v)) ?? String(v)).join('、');
  }
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value)) {
    const { schema: items } = resolveSchema(schema.items, root);
    const parts = value.map((x) => plainText(items, x, root, names, undefined, lookups)).filter((x) => x !== '');
    return value.some((x) => isObj(x)) ? parts.map((p) => `（${p}）`).join('') : parts.join('、');
  }
  if (isObj(value)) return pairs(schema, value, root, names, lookups).join('，');
  if (kind === 'datetime' && typeof value === 'string') return fmtInstant(value);
  return optionLabel(schema, value);
}

function pairs(
  schema: JsonSchema,
  value: Record<string, unknown>,
  root: JsonSchema,
  names: ReadonlyMap<string, string>,
  lookups: LookupLabels = NO_LOOKUP_LABELS,
): string[] {
  const props = objectProps(schema, root);
  const out: string[] = [];
  // In the schema's order (the form's), not the stored object's: a jsonb column sorts its keys.
  const keys = [...props.map((p) => p.key).filter((k) => k in value), ...Object.keys(value)];
  for (const k of new Set(keys)) {
    const v = value[k];
    const p = props.find((x) => x.key === k);
    // A sentence's own full stop would sit before the separator ('同意互谅互让。；').
    const shown = plainText(p?.schema ?? {}, v, root, names, k, lookups).replace(/[。；，、\s]+$/, '');
    if (shown !== '') out.push(`${p?.label ?? k}：${shown}`);
  }
  return out;
}

/** Label → value pairs of a short record (an event's input), for one line of the timeline. */
export function summarize(
  schema: unknown,
  value: Record<string, unknown>,
  names: ReadonlyMap<string, string>,
  lookups: LookupLabels = NO_LOOKUP_LABELS,
): string {
  const root = isObj(schema) ? schema : {};
  return pairs(root, value, root, names, lookups).join('；');
}

/** The lookups a schema's fields are picked from (nested objects and lists included). */
export function lookupsIn(schema: unknown, root: unknown = schema, seen = new Set<unknown>()): string[] {
  if (!isObj(schema) || seen.has(schema)) return [];
  seen.add(schema);
  const own = lookupOf(schema);
  if (own) return [own];
  const { schema: resolved } = resolveSchema(schema, isObj(root) ? root : {});
  const children = [
    ...Object.values(isObj(resolved.properties) ? resolved.properties : {}),
    resolved.items,
    ...(Array.isArray(resolved.anyOf) ? resolved.anyOf : []),
  ];
  return [...new Set(children.flatMap((c) => lookupsIn(c, root, seen)))];
}
