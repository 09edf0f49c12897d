/** The normative area of 依法决策 (issue 16): its parts, merged by ../index.ts. */
import { definePart } from '../part.ts';

export const normativePart = definePart({
  key: 'normative',
});
