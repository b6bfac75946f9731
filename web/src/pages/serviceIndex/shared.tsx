// Helpers shared by the Decision 766 screens: the period picker (kept in ?period=), badges and labels.

import { Badge, Select, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { addDays } from '../../../../src/domain/calendar/isoDate.ts';
import { parsePeriod } from '../../../../src/domain/serviceIndex/period.ts';
import { defaultPeriod, isPeriod } from '../../api/serviceIndex';
import vi from '../../i18n/vi';

const ROMAN = ['I', 'II', 'III', 'IV'];

/** "2025" → "Năm 2025", "2025-Q4" → "Quý IV/2025", "2025-11" → "Tháng 11/2025", "2025-W03" → "Tuần 03/2025 (13/01–19/01)". */
export function usePeriodLabel(): (period: string) => string {
  const { t, i18n } = useTranslation();
  return (period: string) => {
    const [year, part] = period.split('-');
    if (!part) return t('serviceIndex.periodYear', { year });
    if (part.startsWith('Q')) {
      const n = Number(part.slice(1));
      return t('serviceIndex.periodQuarter', { year, q: i18n.language === 'en' ? n : ROMAN[n - 1] });
    }
    if (part.startsWith('W')) {
      const p = parsePeriod(period);
      const dm = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}`;
      return t('serviceIndex.periodWeek', { year, week: part.slice(1), from: p ? dm(p.start) : '', to: p ? dm(addDays(p.end, -1)) : '' });
    }
    return t('serviceIndex.periodMonth', { year, month: part });
  };
}

/** The period of the page, from ?period= (default: the last complete quarter). */
export function usePeriod(): [string, (p: string) => void] {
  const [params, setParams] = useSearchParams();
  const raw = params.get('period');
  const period = isPeriod(raw) ? raw : defaultPeriod();
  const set = (p: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set('period', p);
        next.delete('page');
        return next;
      },
      { replace: true },
    );
  return [period, set];
}

export function PeriodSelect({ value, onChange }: { value: string; onChange: (p: string) => void }) {
  const { t } = useTranslation();
  const label = usePeriodLabel();
  const thisYear = new Date().getFullYear();
  const years = [thisYear, thisYear - 1, thisYear - 2];
  const today = new Date().toISOString().slice(0, 10);
  const data = years.map((y) => ({
    group: String(y),
    items: [
      String(y),
      ...[1, 2, 3, 4].map((q) => `${y}-Q${q}`),
      ...Array.from({ length: 12 }, (_, i) => `${y}-${String(i + 1).padStart(2, '0')}`),
      // weeks that have started (newest first)
      ...Array.from({ length: 53 }, (_, i) => `${y}-W${String(53 - i).padStart(2, '0')}`).filter((w) => {
        const p = parsePeriod(w);
        return p !== null && p.start <= today;
      }),
    ].map((p) => ({ value: p, label: label(p) })),
  }));
  // a period from the URL older than the list still shows
  if (!years.some((y) => value.startsWith(String(y)))) data.push({ group: value.slice(0, 4), items: [{ value, label: label(value) }] });
  return (
    <Select
      label={t('serviceIndex.period')}
      data={data}
      value={value}
      onChange={(v) => v && onChange(v)}
      allowDeselect={false}
      maxDropdownHeight={320}
      searchable
      w={{ base: '100%', xs: 220 }}
      data-testid="si-period"
      comboboxProps={{ withinPortal: true }}
    />
  );
}

export function ProvisionalBadge() {
  const { t } = useTranslation();
  return (
    <Tooltip label={t('serviceIndex.provisionalHint')}>
      <Badge size="xs" variant="light" color="orange" data-testid="si-provisional" style={{ flexShrink: 0 }}>
        {t('serviceIndex.provisional')}
      </Badge>
    </Tooltip>
  );
}

const CLASS_COLOR: Record<string, string> = { 'Xuất sắc': 'teal', Tốt: 'green', Khá: 'blue', 'Trung bình': 'yellow', Yếu: 'red' };

export function ClassBadge({ name, provisional, missingGroups }: { name: string | null; provisional?: boolean; missingGroups?: readonly string[] }) {
  const { t } = useTranslation();
  if (!name && missingGroups && missingGroups.length > 0)
    return (
      <Tooltip
        label={t('serviceIndex.classWithheldHint', {
          groups: missingGroups.map((g) => t(`serviceIndex.group.${g}` as 'serviceIndex.group.progress')).join(', '),
        })}
        multiline
        w={280}
      >
        <Text size="xs" c="dimmed" fs="italic" data-testid="si-class-withheld">
          {t('serviceIndex.classWithheld')}
        </Text>
      </Tooltip>
    );
  if (!name) return <>—</>;
  return (
    <Tooltip label={t('serviceIndex.provisionalHint')} disabled={!provisional}>
      <Badge variant="light" color={CLASS_COLOR[name] ?? 'gray'} style={{ textTransform: 'none' }}>
        {name}
        {provisional ? '*' : ''}
      </Badge>
    </Tooltip>
  );
}

/** The label of a Decision 766 count name (e.g. "feedbackTotal" → "Tổng số PAKN"); the name itself when unknown. */
export function useCountLabel(): (name: string) => string {
  const { t } = useTranslation();
  return (name: string) => (name in vi.serviceIndex.whatIf.count ? t(`serviceIndex.whatIf.count.${name as keyof typeof vi.serviceIndex.whatIf.count}`) : name);
}
