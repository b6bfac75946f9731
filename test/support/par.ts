import { type FrameworkSheet, writeFrameworkWorkbook } from '../../src/modules/par/framework-excel.ts';
import type { Client } from './server.ts';

/**
 * A small framework for tests: 2 areas, 10 points, 2 of them from the survey.
 * 1 (6) → 1.1 (6) → 1.1.1 levels 2 | 1.1.2 direct 2 | 1.1.3 bands 2;  2 (4) → 2.1 (4) → 2.1.1 yes/no 2 | 2.1.2 survey 2.
 */
export function smallFramework(groupCode: string, year = 2027): FrameworkSheet {
  const node = (code: string, parentCode: string | null, title: string, maxPoints: string, extra: Partial<FrameworkSheet['nodes'][number]> = {}) => ({
    code,
    parentCode,
    title,
    maxPoints,
    source: 'self' as const,
    kind: 'normal' as const,
    method: null,
    guidance: null,
    evidenceRequired: false,
    order: 1,
    ...extra,
  });
  return {
    name: `Bộ chỉ số thử nghiệm ${year}`,
    year,
    groupCode,
    classes: [
      { name: 'Xuất sắc', minIndex: '90' },
      { name: 'Tốt', minIndex: '80' },
      { name: 'Khá', minIndex: '70' },
    ],
    nodes: [
      node('1', null, 'Công tác chỉ đạo, điều hành CCHC', '6'),
      node('1.1', '1', 'Kế hoạch CCHC năm', '6'),
      node('1.1.1', '1.1', 'Ban hành kế hoạch CCHC năm', '2', {
        method: {
          type: 'levels',
          levels: [
            { label: 'Kịp thời', points: '2' },
            { label: 'Không kịp thời', points: '1' },
            { label: 'Không ban hành', points: '0' },
          ],
        },
        guidance: 'Quyết định ban hành kế hoạch',
        evidenceRequired: true,
      }),
      node('1.1.2', '1.1', 'Báo cáo CCHC định kỳ', '2', { method: { type: 'direct' }, order: 2 }),
      node('1.1.3', '1.1', 'Mức độ thực hiện kế hoạch', '2', {
        method: {
          type: 'bands',
          bands: [
            { minPercent: '0', points: '0' },
            { minPercent: '70', points: '1' },
            { minPercent: '90', points: '2' },
          ],
        },
        order: 3,
      }),
      node('2', null, 'Cải cách thủ tục hành chính', '4', { order: 2 }),
      node('2.1', '2', 'Công khai TTHC', '4'),
      node('2.1.1', '2.1', 'Công khai đầy đủ TTHC', '2', { method: { type: 'boolean' } }),
      node('2.1.2', '2.1', 'Mức độ hài lòng (ĐTXHH)', '2', { source: 'survey', method: { type: 'survey' }, order: 2 }),
    ],
  };
}

export async function uploadXlsx(c: Client, url: string, buf: Buffer, name = 'file.xlsx') {
  const form = new FormData();
  form.append('file', new Blob([buf]), name);
  return c.request('POST', url, undefined, { raw: form });
}

export async function importSmallFramework(c: Client, groupCode: string, year = 2027) {
  return uploadXlsx(c, '/api/par/frameworks/import', await writeFrameworkWorkbook(smallFramework(groupCode, year)));
}

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
