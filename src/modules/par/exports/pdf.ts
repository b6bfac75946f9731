/**
 * Server-side PDF rendering with pdfmake (pdfkit underneath): a document definition in, PDF bytes out. Nothing is
 * fetched: remote URLs are refused and the only local files read are the fonts shipped inside the pdfmake package
 * (Roboto, which has every Vietnamese glyph; bold is Roboto Medium, as in pdfmake's own set-up).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import pdfmake from 'pdfmake';

const fontDir = path.join(path.dirname(createRequire(import.meta.url).resolve('pdfmake/package.json')), 'fonts', 'Roboto');
const font = (file: string) => path.join(fontDir, file);

export const PDF_FONT = 'Roboto';
const FONTS = {
  [PDF_FONT]: {
    normal: font('Roboto-Regular.ttf'),
    bold: font('Roboto-Medium.ttf'),
    italics: font('Roboto-Italic.ttf'),
    bolditalics: font('Roboto-MediumItalic.ttf'),
  },
};
const allowed = new Set(Object.values(FONTS[PDF_FONT]));

let ready = false;
function setUp() {
  if (ready) return;
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((p) => allowed.has(path.resolve(p)));
  ready = true;
}

/** Millimetres to PDF points (1 pt = 1/72 inch). */
export const mm = (v: number) => Math.round(((v * 72) / 25.4) * 100) / 100;

/** Renders a pdfmake document definition to PDF bytes. pdfmake fills defaults into the definition: pass a fresh one. */
export async function renderPdf(docDefinition: object): Promise<Buffer> {
  setUp();
  // pdfmake resolves and rewrites the font table while rendering: give it a fresh copy every time.
  pdfmake.setFonts(structuredClone(FONTS));
  return pdfmake.createPdf(docDefinition).getBuffer();
}
