/**
 * Report outlines. `standard` is the five required parts of 法治政府建设与责任落实督察工作规定
 * (arts 23–25; docs/domain.md §Annual report), part one split into sub-sections so each
 * office drafts what it knows; `seed` is the outline of 湾头桥镇's own 2023 report
 * (../shared/seed). That text is cut between part one and part four: its part three is
 * recognisably the results ("一是…领导干部法律意识明显增强 二是促进了社会和谐稳定 三是促进了…
 * 经济"), its part two is lost, and we put the chiefs' first-responsibility part there
 * because the督察工作规定 requires it.
 *
 * `office` names the default office by a keyword of its unit name (the demo's 党政办（法治办）,
 * 综治中心（一站式矛调中心）…); a town whose office is named otherwise gets the 法治办's unit and
 * the 法治办 reassigns.
 *
 * The standard outline's part one has a sub-section per area of work; a module brings its
 * own (core/module.ts `reportSections`) and `reportTemplates` numbers them in order. The seed
 * outline is the town's historical text and does not change with the modules.
 */
import type { ReportTemplateKey } from '@fazhi/domain/api/reports';

export interface TemplateSection {
  key: string;
  /** With its number, as printed: 「一、主要举措和成效」, 「（一）…」. */
  title: string;
  /** 1 = a part (一、, 黑体), 2 = a sub-section of a part (（一）, 楷体). */
  level: 1 | 2;
  /** Keywords of the default office's unit name, first match wins. */
  office: readonly string[];
}

export interface ReportTemplate {
  key: ReportTemplateKey;
  /** Title of the report for a town and year. */
  title: (town: string, year: number) => string;
  sections: (year: number) => TemplateSection[];
}

const FAZHIBAN = ['法治办', '党政办'];
const SIFASUO = ['司法所'];
const TIAOJIE = ['矛调中心', '综治中心'];
const XINFANG = ['信访'];
const ZHIFA = ['执法'];

/** A sub-section of the standard outline's part one (主要举措和成效). */
export interface OutlineSection {
  /** `measures.<area>`. */
  key: string;
  /** Without its number: （一）, （二）… follow `order`. */
  title: string;
  /** Place among part one's sub-sections; the core's is 10 (the safety module's 50). */
  order: number;
  /** Keywords of the default office's unit name, first match wins. */
  office: readonly string[];
}

/**
 * Part one's sub-sections that belong to no module: study (the 司法所's), and, like
 * facts/manual-facts.ts, the areas whose modules do not exist yet (docs/domain.md §Modules
 * still to come); a module that comes takes its section from here into its manifest (as the
 * safety module took 依法履行安全生产监管职责).
 */
export const CORE_OUTLINE_SECTIONS: readonly OutlineSection[] = [
  { key: 'measures.study', title: '深入学习贯彻习近平法治思想，提升依法行政能力', order: 10, office: SIFASUO },
];

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五'];

/** The outlines of an installation: the standard one's part one completed by the modules. */
export function reportTemplates(moduleSections: readonly OutlineSection[]): Record<ReportTemplateKey, ReportTemplate> {
  const measures = [...CORE_OUTLINE_SECTIONS, ...moduleSections].sort((a, b) => a.order - b.order);
  if (measures.length > NUMERALS.length) throw new Error('too many sections in part one of the report outline');
  return {
    standard: {
      key: 'standard',
      title: (town, year) => `${town}${year}年法治政府建设年度报告`,
      sections: () => [
        { key: 'measures', title: '一、主要举措和成效', level: 1, office: FAZHIBAN },
        ...measures.map((s, i) => ({
          key: s.key,
          title: `（${NUMERALS[i]}）${s.title}`,
          level: 2 as const,
          office: s.office,
        })),
        { key: 'shortcomings', title: '二、存在的不足和原因', level: 1, office: FAZHIBAN },
        { key: 'chiefs', title: '三、党政主要负责人履行推进法治建设第一责任人职责情况', level: 1, office: FAZHIBAN },
        { key: 'plans', title: '四、下一年度工作安排', level: 1, office: FAZHIBAN },
        { key: 'other', title: '五、其他需要报告的事项', level: 1, office: FAZHIBAN },
      ],
    },
    seed: SEED,
  };
}

const SEED: ReportTemplate = {
  key: 'seed',
  title: (town, year) => `${town}${year}年法治政府建设情况报告`,
  sections: (year) => [
    { key: 'practice', title: '一、主要做法和成效', level: 1, office: FAZHIBAN },
    { key: 'practice.study', title: '（一）加强学习宣传贯彻落实纲要，提升队伍法治素质。', level: 2, office: SIFASUO },
    { key: 'practice.lawful', title: '（二）坚持依法行政，建设法治政府。', level: 2, office: TIAOJIE },
    { key: 'practice.stability', title: '（三）深入推进依法治镇，维护基层和谐稳定。', level: 2, office: XINFANG },
    { key: 'practice.enforcement', title: '（四）加强行政执法，推动基层治理体系建立健全。', level: 2, office: ZHIFA },
    { key: 'chiefs', title: '二、党政主要负责人履行推进法治建设第一责任人职责情况', level: 1, office: FAZHIBAN },
    { key: 'results', title: '三、法治创建取得的成效', level: 1, office: FAZHIBAN },
    { key: 'problems', title: '四、存在问题', level: 1, office: FAZHIBAN },
    { key: 'plans', title: `五、${year + 1}年度推进法治政府建设的工作思路`, level: 1, office: FAZHIBAN },
  ],
};

/** The five parts every report must have, by their numbers (for checks and tests). */
export const REQUIRED_PARTS = ['一、', '二、', '三、', '四、', '五、'] as const;

/** The office a section goes to by default: the first town department whose name has a keyword. */
export function defaultOffice(
  section: TemplateSection,
  departments: readonly { id: number; name: string }[],
  fallback: number,
): number {
  for (const k of section.office) {
    const d = departments.find((x) => x.name.includes(k));
    if (d) return d.id;
  }
  return fallback;
}
