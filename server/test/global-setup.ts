/**
 * Once per `vitest run`, before any test file: the database templates every file clones
 * (./templates.ts), handed to the workers with `provide`, removed when the run ends.
 */
import type { TestProject } from 'vitest/node';
import { buildTemplates } from './templates.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { templates, remove } = await buildTemplates();
  project.provide('fazhiTemplates', templates);
  return remove;
}
