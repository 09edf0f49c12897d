/**
 * The enforcement module (issue 14). Minimal here: the figures of 复议 and 诉讼 against the
 * town's acts (./facts/challenges.ts). The case types, routes and the rest of its manifest are
 * added alongside.
 */
import { defineModule } from '../../core/module.ts';
import { challengesFacts } from './facts/challenges.ts';

export const enforcementModule = defineModule({
  key: 'enforcement',
  label: '行政执法',
  facts: [challengesFacts],
});
