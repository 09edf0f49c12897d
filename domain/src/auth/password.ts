/**
 * Password policy (GB/T 22239-2019 8.1.4.1 a: identity with complexity requirements;
 * the standard sets no numbers, so the defaults follow common 等保 practice:
 * ≥ 8 characters from ≥ 3 of 4 classes, no reuse of the last 5). The numbers are
 * configurable by the 安全管理员, so the policy is a value, not constants.
 */
export interface PasswordPolicy {
  minLength: number;
  minClasses: number;
  historyCount: number;
  maxLength: number;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  minLength: 8,
  minClasses: 3,
  historyCount: 5,
  maxLength: 128,
};

export function characterClasses(password: string): number {
  let n = 0;
  if (/[a-z]/.test(password)) n++;
  if (/[A-Z]/.test(password)) n++;
  if (/[0-9]/.test(password)) n++;
  // Anything that is not an ASCII letter or digit counts as a symbol, including CJK.
  if (/[^a-zA-Z0-9]/.test(password)) n++;
  return n;
}

/** Returns the Chinese reasons a password is refused; an empty list means it is acceptable. */
export function checkPassword(password: string, policy: PasswordPolicy, ctx: { username?: string } = {}): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < policy.minLength) problems.push(`密码长度至少为 ${policy.minLength} 位`);
  if (length > policy.maxLength) problems.push(`密码长度不能超过 ${policy.maxLength} 位`);
  if (characterClasses(password) < policy.minClasses) {
    problems.push(`密码须包含大写字母、小写字母、数字、符号中的至少 ${policy.minClasses} 类`);
  }
  if (/\s/.test(password)) problems.push('密码不能包含空格');
  if (ctx.username && ctx.username.length >= 3 && password.toLowerCase().includes(ctx.username.toLowerCase())) {
    problems.push('密码不能包含用户名');
  }
  return problems;
}
