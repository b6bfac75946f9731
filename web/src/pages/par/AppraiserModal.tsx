import { Alert, Button, Center, Group, Loader, Modal, NativeSelect, ScrollArea, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconInfoCircle, IconSearch } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchUsers, queryKeys } from '../../api/endpoints';
import { type AppraiserAssignment, type BoardAppraiser, type BoardItem, parKeys, setAppraisers } from '../../api/par';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/notify';
import { collator, foldText } from '../../i18n/format';
import { fmtInt } from './shared';

/**
 * Simple appraiser assignment: one appraiser per unit. Saving replaces every assignment of the cycle
 * (PUT /api/par/cycles/:id/appraisers).
 */
export function AppraiserModal({
  cycleId,
  items,
  current,
  onClose,
}: {
  cycleId: string;
  items: readonly BoardItem[];
  current: readonly BoardAppraiser[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const users = useQuery({ queryKey: queryKeys.users, queryFn: fetchUsers });
  const appraisers = useMemo(
    () =>
      (users.data ?? []).filter((u) => u.active && u.roles.some((r) => r.role === 'appraiser')).sort((a, b) => collator.compare(a.displayName, b.displayName)),
    [users.data],
  );
  const [byUnit, setByUnit] = useState<Record<string, string>>(() => {
    const init: Record<string, string> = {};
    for (const a of current) if (a.unitId) init[a.unitId] = a.userId;
    return init;
  });
  const [all, setAll] = useState('');
  const [q, setQ] = useState('');
  // assignments by area (unitId null) are not edited here and are kept as they are
  const others: AppraiserAssignment[] = current.filter((a) => !a.unitId).map((a) => ({ userId: a.userId, unitId: null, areaCode: a.areaCode }));
  const byArea = useMemo(() => {
    const m = new Map<string, { userId: string; name: string; areas: string[] }>();
    for (const a of current) {
      if (a.unitId || !a.areaCode) continue;
      const e = m.get(a.userId) ?? { userId: a.userId, name: a.displayName, areas: [] };
      e.areas.push(a.areaCode);
      m.set(a.userId, e);
    }
    return [...m.values()];
  }, [current]);

  const save = useMutation({
    mutationFn: () =>
      setAppraisers(cycleId, [
        ...others,
        ...Object.entries(byUnit)
          .filter(([, userId]) => userId)
          .map(([unitId, userId]) => ({ userId, unitId, areaCode: null })),
      ]),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: parKeys.board(cycleId) });
      notifySuccess(t('par.assign.saved'));
      onClose();
    },
  });

  const needle = foldText(q.trim());
  const shown = items.filter((i) => !needle || foldText(i.unitName).includes(needle) || i.unitCode.includes(needle));
  // appraisers assigned now but no longer listed (deactivated, role removed) stay selectable under their name
  const listed = new Set(appraisers.map((u) => u.id));
  const missing = [...new Map(current.filter((a) => a.unitId && !listed.has(a.userId)).map((a) => [a.userId, a.displayName])).entries()];
  const options = [
    { value: '', label: t('par.assign.none') },
    ...appraisers.map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` })),
    ...missing.map(([userId, name]) => ({ value: userId, label: name })),
  ];
  const assigned = Object.values(byUnit).filter(Boolean).length;

  return (
    <Modal opened onClose={onClose} title={t('par.assign.title')} size="xl">
      {users.isPending ? (
        <Center h={160}>
          <Loader size="sm" />
        </Center>
      ) : users.isError ? (
        <ErrorAlert error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <Stack gap="sm">
          {byArea.length > 0 ? (
            <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} />} p="xs" title={t('par.assign.areaAssigned')} data-testid="assign-by-area">
              <Stack gap={2}>
                {byArea.map((a) => (
                  <Text key={a.userId} size="xs">
                    {t('par.assign.areaList', {
                      name: a.name,
                      areas: a.areas
                        .sort((x, y) => x.localeCompare(y, undefined, { numeric: true }))
                        .map((code) => t('par.results.areaShort', { code }))
                        .join(', '),
                    })}
                  </Text>
                ))}
              </Stack>
            </Alert>
          ) : null}
          {appraisers.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('par.assign.noAppraisers')}
            </Text>
          ) : null}
          <Group gap="xs" align="flex-end" wrap="wrap">
            <NativeSelect
              label={t('par.assign.allLabel')}
              data={options}
              value={all}
              onChange={(e) => setAll(e.currentTarget.value)}
              style={{ flex: 1, minWidth: 220 }}
              data-testid="assign-all-select"
            />
            <Button
              variant="light"
              onClick={() => setByUnit((prev) => ({ ...prev, ...Object.fromEntries(shown.map((i) => [i.unitId, all])) }))}
              data-testid="assign-all-apply"
            >
              {t('par.assign.applyShown', { n: fmtInt(shown.length) })}
            </Button>
          </Group>
          <TextInput
            placeholder={t('par.board.searchPlaceholder')}
            leftSection={<IconSearch size={16} />}
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            aria-label={t('common.search')}
            data-testid="assign-search"
          />
          <ScrollArea.Autosize mah="50vh" type="auto" offsetScrollbars>
            <Table data-testid="assign-table" highlightOnHover={false}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('par.board.unit')}</Table.Th>
                  <Table.Th w="45%">{t('par.assign.appraiser')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((i) => (
                  <Table.Tr key={i.unitId}>
                    <Table.Td>
                      <Text size="sm">{i.unitName}</Text>
                    </Table.Td>
                    <Table.Td>
                      <NativeSelect
                        size="xs"
                        aria-label={t('par.assign.appraiserFor', { unit: i.unitName })}
                        data={options}
                        value={byUnit[i.unitId] ?? ''}
                        onChange={(e) => {
                          const v = e.currentTarget.value;
                          setByUnit((prev) => ({ ...prev, [i.unitId]: v }));
                        }}
                        data-testid={`assign-${i.unitCode}`}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
          {save.isError ? <ErrorAlert error={save.error} /> : null}
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {t('par.assign.count', { assigned: fmtInt(assigned), total: fmtInt(items.length) })}
            </Text>
            <Group gap="xs">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button onClick={() => save.mutate()} loading={save.isPending} data-testid="assign-save">
                {t('common.save')}
              </Button>
            </Group>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
