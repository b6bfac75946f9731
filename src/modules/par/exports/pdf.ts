/**
 * Server-side PDF rendering with pdfmake (pdfkit underneath): a document definition in, PDF bytes out. Nothing is
 * fetched: remote URLs are refused and the only local files read are the font files of the npm package
 * @expo-google-fonts/tinos — Tinos, metric-compatible with Times New Roman (the typeface of Nghị định 30/2020/NĐ-CP),
 * with every Vietnamese glyph.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import pdfmake from 'pdfmake';

const fontDir = path.dirname(createRequire(import.meta.url).resolve('@expo-google-fonts/tinos/package.json'));
const font = (file: string) => path.join(fontDir, file);

export const PDF_FONT = 'Tinos';
const FONTS = {
  [PDF_FONT]: {
    normal: font('400Regular/Tinos_400Regular.ttf'),
    bold: font('700Bold/Tinos_700Bold.ttf'),
    italics: font('400Regular_Italic/Tinos_400Regular_Italic.ttf'),
    bolditalics: font('700Bold_Italic/Tinos_700Bold_Italic.ttf'),
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
