/** Chinese labels for audit actions, for the log viewer and its export. */
export const AUDIT_ACTIONS: Record<string, string> = {
  'auth.login': '登录',
  'auth.lock': '登录失败锁定',
  'auth.logout': '退出登录',
  'auth.logout_all': '退出全部会话',
  'auth.password.change': '修改密码',
  'permission.denied': '越权访问被拒绝',
  'api.write': '写操作失败',
  'org.create': '新增单位',
  'org.update': '修改单位',
  'org.delete': '删除单位',
  'user.create': '新建用户',
  'user.update': '修改用户',
  'user.reset_password': '重置密码',
  'user.end_sessions': '强制下线',
  'user.unlock': '解除锁定',
  'settings.security.update': '修改安全策略',
  'calendar.override.create': '新增工作日历调整',
  'calendar.override.delete': '删除工作日历调整',
  'audit.export': '导出审计日志',
  'audit.verify': '校验审计日志',
};

export const OUTCOME_LABELS = { success: '成功', failure: '失败', denied: '拒绝' } as const;
