/**
 * Libraries that only a few requests need (an Excel export or import, a dossier), loaded on
 * their first use instead of at start: importing exceljs and pdf-lib took ≈ 1.4 s of the
 * server's start (issue 19, bench/README.md). Node keeps a module once loaded, so later calls
 * cost nothing.
 */
export const loadExcel = () => import('exceljs').then((m) => m.default);
export const loadPdfLib = () => import('pdf-lib');
export const loadJsZip = () => import('jszip').then((m) => m.default);
