/**
 * 违法建设 (illegal construction): the case type from the stop order to a lawful forced
 * demolition (城乡规划法 art 65; 行政强制法 arts 35–38, 43, 44), its documents and its figures.
 * Worked by the 执法队 and the 自然资源办, the decisions approved by a 镇领导.
 */
import { defineModule } from '../../core/module.ts';
import { constructionCaseType } from './case-type.ts';
import { constructionFacts } from './facts.ts';

export const constructionModule = defineModule<undefined>({
  key: 'construction',
  label: '违法建设治理',
  caseTypes: [constructionCaseType],
  facts: [constructionFacts],
  demo: {
    // Imported when the demo runs, so a server that does not seed never reads it.
    async year(core, _own, ctx) {
      const { seedConstructionDemo } = await import('./demo.ts');
      const r = await seedConstructionDemo(core, { year: ctx.year, until: ctx.until });
      return [`违法建设 ${r.caseIds.length} 件（强制拆除、自行拆除、及时制止各一件）`];
    },
  },
});
