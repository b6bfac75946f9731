import { Alert, Badge, Button, Group, Modal, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconDatabaseImport } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type DataFeedOutcome, parKeys, runDataFeed } from '../../api/par';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fmtInt } from './shared';

const SHOWN = 60;

/**
 * Gives the cycle's data-derived criteria their points from the system's data and shows what changed, with the
 * source of every figure and the reason for any it could not compute.
 */
export function DataFeedButton({ cycleId, size, unitName }: { cycleId: string; size: 'xs' | 'sm'; unitName: (id: string) => string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [result, setResult] = useState<DataFeedOutcome | null>(null);
  const feed = useMutation({
    mutationFn: () => runDataFeed(cycleId),
    onSuccess: async (r) => {
      setResult(r);
      await qc.invalidateQueries({ queryKey: parKeys.all });
    },
  });
  const reason = (code: string) => {
    const key = `dataFeed.reasons.${code}`;
    return i18n.exists(key) ? t(key as 'dataFeed.reasons.unknownIndicator') : code;
  };
  const points = (p: string) => (i18n.language === 'en' ? p : p.replace('.', ','));
  return (
    <>
      <Tooltip label={t('dataFeed.hint')} multiline w={300}>
        <Button
          size={size}
          variant="default"
          leftSection={<IconDatabaseImport size={16} />}
          loading={feed.isPending}
          onClick={() => {
            feed.reset();
            feed.mutate();
          }}
          data-testid="cycle-data-feed"
        >
          {t('dataFeed.run')}
        </Button>
      </Tooltip>
      <Modal
        opened={result !== null || feed.isError}
        onClose={() => {
          setResult(null);
          feed.reset();
        }}
        title={t('dataFeed.title')}
        size="xl"
      >
        {feed.isError ? <ErrorAlert error={feed.error} /> : null}
        {result ? (
          <Stack gap="sm" data-testid="data-feed-result">
            {result.fed.length + result.unchanged + result.skipped.length === 0 ? (
              <Alert color="gray">{t('dataFeed.none')}</Alert>
            ) : (
              <Group gap="xs">
                <Badge color="green" variant="light" size="lg">
                  {t('dataFeed.fed', { n: fmtInt(result.fed.length) })}
                </Badge>
                <Badge color="gray" variant="light" size="lg">
                  {t('dataFeed.unchanged', { n: fmtInt(result.unchanged) })}
                </Badge>
                {result.skipped.length ? (
                  <Badge color="orange" variant="light" size="lg">
                    {t('dataFeed.skipped', { n: fmtInt(result.skipped.length) })}
                  </Badge>
                ) : null}
              </Group>
            )}
            {result.fed.length ? (
              <Table.ScrollContainer minWidth={640}>
                <Table striped fz="sm" data-testid="data-feed-fed">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('dataFeed.unit')}</Table.Th>
                      <Table.Th w={80}>{t('dataFeed.criterion')}</Table.Th>
                      <Table.Th w={70} ta="right">
                        {t('dataFeed.points')}
                      </Table.Th>
                      <Table.Th>{t('dataFeed.source')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {result.fed.slice(0, SHOWN).map((f) => (
                      <Table.Tr key={`${f.unitId}:${f.nodeCode}`}>
                        <Table.Td>{unitName(f.unitId)}</Table.Td>
                        <Table.Td>{f.nodeCode}</Table.Td>
                        <Table.Td ta="right" ff="monospace">
                          {points(f.points)}
                        </Table.Td>
                        <Table.Td>
                          <Text size="xs">{f.provenance}</Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            ) : null}
            {result.fed.length > SHOWN ? (
              <Text size="xs" c="dimmed">
                {t('dataFeed.more', { n: fmtInt(result.fed.length - SHOWN) })}
              </Text>
            ) : null}
            {result.skipped.length ? (
              <Table.ScrollContainer minWidth={560}>
                <Table fz="sm" data-testid="data-feed-skipped">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('dataFeed.unit')}</Table.Th>
                      <Table.Th w={80}>{t('dataFeed.criterion')}</Table.Th>
                      <Table.Th>{t('dataFeed.reason')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {result.skipped.slice(0, SHOWN).map((f) => (
                      <Table.Tr key={`${f.unitId}:${f.nodeCode}`}>
                        <Table.Td>{unitName(f.unitId)}</Table.Td>
                        <Table.Td>{f.nodeCode}</Table.Td>
                        <Table.Td>{reason(f.reason)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            ) : null}
            {result.skipped.length > SHOWN ? (
              <Text size="xs" c="dimmed">
                {t('dataFeed.more', { n: fmtInt(result.skipped.length - SHOWN) })}
              </Text>
            ) : null}
          </Stack>
        ) : null}
      </Modal>
    </>
  );
}
