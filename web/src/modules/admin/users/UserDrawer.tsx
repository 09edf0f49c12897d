import { DeleteOutlined, PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { checkRoleSeparation, isAdminRole, type RoleKey, SCOPE_LABELS, type Scope, validatePhone } from '@fazhi/domain';
import type { RoleInfo, User, UserCreateBody, UserUpdateBody } from '@fazhi/domain/api/platform';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Col, Descriptions, Drawer, Form, Grid, Input, Row, Select, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api, errorMessage } from '../../../api.ts';
import { fmtDateTime } from '../../../components/format.ts';
import { applyFieldErrors } from '../../../components/forms.ts';
import { OrgUnitSelect } from '../../../components/OrgUnitSelect.tsx';
import { generatePassword, passwordRule, usePasswordPolicy } from '../../../components/password.ts';
import { UserStatus } from './UserStatus.tsx';

interface RoleRow {
  role?: string;
  unitId?: number;
  scope?: Scope;
}

interface Values {
  username: string;
  displayName: string;
  phone?: string;
  initialPassword?: string;
  roles: RoleRow[];
}

const FIELDS = ['username', 'displayName', 'phone', 'initialPassword', 'roles'] as const;

const SCOPE_OPTIONS = (Object.entries(SCOPE_LABELS) as [Scope, string][]).map(([value, label]) => ({ value, label }));

export function useRoles() {
  return useQuery({ queryKey: ['roles'], queryFn: () => api.get<RoleInfo[]>('/api/roles'), staleTime: 300_000 });
}

/** Create (user undefined) or edit a user, with a dynamic list of role assignments. */
export function UserDrawer({
  open,
  user,
  onClose,
  onSaved,
}: {
  open: boolean;
  user: User | undefined;
  onClose: () => void;
  onSaved: (u: User) => void;
}) {
  const editing = !!user;
  // An administrator's roles are set by the CLI; the server refuses them here (三员分立).
  const adminAccount = !!user?.roles.some((r) => isAdminRole(r.role));
  const [form] = Form.useForm<Values>();
  const policy = usePasswordPolicy();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const roles = useRoles();
  const [showPassword, setShowPassword] = useState(false);

  const roleByKey = useMemo(() => new Map((roles.data ?? []).map((r) => [r.key, r])), [roles.data]);
  const knownLabels = useMemo(
    () => Object.fromEntries((user?.roles ?? []).map((r) => [r.unitId, r.unitName])) as Record<number, string>,
    [user],
  );

  const save = useMutation({
    mutationFn: (v: Values) => {
      const assignments = (v.roles ?? []).map((r) => ({ role: r.role as RoleKey, unitId: r.unitId!, scope: r.scope }));
      const phone = v.phone?.trim() ? validatePhoneValue(v.phone) : null;
      if (user) {
        return api.patch<User>(`/api/users/${user.id}`, {
          displayName: v.displayName.trim(),
          phone,
          ...(adminAccount ? {} : { roles: assignments }),
          version: user.version,
        } satisfies UserUpdateBody);
      }
      return api.post<User>('/api/users', {
        username: v.username.trim(),
        displayName: v.displayName.trim(),
        phone: phone ?? undefined,
        initialPassword: v.initialPassword ?? '',
        roles: assignments,
      } satisfies UserCreateBody);
    },
    onSuccess: (u) => {
      message.success(user ? '已保存' : `已创建用户「${u.displayName}」，首次登录时须修改初始密码`);
      onSaved(u);
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e, FIELDS)) void message.error(errorMessage(e));
    },
  });

  const initialValues: Partial<Values> = user
    ? {
        username: user.username,
        displayName: user.displayName,
        phone: user.phone ?? '',
        roles: user.roles.map((r) => ({ role: r.role, unitId: r.unitId, scope: r.scope })),
      }
    : { roles: [{}] };

  return (
    <Drawer
      title={user ? `编辑用户：${user.displayName}` : '新建用户'}
      open={open}
      onClose={onClose}
      size={screens.md ? 680 : '100%'}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" onClick={() => form.submit()} loading={save.isPending} data-testid="user-save">
            保存
          </Button>
        </Space>
      }
    >
      {user && (
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2 }}
          style={{ marginBottom: 16 }}
          items={[
            { key: 'status', label: '状态', children: <UserStatus user={user} /> },
            { key: 'last', label: '最近登录', children: fmtDateTime(user.lastLoginAt) },
            { key: 'created', label: '创建时间', children: fmtDateTime(user.createdAt) },
          ]}
        />
      )}
      <Form<Values>
        form={form}
        name="user"
        layout="vertical"
        initialValues={initialValues}
        onFinish={(v) => save.mutate(v)}
        preserve={false}
        data-testid="user-form"
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              label="用户名"
              name="username"
              extra={editing ? '用户名创建后不能修改' : '登录用，2–32 位字母、数字、下划线、点或连字符（保存为小写）'}
              rules={[
                { required: true, whitespace: true, message: '请输入用户名' },
                { pattern: /^[A-Za-z0-9_.-]{2,32}$/, message: '用户名为 2–32 位字母、数字、下划线、点或连字符' },
              ]}
            >
              <Input disabled={editing} autoComplete="off" maxLength={32} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              label="姓名"
              name="displayName"
              rules={[
                { required: true, whitespace: true, message: '请输入姓名' },
                { max: 50, message: '姓名不能超过 50 个字' },
              ]}
            >
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              label="手机号"
              name="phone"
              rules={[
                {
                  validator: async (_, v: string | undefined) => {
                    if (!v?.trim()) return;
                    const r = validatePhone(v);
                    if (!r.ok) throw new Error(r.message);
                  },
                },
              ]}
            >
              <Input maxLength={20} inputMode="tel" />
            </Form.Item>
          </Col>
          {!editing && (
            <Col xs={24} sm={12}>
              <Form.Item label="初始密码" required extra="用户首次登录时须修改">
                <Space.Compact style={{ width: '100%' }}>
                  <Form.Item
                    name="initialPassword"
                    noStyle
                    rules={[
                      { required: true, message: '请输入或生成初始密码' },
                      passwordRule(policy, () => form.getFieldValue('username')),
                    ]}
                  >
                    <Input.Password
                      aria-label="初始密码"
                      autoComplete="new-password"
                      visibilityToggle={{ visible: showPassword, onVisibleChange: setShowPassword }}
                    />
                  </Form.Item>
                  <Button
                    icon={<ThunderboltOutlined />}
                    onClick={() => {
                      form.setFieldValue('initialPassword', generatePassword(policy));
                      setShowPassword(true);
                      void form.validateFields(['initialPassword']);
                    }}
                  >
                    生成
                  </Button>
                </Space.Compact>
              </Form.Item>
            </Col>
          )}
        </Row>

        <Typography.Title level={5} style={{ marginTop: 8 }}>
          角色分配
        </Typography.Title>
        {roles.error ? <Alert type="error" showIcon title={`角色列表加载失败：${errorMessage(roles.error)}`} /> : null}
        {adminAccount ? (
          <Alert type="info" showIcon title="管理员角色（三员）不能在此修改，须由运维人员通过命令行设置" />
        ) : (
          <Form.List
            name="roles"
            rules={[
              {
                validator: async (_, rows: RoleRow[] | undefined) => {
                  if (!rows || rows.length === 0) throw new Error('请至少分配一个角色');
                  const problem = checkRoleSeparation(rows.map((r) => r.role).filter((r): r is string => !!r));
                  if (problem) throw new Error(problem);
                },
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((field, index) => (
                  <div
                    key={field.key}
                    data-testid={`role-row-${index}`}
                    style={{ border: '1px solid #f0f0f0', borderRadius: 8, padding: '12px 12px 0', marginBottom: 12 }}
                  >
                    <Row gutter={12} align="top">
                      <Col xs={24} sm={7}>
                        <Form.Item
                          label="角色"
                          name={[field.name, 'role']}
                          rules={[{ required: true, message: '请选择角色' }]}
                        >
                          <Select
                            loading={roles.isPending}
                            showSearch={{ optionFilterProp: 'label' }}
                            placeholder="选择角色"
                            options={(roles.data ?? [])
                              .filter((r) => !r.admin)
                              .map((r) => ({
                                value: r.key,
                                label: r.label,
                                desc: r.description,
                              }))}
                            optionRender={(o) => (
                              <div style={{ whiteSpace: 'normal' }}>
                                <div>{o.label}</div>
                                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                                  {o.data.desc}
                                </Typography.Text>
                              </div>
                            )}
                            popupMatchSelectWidth={280}
                            onChange={(key: string) => {
                              const def = roleByKey.get(key);
                              if (def) form.setFieldValue(['roles', field.name, 'scope'], def.defaultScope);
                              void form.validateFields([['roles']]).catch(() => undefined);
                            }}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={24} sm={9}>
                        <Form.Item
                          label="所在单位"
                          name={[field.name, 'unitId']}
                          rules={[{ required: true, message: '请选择单位' }]}
                        >
                          <OrgUnitSelect knownLabels={knownLabels} />
                        </Form.Item>
                      </Col>
                      <Col xs={20} sm={6}>
                        <Form.Item
                          label="数据范围"
                          name={[field.name, 'scope']}
                          rules={[{ required: true, message: '请选择数据范围' }]}
                        >
                          <Select options={SCOPE_OPTIONS} placeholder="数据范围" />
                        </Form.Item>
                      </Col>
                      <Col xs={4} sm={2} style={{ paddingTop: 30 }}>
                        <Button
                          type="text"
                          danger
                          aria-label={`删除第 ${index + 1} 行`}
                          icon={<DeleteOutlined />}
                          onClick={() => remove(field.name)}
                        />
                      </Col>
                    </Row>
                  </div>
                ))}
                <Form.ErrorList errors={errors} />
                <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({})} style={{ marginTop: 4 }}>
                  添加角色
                </Button>
              </>
            )}
          </Form.List>
        )}
      </Form>
    </Drawer>
  );
}

function validatePhoneValue(raw: string): string {
  const r = validatePhone(raw);
  return r.ok ? r.value : raw.trim();
}
