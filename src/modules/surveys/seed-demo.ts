import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/shared/clock.ts';
import { type Answers, demographicsOf, type LangText, type Question, type QuestionnaireContent } from '../../domain/surveys/questionnaire.ts';
import { seededRandom } from '../../domain/surveys/sampling.ts';
import { writeAudit } from '../audit/repo.ts';
import { hashSecret } from './repo.ts';

const t = (vi: string, en: string): LangText => ({ vi, en });
const scale = (id: string, vi: string, en: string, required = true): Question => ({ id, type: 'scale5', required, text: t(vi, en) });

/**
 * The SIPAS questionnaire of the demo. It follows the five official elements (Decision 2640/QĐ-BNV, methodology §2.2)
 * and the contents reported for SIPAS 2024 (access measured on signage/guidance, seats and desks, equipment); the
 * wording of every question is illustrative, not the official questionnaire.
 */
export function demoSipasQuestionnaire(): QuestionnaireContent {
  return {
    title: t('Phiếu khảo sát sự hài lòng của người dân, tổ chức (minh họa)', 'Citizen satisfaction questionnaire (illustrative)'),
    intro: t(
      'Nội dung câu hỏi là minh họa, không phải phiếu chính thức của Bộ Nội vụ. Xin ông/bà cho biết mức độ hài lòng khi giải quyết thủ tục hành chính.',
      'Illustrative wording, not the official Ministry of Home Affairs form. Please rate your satisfaction with the service.',
    ),
    languages: ['vi', 'en'],
    formula: { kind: 'shareSatisfied' },
    illustrative: true,
    sections: [
      {
        id: 'info',
        element: null,
        title: t('Thông tin người trả lời', 'About you'),
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
          {
            id: 'age',
            type: 'single',
            required: false,
            demographic: 'ageGroup',
            text: t('Nhóm tuổi', 'Age group'),
            options: [
              { value: '18-34', label: t('18–34', '18–34') },
              { value: '35-54', label: t('35–54', '35–54') },
              { value: '55+', label: t('Từ 55 trở lên', '55 and over') },
            ],
          },
        ],
      },
      {
        id: 'access',
        element: 'access',
        title: t('Tiếp cận dịch vụ hành chính công', 'Access to the public service'),
        questions: [
          scale('acc1', 'Biển chỉ dẫn, hướng dẫn tại nơi tiếp nhận hồ sơ', 'Signage and guidance at the desk'),
          scale('acc2', 'Nơi ngồi chờ có đủ chỗ ngồi, bàn viết', 'Enough seats and desks in the waiting area'),
          scale('acc3', 'Trang thiết bị phục vụ người dân', 'Equipment available to citizens'),
        ],
      },
      {
        id: 'procedure',
        element: 'procedure',
        title: t('Thủ tục hành chính', 'Administrative procedure'),
        questions: [
          scale('tt1', 'Thủ tục được niêm yết công khai, đầy đủ', 'The procedure is publicly and fully posted'),
          scale('tt2', 'Thành phần hồ sơ hợp lý', 'The required documents are reasonable'),
          scale('tt3', 'Phí, lệ phí đúng quy định', 'Fees follow the rules'),
        ],
      },
      {
        id: 'civilServant',
        element: 'civilServant',
        title: t('Công chức trực tiếp giải quyết công việc', 'The civil servant who handled the case'),
        questions: [
          scale('cc1', 'Thái độ giao tiếp lịch sự', 'Polite attitude'),
          scale('cc2', 'Hướng dẫn kê khai hồ sơ tận tình, dễ hiểu', 'Helpful, clear guidance'),
          scale('cc3', 'Không gây phiền hà, sách nhiễu', 'No harassment or extra demands'),
        ],
      },
      {
        id: 'result',
        element: 'result',
        title: t('Kết quả cung ứng dịch vụ hành chính công', 'The result'),
        questions: [
          scale('kq1', 'Kết quả đúng quy định, thông tin chính xác', 'The result is correct'),
          scale('kq2', 'Nhận kết quả đúng hẹn', 'The result came on time'),
        ],
      },
      {
        id: 'feedback',
        element: 'feedbackHandling',
        title: t('Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị', 'Handling of feedback and complaints'),
        questions: [
          {
            id: 'gy0',
            type: 'single',
            required: true,
            text: t('Ông/bà có góp ý, phản ánh, kiến nghị trong lần giao dịch này không?', 'Did you give feedback or complain this time?'),
            options: [
              { value: 'yes', label: t('Có', 'Yes') },
              { value: 'no', label: t('Không', 'No') },
            ],
          },
          {
            ...scale('gy1', 'Góp ý, phản ánh được tiếp nhận và trả lời kịp thời', 'Your feedback was received and answered in time'),
            showIf: { questionId: 'gy0', equals: 'yes' },
          },
        ],
      },
      {
        id: 'open',
        element: null,
        title: t('Ý kiến khác', 'Other comments'),
        questions: [
          { id: 'ykien', type: 'text', required: false, maxLength: 1000, text: t('Ông/bà có đề xuất gì để cơ quan phục vụ tốt hơn?', 'Any suggestion?') },
        ],
      },
    ],
  };
}

/** The PAR sociological survey forms (phiếu điều tra xã hội học) for leaders and for officials; illustrative wording. */
export function demoParSurveyQuestionnaire(respondent: 'leaders' | 'officials'): QuestionnaireContent {
  const who = respondent === 'leaders' ? t('lãnh đạo', 'leaders') : t('công chức, viên chức', 'officials');
  const areas: [string, string, string][] = [
    ['chiDao', 'Công tác chỉ đạo, điều hành cải cách hành chính', 'Direction of administrative reform'],
    ['theChe', 'Xây dựng và tổ chức thực hiện thể chế', 'Institutions'],
    ['tthc', 'Cải cách thủ tục hành chính', 'Administrative procedures'],
    ['boMay', 'Cải cách tổ chức bộ máy', 'Organisation'],
    ['congVu', 'Cải cách chế độ công vụ', 'Civil service'],
    ['taiChinh', 'Cải cách tài chính công', 'Public finance'],
    ['chinhQuySo', 'Xây dựng, phát triển chính quyền điện tử, chính quyền số', 'Digital government'],
  ];
  return {
    title: t(`Phiếu điều tra xã hội học Chỉ số CCHC — dành cho ${who.vi} (minh họa)`, `PAR Index sociological survey — ${who.en} (illustrative)`),
    intro: t('Nội dung câu hỏi là minh họa, không phải phiếu chính thức.', 'Illustrative wording, not the official form.'),
    languages: ['vi', 'en'],
    formula: { kind: 'shareSatisfied' },
    illustrative: true,
    sections: areas.map(([id, vi, en]) => ({
      id,
      element: null,
      title: t(vi, en),
      questions: [
        scale(`${id}1`, `Đánh giá chung về kết quả "${vi.toLowerCase()}" tại đơn vị`, `Overall rating: ${en.toLowerCase()}`),
        scale(`${id}2`, 'Mức độ chuyển biến so với năm trước', 'Change compared with last year', false),
      ],
    })),
  };
}

/** Illustrative answers: mostly satisfied, with a unit-specific lean, reproducible from a seed. */
export function demoAnswers(q: QuestionnaireContent, seed: string, lean: number): Answers {
  const rnd = seededRandom(seed);
  const a: Answers = {};
  for (const s of q.sections)
    for (const question of s.questions) {
      if (question.type === 'scale5') {
        if (question.showIf && a[question.showIf.questionId] !== question.showIf.equals) continue;
        const x = rnd(100) + lean;
        a[question.id] = x >= 88 ? 5 : x >= 38 ? 4 : x >= 18 ? 3 : x >= 6 ? 2 : 1;
      } else if (question.type === 'single') a[question.id] = question.options[rnd(question.options.length)].value;
    }
  if (a.gy0 === undefined) delete a.gy0;
  return a;
}

/**
 * Demo surveys: the SIPAS questionnaire and the two PAR survey forms; a closed SIPAS survey of 2025 with answers and
 * an open SIPAS survey of 2026 with a drawn sample (illustrative dossier codes and contacts: the demo has no dossiers)
 * and some answers. The first link of the open survey has the fixed token "minhhoa-khaosat-0001" (/s/minhhoa-khaosat-0001).
 * Runs once: a database with questionnaires is left alone.
 */
export async function seedSurveysDemo(db: Kysely<DB>, clock: Clock): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (await trx.selectFrom('survey_questionnaires').select('id').limit(1).executeTakeFirst()) return;
    const units = await trx
      .selectFrom('units')
      .select(['id', 'code'])
      .where('kind', '=', 'commune')
      .where('valid_to', 'is', null)
      .where((eb) => eb.or([eb('code', '=', '21583'), eb('code', '<', '21000')]))
      .orderBy('code')
      .limit(6)
      .execute();
    if (units.length === 0) return;
    const forms: [string, 'sipas' | 'parSurvey', QuestionnaireContent][] = [
      ['SIPAS-MINHHOA', 'sipas', demoSipasQuestionnaire()],
      ['XHH-LANHDAO-MINHHOA', 'parSurvey', demoParSurveyQuestionnaire('leaders')],
      ['XHH-CONGCHUC-MINHHOA', 'parSurvey', demoParSurveyQuestionnaire('officials')],
    ];
    const versionOf = new Map<string, string>();
    for (const [code, kind, content] of forms) {
      const q = await trx.insertInto('survey_questionnaires').values({ code, kind }).returning('id').executeTakeFirstOrThrow();
      const v = await trx
        .insertInto('survey_questionnaire_versions')
        .values({ questionnaire_id: q.id, version: 1, content: JSON.stringify(content) })
        .returning('id')
        .executeTakeFirstOrThrow();
      versionOf.set(code, v.id);
    }
    const sipas = demoSipasQuestionnaire();
    const now = clock.now();
    const plans = [
      { year: 2025, status: 'closed' as const, name: 'Khảo sát sự hài lòng năm 2025 (minh họa)', from: '2025-07-01', to: '2025-11-30' },
      { year: 2026, status: 'open' as const, name: 'Khảo sát sự hài lòng năm 2026 (minh họa)', from: '2026-01-01', to: '2026-11-30' },
    ];
    for (const p of plans) {
      const s = await trx
        .insertInto('surveys')
        .values({
          name: p.name,
          kind: 'sipas',
          year: p.year,
          period_from: p.from,
          period_to: p.to,
          questionnaire_version_id: versionOf.get('SIPAS-MINHHOA') as string,
          status: p.status,
          quotas: JSON.stringify([
            { dimension: 'sex', value: 'f', share: '0.5' },
            { dimension: 'channel', value: 'online', share: '0.3' },
          ]),
          sample_seed: `minhhoa-${p.year}`,
          illustrative: true,
          opened_at: new Date(`${p.from}T01:00:00Z`),
          closed_at: p.status === 'closed' ? new Date(`${p.to}T10:00:00Z`) : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('survey_units')
        .values(units.map((u) => ({ survey_id: s.id, unit_id: u.id, target: 20, frame_size: 400 })))
        .execute();
      let k = 0;
      for (const [ui, u] of units.entries()) {
        const lean = ((ui * 7) % 15) - (p.year === 2026 ? 0 : 4);
        for (let i = 0; i < 20; i++) {
          k++;
          const token = `minhhoa-khaosat-${String(k).padStart(4, '0')}-${p.year}`;
          const sample = await trx
            .insertInto('survey_samples')
            .values({
              survey_id: s.id,
              unit_id: u.id,
              dossier_source: 'minhhoa',
              dossier_code: `MINHHOA-${u.code}-${String(i + 1).padStart(3, '0')}`,
              dossier_received_day: p.from,
              field: i % 3 === 0 ? 'Chứng thực' : 'Hộ tịch',
              channel: i % 3 === 1 ? 'online' : 'direct',
              contact: `09${String(10_000_000 + ((k * 7_919) % 89_999_999)).slice(0, 8)}`,
              token_hash: hashSecret(p.year === 2026 && k === 1 ? 'minhhoa-khaosat-0001' : token),
            })
            .returning(['id', 'dossier_code'])
            .executeTakeFirstOrThrow();
          // 2025: 16 of 20 answered; 2026: 9 of 20 so far (the first link stays unanswered for the demo)
          const answered = p.year === 2025 ? i < 16 : i > 0 && i < 10;
          if (!answered) continue;
          const answers = demoAnswers(sipas, `${p.year}:${u.code}:${i}`, lean);
          await trx
            .insertInto('survey_responses')
            .values({
              id: randomUUID(),
              survey_id: s.id,
              unit_id: u.id,
              channel: i % 4 === 0 ? 'paper' : 'link',
              sample_id: i % 4 === 0 ? null : sample.id,
              dossier_code: sample.dossier_code,
              form_number: i % 4 === 0 ? `P-${u.code}-${i}` : null,
              answers: JSON.stringify(answers),
              demographics: JSON.stringify(demographicsOf(sipas, answers)),
              lang: 'vi',
              submitted_at: new Date(Date.parse(`${p.from}T02:00:00Z`) + (k * 3 + i) * 3_600_000),
            })
            .execute();
        }
      }
    }
    await writeAudit(trx, {
      at: now,
      actorId: null,
      actorName: 'system',
      action: 'survey.demo.seed',
      entityType: 'survey',
      entityId: 'demo',
      after: { questionnaires: forms.map((f) => f[0]), surveys: plans.map((p) => p.name), units: units.map((u) => u.code) },
      ip: null,
    });
  });
}
