import { Alert, Button, Group, Modal, NumberInput, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchUnitCounts, type SiGroup, saveUnitCounts, siKeys } from '../../api/serviceIndex';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { fmtInt } from '../par/shared';
import { useCountLabel } from './shared';

/**
 * Entry of one group's counts for a unit and period, for what the dossiers cannot give (read off the national
 * portal). A field left empty keeps the count from the dossiers, shown as its placeholder.
 */
export function CountsModal({ unitId, period, group, onClose }: { unitId: string; period: string; group: SiGroup | null; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const label = useCountLabel();
  const data = useQuery({
    queryKey: siKeys.unitCounts(unitId, period),
    queryFn: () => fetchUnitCounts(unitId, period),
    enabled: group !== null,
  });
  const [draft, setDraft] = useState<Record<string, number | ''>>({});
  useEffect(() => {
    if (group && data.data) setDraft({ ...(data.data.entered[group] ?? {}) });
  }, [group, data.data]);
  const save = useMutation({
    mutationFn: () => {
      const counts = Object.fromEntries(Object.entries(draft).filter(([, v]) => v !== '')) as Record<string, number>;
      return saveUnitCounts(unitId, { period, group: group as SiGroup, counts });
    },
    onSuccess: async () => {
      onClose();
      await qc.invalidateQueries({ queryKey: ['serviceIndex'] });
    },
  });
  const fields = group && data.data ? data.data.fields[group] : [];
  const derived = group && data.data ? (data.data.derived[group] ?? {}) : {};
  const missing = group && data.data ? (data.data.missing[group] ?? []) : [];
  return (
    <Modal opened={group !== null} onClose={onClose} size="xl" title={group ? t('serviceIndex.counts.title', { group: t(`serviceIndex.group.${group}`) }) : ''}>
      {data.isPending ? <PageLoader /> : null}
      {data.isError ? <ErrorAlert error={data.error} onRetry={() => void data.refetch()} /> : null}
      {data.data && group ? (
        <Stack>
          <Text size="sm" c="dimmed">
            {t('serviceIndex.counts.hint')}
          </Text>
          {missing.length > 0 ? (
            <Alert color="orange" variant="light" data-testid="counts-missing">
              {t('serviceIndex.counts.missing', { names: missing.map(label).join('; ') })}
            </Alert>
          ) : null}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {fields.map((f) => (
              <NumberInput
                key={f.name}
                label={label(f.name)}
                description={
                  derived[f.name] !== undefined
                    ? t('serviceIndex.counts.fromDossiers', { n: fmtInt(derived[f.name]) })
                    : f.required
                      ? t('serviceIndex.counts.required')
                      : t('serviceIndex.counts.optional')
                }
                placeholder={derived[f.name] !== undefined ? fmtInt(derived[f.name]) : ''}
                min={0}
                allowDecimal={false}
                allowNegative={false}
                thousandSeparator="."
                decimalSeparator=","
                value={draft[f.name] ?? ''}
                onChange={(v) => setDraft((d) => ({ ...d, [f.name]: v === '' ? '' : Number(v) }))}
                data-testid={`counts-${f.name}`}
              />
            ))}
          </SimpleGrid>
          {save.isError ? <ErrorAlert error={save.error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button onClick={() => save.mutate()} loading={save.isPending} data-testid="counts-save">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}
