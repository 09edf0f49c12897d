/** The advisers area of 依法决策 (issue 16): its parts, merged by ../index.ts. */
import { definePart } from '../part.ts';

export const advisersPart = definePart({
  key: 'advisers',
});
