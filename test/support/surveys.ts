import { sql } from 'kysely';
import type { Database } from '../../src/db/database.ts';
import type { QuestionnaireContent } from '../../src/domain/surveys/questionnaire.ts';

const t = (vi: string, en: string) => ({ vi, en });

/** A small questionnaire: two SIPAS elements, a demographic question and a branched open text. */
export function smallQuestionnaire(): QuestionnaireContent {
  return {
    title: t('Phiếu thử nghiệm', 'Test questionnaire'),
    languages: ['vi', 'en'],
    formula: { kind: 'shareSatisfied' },
    sections: [
      {
        id: 'info',
        element: null,
        title: t('Thông tin người trả lời', 'Respondent'),
        questions: [
          {
            id: 'sex',
            type: 'single',
            required: false,
            demographic: 'sex',
            text: t('Giới tính', 'Sex'),
            options: [
              { value: 'f', label: t('Nữ', 'Female') },
              { value: 'm', label: t('Nam', 'Male') },
            ],
          },
        ],
      },
      {
        id: 'acc',
        element: 'access',
        title: t('Tiếp cận dịch vụ', 'Access'),
        questions: [
          { id: 'a1', type: 'scale5', required: true, text: t('Nơi ngồi chờ', 'Waiting area') },
          { id: 'a2', type: 'scale5', required: true, text: t('Trang thiết bị', 'Equipment') },
        ],
      },
      {
        id: 'cs',
        element: 'civilServant',
        title: t('Công chức', 'Civil servant'),
        questions: [
          { id: 'c1', type: 'scale5', required: true, text: t('Thái độ giao tiếp', 'Attitude') },
          {
            id: 'why',
            type: 'text',
            required: false,
            maxLength: 500,
            text: t('Vì sao chưa hài lòng?', 'Why not satisfied?'),
            showIf: { questionId: 'c1', in: [1, 2] },
          },
        ],
      },
    ],
  };
}

/** Finished dossiers for the sampling frame: `n` per unit, codes prefix-0001…, finished inside October 2025. */
export async function insertFinishedDossiers(db: Database['db'], unitId: string, prefix: string, n: number) {
  await sql`
    INSERT INTO dossiers (unit_id, source, code, received_day, procedure_code, received_at, due_at, finished_at, status, channel, outcome,
                          source_updated_at, batch_id)
    SELECT ${unitId}::uuid, 'test', ${prefix} || lpad(i::text, 4, '0'), DATE '2025-10-01', CASE WHEN i % 3 = 0 THEN '2.000488' ELSE '1.001757' END,
           TIMESTAMPTZ '2025-10-01 01:00:00+00', TIMESTAMPTZ '2025-10-05 10:00:00+00', TIMESTAMPTZ '2025-10-03 03:00:00+00', 'DaTraKetQua',
           CASE WHEN i % 2 = 0 THEN 2 ELSE 1 END, 'early', TIMESTAMPTZ '2025-10-03 03:00:00+00', gen_random_uuid()
    FROM generate_series(1, ${n}::int) AS i`.execute(db);
}
