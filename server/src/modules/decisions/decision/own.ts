/** The decision area's own services (`own.decision`), built by ./part.ts. */
import type { CatalogueService } from './catalogue.ts';
import type { DecisionPublicity } from './public.ts';

export interface DecisionOwn {
  catalogue: CatalogueService;
  publicity: DecisionPublicity;
}
