// The module path, not the package root: the root also loads the role schemas (and zod).
import { checkPassword, DEFAULT_PASSWORD_POLICY, type PasswordPolicy } from '@fazhi/domain/auth/password';
import { useMe } from '../app/auth.ts';

// Look-alike characters (0/O, 1/l/I) are left out: these passwords are read aloud or copied by hand.
const SETS = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '@#%&*+=?!'];

function randomIndex(n: number): number {
  const buf = new Uint32Array(1);
  // Rejection sampling keeps the choice uniform.
  const limit = Math.floor(0x1_0000_0000 / n) * n;
  do crypto.getRandomValues(buf);
  while (buf[0]! >= limit);
  return buf[0]! % n;
}

/** A random password with every character class, long enough for the policy (at least 12). */
export function generatePassword(policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY): string {
  const length = Math.max(12, policy.minLength);
  const all = SETS.join('');
  const chars = SETS.map((s) => s[randomIndex(s.length)]!);
  while (chars.length < length) chars.push(all[randomIndex(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomIndex(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

/** An antd Form rule checking a password against the configured policy (from /api/me). */
export function passwordRule(policy: PasswordPolicy, username?: () => string | undefined) {
  return {
    validator: async (_: unknown, value: string | undefined) => {
      if (!value) return;
      const problems = checkPassword(value, policy, { username: username?.() });
      if (problems.length > 0) throw new Error(problems.join('；'));
    },
  };
}

/** The policy the 安全管理员 configured, as /api/me reports it (the default until it has loaded). */
export function usePasswordPolicy(): PasswordPolicy {
  return useMe().data?.passwordPolicy ?? DEFAULT_PASSWORD_POLICY;
}
