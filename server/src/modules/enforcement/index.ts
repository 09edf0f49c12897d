/**
 * The 执法队's module: administrative enforcement under the 行政处罚法 (penalty cases, with
 * their documents). Kept minimal on this branch; the officers' register, powers list and the
 * other enforcement case types join it in the same manifest.
 */
import { defineModule } from '../../core/module.ts';
import { penaltyCaseType } from './penalty/case-type.ts';

export const enforcementModule = defineModule({
  key: 'enforcement',
  label: '行政执法',
  caseTypes: [penaltyCaseType],
});
