// pdfjs-dist as the product loads it: an independent PDF reader (not our own writer).
export { openPdf, pdfjs, type PdfJs } from '../../src/shared/raster';
