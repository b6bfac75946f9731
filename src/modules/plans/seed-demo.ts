/**
 * Demo data of the plans module (illustrative, and marked so in the data): a plan modelled on Kế hoạch
 * 2126/KH-UBND (khắc phục tồn tại, hạn chế Chỉ số CCHC, SIPAS), whose article gives no task table, so the task rows
 * are illustrative; and a 100-day campaign modelled on Kế hoạch 629/KH-UBND (Chiến dịch 100 ngày đêm "Nâng cao
 * hiệu quả sử dụng dịch vụ công"), with 50- and 100-day milestones; and a yearly inspection plan over a third
 * of the assessed units. Dates follow the clock's year so that the demo
 * has something due, late and on its way.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { addDays, isoDate } from '../../domain/calendar/isoDate.ts';
import type { Schedule } from '../../domain/plans/types.ts';
import type { Clock } from '../../domain/shared/clock.ts';
import { vietnamDay } from '../../domain/shared/clock.ts';
import { writeAudit } from '../audit/repo.ts';
import { writeTask } from './tasks.ts';

const ILLUSTRATIVE = 'Dữ liệu minh họa (illustrative): các nhiệm vụ dưới đây do hệ thống soạn để trình diễn, không phải nguyên văn kế hoạch.';

export async function seedPlansDemo(db: Kysely<DB>, clock: Clock): Promise<void> {
  const now = clock.now();
  const today = vietnamDay(now);
  const year = Number(today.slice(0, 4));
  const exists = await db.selectFrom('plans').select('id').where('illustrative', '=', true).executeTakeFirst();
  if (exists) return;
  const unit = async (code: string) =>
    (await db.selectFrom('units').select('id').where('code', '=', code).where('valid_to', 'is', null).executeTakeFirst())?.id;
  const agency = async (name: string) =>
    (await db.selectFrom('units').select('id').where('name', '=', name).where('kind', '=', 'agency').executeTakeFirst())?.id;
  const quyNhon = await unit('21583');
  const communes = await db
    .selectFrom('units')
    .select('id')
    .where('kind', '=', 'commune')
    .where('valid_to', 'is', null)
    .where('code', '<>', '21583')
    .orderBy('code')
    .limit(2)
    .execute();
  const noiVu = await agency('Sở Nội vụ');
  const tuPhap = await agency('Sở Tư pháp');
  if (!quyNhon || !noiVu || !tuPhap || communes.length < 2) return;

  await db.transaction().execute(async (trx) => {
    const planDate = isoDate(year, 1, 15);
    const plan = await trx
      .insertInto('plans')
      .values({
        number: '2126/KH-UBND (minh họa)',
        date: planDate,
        issuer: 'UBND tỉnh Gia Lai',
        title: `Khắc phục tồn tại, hạn chế và cải thiện, nâng cao Chỉ số CCHC, Chỉ số SIPAS năm ${year}`,
        purpose:
          'Tăng cường nhận thức và nâng cao trách nhiệm của người đứng đầu; khắc phục những tồn tại, hạn chế trong kết quả đánh giá Chỉ số CCHC năm trước; phấn đấu Chỉ số CCHC, Chỉ số SIPAS tăng điểm và tăng hạng. Phân công theo nguyên tắc "rõ việc - rõ người - rõ trách nhiệm - rõ thời gian - rõ hiệu quả"; định kỳ hằng quý báo cáo kết quả thực hiện. ' +
          ILLUSTRATIVE,
        kind: 'plan',
        status: 'active',
        illustrative: true,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const once = (d: string): Schedule => ({ kind: 'once', dueDate: d });
    const t = (
      ref: string,
      work: string,
      lead: string,
      schedule: Schedule,
      expected: string,
      support: string[] = [],
      target: [string, string] | null = null,
    ) => ({
      ref,
      work,
      leadUnitId: lead,
      supportUnitIds: support,
      responsiblePerson: null,
      schedule,
      expected: { text: expected, targetValue: target?.[0] ?? null, targetUnit: target?.[1] ?? null },
      criterionCodes: [],
    });
    const rows = [
      t(
        '1',
        'Rà soát các tiêu chí, tiêu chí thành phần Chỉ số CCHC bị trừ điểm năm trước, xây dựng kế hoạch khắc phục của đơn vị',
        quyNhon,
        once(addDays(today, -10)),
        'Kế hoạch khắc phục được ban hành',
        [noiVu],
      ),
      t(
        '2',
        'Cải thiện, nâng cao Chỉ số hài lòng của người dân, tổ chức (SIPAS) tại bộ phận một cửa',
        quyNhon,
        once(addDays(today, 2)),
        'Tỷ lệ hài lòng đạt chỉ tiêu',
        [],
        ['90', '%'],
      ),
      t(
        '2.1',
        'Niêm yết công khai đầy đủ TTHC và đường dây nóng tại bộ phận một cửa',
        quyNhon,
        once(addDays(today, 20)),
        '100% TTHC được niêm yết',
        [],
        ['100', '%'],
      ),
      t(
        '3',
        'Báo cáo kết quả thực hiện kế hoạch định kỳ hằng quý',
        quyNhon,
        { kind: 'recurring', frequency: 'quarterly', from: planDate, until: isoDate(year, 12, 31), dueDay: 15 },
        'Báo cáo quý gửi Sở Nội vụ',
      ),
      t(
        '4',
        'Theo dõi, kiểm tra, đôn đốc việc thực hiện kế hoạch; tổng hợp vào báo cáo CCHC hằng quý',
        noiVu,
        { kind: 'recurring', frequency: 'quarterly', from: planDate, until: isoDate(year, 12, 31), dueDay: 20 },
        'Báo cáo tổng hợp trình UBND tỉnh',
      ),
      t('5', 'Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực tư pháp', tuPhap, once(addDays(today, -3)), 'Phương án đơn giản hóa được phê duyệt', [
        communes[0].id,
      ]),
    ];
    const ids = new Map<string, string>();
    for (const r of rows) {
      const parent = r.ref.includes('.') ? ids.get(r.ref.split('.')[0])! : null;
      ids.set(r.ref, await writeTask(trx, now, plan.id, { ...r, parentId: parent }));
    }
    // one report: task 1 in progress
    const occ = await trx.selectFrom('plan_occurrences').select('id').where('task_id', '=', ids.get('1')!).executeTakeFirstOrThrow();
    await trx
      .insertInto('plan_reports')
      .values({
        unit_id: quyNhon,
        task_id: ids.get('1')!,
        occurrence_id: occ.id,
        status: 'inProgress',
        percent: 60,
        text: 'Đã rà soát 6/10 tiêu chí thành phần bị trừ điểm (minh họa).',
        reported_by: null,
        reported_by_name: 'Phạm Quốc Huy (minh họa)',
        reported_at: new Date(now.getTime() - 5 * 86400_000),
      })
      .execute();

    // 100-day campaign: started 40 days ago
    const start = addDays(today, -39);
    const camp = await trx
      .insertInto('campaigns')
      .values({
        name: 'Chiến dịch cao điểm 100 ngày đêm "Nâng cao hiệu quả sử dụng dịch vụ công" (minh họa theo Kế hoạch 629/KH-UBND)',
        plan_id: plan.id,
        start_date: start,
        end_date: addDays(start, 99),
        illustrative: true,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ms = (a: string, b: string) =>
      JSON.stringify([
        { day: 50, value: a },
        { day: 100, value: b },
      ]);
    const targets = [
      { unit_id: quyNhon, name: 'Tỷ lệ hồ sơ thanh toán trực tuyến', indicator: 'onlinePaymentRate' as const, baseline: '20', milestones: ms('45', '70') },
      {
        unit_id: quyNhon,
        name: 'Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC',
        indicator: 'digitisationRate' as const,
        baseline: '40',
        milestones: ms('60', '80'),
      },
      {
        unit_id: quyNhon,
        name: 'Số buổi tuyên truyền, hướng dẫn sử dụng DVC trực tuyến',
        indicator: null,
        unit_label: 'buổi',
        baseline: '0',
        milestones: ms('10', '20'),
      },
      {
        unit_id: communes[0].id,
        name: 'Số buổi tuyên truyền, hướng dẫn sử dụng DVC trực tuyến',
        indicator: null,
        unit_label: 'buổi',
        baseline: '0',
        milestones: ms('10', '20'),
      },
      {
        unit_id: communes[1].id,
        name: 'Số buổi tuyên truyền, hướng dẫn sử dụng DVC trực tuyến',
        indicator: null,
        unit_label: 'buổi',
        baseline: '0',
        milestones: ms('10', '20'),
      },
    ];
    // reported values (illustrative): Quy Nhơn on pace, the first other commune behind it
    const reported: Record<number, [number, string][]> = {
      2: [
        [10, '2'],
        [20, '4'],
        [35, '8'],
      ],
      3: [
        [10, '1'],
        [20, '2'],
        [35, '3'],
      ],
    };
    for (const [i, tg] of targets.entries()) {
      const row = await trx
        .insertInto('campaign_targets')
        .values({ campaign_id: camp.id, ...tg })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const [day, value] of reported[i] ?? []) {
        await trx
          .insertInto('campaign_values')
          .values({ unit_id: tg.unit_id, target_id: row.id, day: addDays(start, day - 1), value, note: 'minh họa', reported_by: null, reported_at: now })
          .execute();
      }
    }
    // yearly inspection plan over 30 % of the assessed units (agencies and communes), spread over the year
    const assessed = await trx
      .selectFrom('units')
      .select('id')
      .where('kind', 'in', ['agency', 'commune'])
      .where('valid_to', 'is', null)
      .orderBy('code')
      .execute();
    const picked = assessed.filter((_, i) => i % 3 === 0 || assessed[i].id === quyNhon);
    const checklist = [
      'Ban hành kế hoạch CCHC năm và kế hoạch khắc phục',
      'Niêm yết, công khai TTHC tại bộ phận một cửa',
      'Báo cáo CCHC định kỳ đúng hạn',
      'Ứng dụng CNTT, dịch vụ công trực tuyến',
    ];
    const ip = await trx
      .insertInto('inspection_plans')
      .values({ year, name: `Kiểm tra công tác CCHC năm ${year} (minh họa)`, checklist: JSON.stringify(checklist), illustrative: true, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [i, u] of picked.entries()) {
      await trx
        .insertInto('inspections')
        .values({
          inspection_plan_id: ip.id,
          unit_id: u.id,
          planned_date: isoDate(year, 3 + (i % 9), 10 + (i % 15)),
          checklist: JSON.stringify(checklist.map((item) => ({ item, result: null, note: '' }))),
        })
        .execute();
    }
    await writeAudit(trx, {
      at: now,
      actorId: null,
      actorName: 'system',
      action: 'seed.plans',
      entityType: 'plan',
      entityId: plan.id,
      after: { plans: 1, tasks: rows.length, campaigns: 1, inspections: picked.length, illustrative: true },
      ip: null,
    });
  });
}
