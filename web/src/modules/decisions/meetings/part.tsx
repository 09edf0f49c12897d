/** The meetings area's pages (issue 16), merged by ../index.tsx. */
import type { DecisionsWebPart } from '../part.ts';

export const meetingsWebPart: DecisionsWebPart = {};
