/**
 * The contract area of 依法决策 (issue 16): the 合同审查 case type (domain cases/contract.ts,
 * ./case-type.ts), the town's review settings (./settings.ts), the register of contracts
 * (./register.ts), the figures (./facts.ts) and the demo's contracts (./demo.ts). Merged by
 * ../index.ts.
 */
import { DECISIONS_MENU_GROUP, definePart } from '../part.ts';
import { contractCaseType } from './case-type.ts';
import { contractFacts } from './facts.ts';
import { contractRegisterRoutes } from './register.ts';
import { contractSettingsRoutes } from './settings.ts';

export const contractPart = definePart<undefined>({
  key: 'contract',
  caseTypes: [contractCaseType],
  facts: [contractFacts],
  async routes(app) {
    await contractRegisterRoutes(app);
    await contractSettingsRoutes(app);
  },
  auditActions: { 'settings.contract_review.update': '修改合同审查设置' },
  menu: [
    {
      key: 'decisions-contracts',
      label: '合同台账',
      path: '/decisions/contracts',
      group: DECISIONS_MENU_GROUP,
      needs: ['case:read'],
      caseTypes: ['contract'],
    },
  ],
  demo: {
    async year(core, _own, ctx) {
      const { seedContractDemo } = await import('./demo.ts');
      return seedContractDemo(core, ctx);
    },
  },
});
