import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Center,
  Grid,
  Group,
  Loader,
  Modal,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconCalculator, IconCalendarCheck, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addHoliday, addWorkingDays, fetchHolidays, queryKeys, removeHoliday } from '../../api/endpoints';
import type { Holiday } from '../../api/types';
import { useCan } from '../../auth/useAuth';
import { ConfirmModal } from '../../components/ConfirmModal';
import { DateField } from '../../components/DateField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/notify';
import { translateOptional } from '../../i18n';
import { formatDate, todayIso, weekdayIndex } from '../../i18n/format';
import { fieldError } from '../units/hooks';

function useWeekday() {
  const { t } = useTranslation();
  return (day: string) => {
    const index = weekdayIndex(day);
    return index === null ? '' : t(`weekday.${String(index) as '0' | '1' | '2' | '3' | '4' | '5' | '6'}`);
  };
}

function AddHolidayForm({ year, onClose }: { year: number; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [day, setDay] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [dayKind, setDayKind] = useState<'custom' | 'workingWeekend'>('custom');
  const [errors, setErrors] = useState<{ day?: string; name?: string }>({});
  const mutation = useMutation({
    mutationFn: () => addHoliday(day as string, name.trim(), dayKind === 'workingWeekend' ? dayKind : undefined),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['holidays'] });
      notifySuccess(t('calendar.added', { date: formatDate(day) }));
      onClose();
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const errs: typeof errors = {};
    if (!day) errs.day = t('units.dateRequired');
    if (!name.trim()) errs.name = t('common.required');
    setErrors(errs);
    if (errs.day || errs.name) return;
    mutation.mutate();
  };
  return (
    <form onSubmit={onSubmit} noValidate data-testid="holiday-form">
      <Stack gap="sm">
        {mutation.error ? <ErrorAlert error={mutation.error} /> : null}
        <DateField
          label={t('calendar.day')}
          required
          value={day}
          onChange={setDay}
          defaultDate={`${year}-01-01`}
          error={errors.day ?? fieldError(mutation.error, 'day')}
          data-testid="holiday-day"
        />
        <TextInput
          label={t('calendar.name')}
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name ?? fieldError(mutation.error, 'name')}
          data-testid="holiday-name"
        />
        <Select
          label={t('calendar.dayKind')}
          data={[
            { value: 'custom', label: t('calendar.kinds.custom') },
            { value: 'workingWeekend', label: t('calendar.kinds.workingWeekend') },
          ]}
          value={dayKind}
          onChange={(v) => setDayKind(v === 'workingWeekend' ? 'workingWeekend' : 'custom')}
          allowDeselect={false}
          error={fieldError(mutation.error, 'kind')}
          data-testid="holiday-kind"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending} data-testid="holiday-submit">
            {t('common.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function WorkingDaysCalculator() {
  const { t } = useTranslation();
  const weekday = useWeekday();
  const [from, setFrom] = useState<string | null>(todayIso());
  const [days, setDays] = useState<number | string>(5);
  const mutation = useMutation({ mutationFn: () => addWorkingDays(from as string, Number(days)) });
  const valid = !!from && days !== '' && Number.isFinite(Number(days));
  return (
    <Paper p="md" data-testid="working-days-calculator">
      <Group gap={6} mb={4}>
        <IconCalculator size={20} />
        <Title order={4}>{t('calendar.calculator')}</Title>
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        {t('calendar.calculatorHint')}
      </Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) mutation.mutate();
        }}
        noValidate
      >
        <Stack gap="sm">
          <DateField
            label={t('calendar.startDate')}
            value={from}
            onChange={(v) => {
              setFrom(v);
              mutation.reset();
            }}
            data-testid="calc-from"
          />
          <NumberInput
            label={t('calendar.workingDays')}
            value={days}
            onChange={(v) => {
              setDays(v);
              mutation.reset();
            }}
            min={-1000}
            max={1000}
            allowDecimal={false}
            thousandSeparator="."
            decimalSeparator=","
            data-testid="calc-days"
          />
          <Button type="submit" disabled={!valid} loading={mutation.isPending} leftSection={<IconCalculator size={16} />} data-testid="calc-submit">
            {t('calendar.calculate')}
          </Button>
          {mutation.error ? <ErrorAlert error={mutation.error} /> : null}
          {mutation.data ? (
            <Alert color="blue" variant="light" icon={<IconCalendarCheck size={18} />} title={t('calendar.result')}>
              <Text fw={700} size="lg" data-testid="calc-result" data-date={mutation.data}>
                {t('calendar.resultText', { weekday: weekday(mutation.data), date: formatDate(mutation.data) })}
              </Text>
            </Alert>
          ) : null}
        </Stack>
      </form>
    </Paper>
  );
}

export default function CalendarPage() {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const weekday = useWeekday();
  const currentYear = Number(todayIso().slice(0, 4));
  const [year, setYear] = useState(currentYear);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Holiday | null>(null);
  const canManage = can('calendar.manage');

  const holidays = useQuery({ queryKey: queryKeys.holidays(year), queryFn: () => fetchHolidays(year) });
  const remove = useMutation({
    mutationFn: (day: string) => removeHoliday(day),
    onSuccess: async (_d, day) => {
      await qc.invalidateQueries({ queryKey: ['holidays'] });
      notifySuccess(t('calendar.removed', { date: formatDate(day) }));
      setRemoving(null);
    },
  });

  const years = Array.from({ length: 9 }, (_, i) => String(currentYear - 4 + i));
  const items = [...(holidays.data ?? [])].sort((a, b) => a.day.localeCompare(b.day));

  return (
    <Stack gap="md">
      <Title order={2}>{t('calendar.title')}</Title>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Paper p="md">
            <Group justify="space-between" mb="sm" gap="xs">
              <Title order={4}>{t('calendar.holidays', { year })}</Title>
              <Group gap="xs">
                <Select
                  aria-label={t('calendar.year')}
                  data={years}
                  value={String(year)}
                  onChange={(v) => v && setYear(Number(v))}
                  allowDeselect={false}
                  w={100}
                  size="sm"
                  data-testid="calendar-year"
                />
                {canManage ? (
                  <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)} data-testid="holiday-add-button">
                    {t('calendar.add')}
                  </Button>
                ) : null}
              </Group>
            </Group>
            {holidays.isPending ? (
              <Center h={120}>
                <Loader size="sm" />
              </Center>
            ) : null}
            {holidays.isError ? <ErrorAlert error={holidays.error} onRetry={() => void holidays.refetch()} /> : null}
            {holidays.data ? (
              <Table.ScrollContainer minWidth={480}>
                <Table striped data-testid="holidays-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={110}>{t('calendar.day')}</Table.Th>
                      <Table.Th w={110}>{t('calendar.weekday')}</Table.Th>
                      <Table.Th>{t('calendar.name')}</Table.Th>
                      <Table.Th>{t('calendar.kind')}</Table.Th>
                      {canManage ? <Table.Th w={50} /> : null}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {items.length === 0 ? (
                      <Table.Tr>
                        <Table.Td colSpan={canManage ? 5 : 4}>
                          <Text size="sm" c="dimmed" ta="center" py="md">
                            {t('calendar.empty')}
                          </Text>
                        </Table.Td>
                      </Table.Tr>
                    ) : null}
                    {items.map((h) => {
                      const wd = weekdayIndex(h.day);
                      return (
                        <Table.Tr key={h.day} data-testid={`holiday-row-${h.day}`}>
                          <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{formatDate(h.day)}</Table.Td>
                          <Table.Td c={wd === 0 || wd === 6 ? 'red.7' : undefined}>{weekday(h.day)}</Table.Td>
                          <Table.Td fw={500}>{h.name}</Table.Td>
                          <Table.Td>
                            {h.kind ? (
                              <Badge variant="light" color="gray">
                                {translateOptional('calendar.kinds', h.kind)}
                              </Badge>
                            ) : null}
                          </Table.Td>
                          {canManage ? (
                            <Table.Td>
                              <Tooltip label={t('common.delete')}>
                                <ActionIcon
                                  variant="subtle"
                                  color="red"
                                  onClick={() => setRemoving(h)}
                                  aria-label={t('common.delete')}
                                  data-testid={`holiday-remove-${h.day}`}
                                >
                                  <IconTrash size={16} />
                                </ActionIcon>
                              </Tooltip>
                            </Table.Td>
                          ) : null}
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            ) : null}
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <WorkingDaysCalculator />
        </Grid.Col>
      </Grid>

      <Modal opened={adding} onClose={() => setAdding(false)} title={t('calendar.addTitle')} size="md">
        {adding ? <AddHolidayForm year={year} onClose={() => setAdding(false)} /> : null}
      </Modal>
      <ConfirmModal
        opened={!!removing}
        title={t('common.delete')}
        message={removing ? t('calendar.removeConfirm', { date: formatDate(removing.day), name: removing.name }) : ''}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => removing && remove.mutate(removing.day)}
        onClose={() => {
          remove.reset();
          setRemoving(null);
        }}
      />
    </Stack>
  );
}
