/**
 * The 执法队's module: administrative enforcement under the 行政处罚法 (penalty cases, with
 * their documents) and the figures of 复议 and 诉讼 against the town's acts
 * (./facts/challenges.ts).
 */
import { defineModule } from '../../core/module.ts';
import { challengesFacts } from './facts/challenges.ts';
import { penaltyCaseType } from './penalty/case-type.ts';

export const enforcementModule = defineModule({
  key: 'enforcement',
  label: '行政执法',
  caseTypes: [penaltyCaseType],
  facts: [challengesFacts],
});
