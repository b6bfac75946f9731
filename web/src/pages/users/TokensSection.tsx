import { ActionIcon, Alert, Badge, Button, Code, CopyButton, Group, Modal, Paper, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconKey, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createToken, fetchTokens, queryKeys, revokeToken } from '../../api/endpoints';
import type { ApiToken } from '../../api/types';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/notify';
import { formatDateTime } from '../../i18n/format';

function CreateTokenModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | undefined>();
  const mutation = useMutation({
    mutationFn: (n: string) => createToken(n),
    onSuccess: () => void qc.invalidateQueries({ queryKey: queryKeys.tokens }),
  });

  const close = () => {
    setName('');
    setNameError(undefined);
    mutation.reset();
    onClose();
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setNameError(t('common.required'));
      return;
    }
    setNameError(undefined);
    mutation.mutate(name.trim());
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={mutation.isSuccess ? t('tokens.createdTitle') : t('tokens.create')}
      size="lg"
      closeOnClickOutside={!mutation.isSuccess}
    >
      {mutation.isSuccess ? (
        <Stack gap="sm">
          <Alert color="orange" variant="light">
            {t('tokens.showOnce')}
          </Alert>
          <Group gap="xs" wrap="nowrap" align="center">
            <Code block style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} data-testid="token-value">
              {mutation.data.token}
            </Code>
            <CopyButton value={mutation.data.token}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? t('common.copied') : t('common.copy')}>
                  <ActionIcon size="lg" variant="light" color={copied ? 'teal' : 'blue'} onClick={copy} aria-label={t('common.copy')} data-testid="token-copy">
                    {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
                  </ActionIcon>
                </Tooltip>
              )}
            </CopyButton>
          </Group>
          <Group justify="flex-end">
            <Button onClick={close} data-testid="token-done">
              {t('common.close')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <Stack gap="sm">
            {mutation.error ? <ErrorAlert error={mutation.error} /> : null}
            <TextInput
              label={t('tokens.name')}
              placeholder={t('tokens.namePlaceholder')}
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={nameError}
              data-autofocus
              data-testid="token-name"
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={mutation.isPending} data-testid="token-submit">
                {t('tokens.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

export function TokensSection() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const tokens = useQuery({ queryKey: queryKeys.tokens, queryFn: fetchTokens });
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const revoke = useMutation({
    mutationFn: (id: string) => revokeToken(id),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: queryKeys.tokens });
      notifySuccess(t('tokens.revokedDone'));
      setRevoking(null);
    },
  });

  const items = [...(tokens.data ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

  return (
    <Paper p="md" data-testid="tokens-section">
      <Group justify="space-between" mb="xs">
        <Group gap={6}>
          <IconKey size={20} />
          <Title order={4}>{t('tokens.title')}</Title>
        </Group>
        <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setCreating(true)} data-testid="token-create">
          {t('tokens.create')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        {t('tokens.hint')}
      </Text>
      {tokens.isError ? <ErrorAlert error={tokens.error} onRetry={() => void tokens.refetch()} /> : null}
      {tokens.data && items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('tokens.empty')}
        </Text>
      ) : null}
      {items.length > 0 ? (
        <Table.ScrollContainer minWidth={560}>
          <Table data-testid="tokens-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('tokens.name')}</Table.Th>
                <Table.Th>{t('tokens.createdAt')}</Table.Th>
                <Table.Th>{t('tokens.lastUsedAt')}</Table.Th>
                <Table.Th>{t('tokens.status')}</Table.Th>
                <Table.Th w={60} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((tok) => (
                <Table.Tr key={tok.id} data-testid={`token-row-${tok.id}`}>
                  <Table.Td fw={500}>{tok.name}</Table.Td>
                  <Table.Td>{formatDateTime(tok.createdAt)}</Table.Td>
                  <Table.Td>
                    {tok.lastUsedAt ? (
                      formatDateTime(tok.lastUsedAt)
                    ) : (
                      <Text span size="sm" c="dimmed">
                        {t('tokens.never')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {tok.revokedAt ? (
                      <Badge color="gray" variant="light">
                        {t('tokens.revoked', { time: formatDateTime(tok.revokedAt) })}
                      </Badge>
                    ) : (
                      <Badge color="green" variant="light">
                        {t('tokens.active')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {!tok.revokedAt ? (
                      <Tooltip label={t('tokens.revoke')}>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          onClick={() => setRevoking(tok)}
                          aria-label={t('tokens.revoke')}
                          data-testid={`token-revoke-${tok.id}`}
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      <CreateTokenModal opened={creating} onClose={() => setCreating(false)} />
      <ConfirmModal
        opened={!!revoking}
        title={t('tokens.revoke')}
        message={t('tokens.revokeConfirm', { name: revoking?.name ?? '' })}
        confirmLabel={t('tokens.revoke')}
        loading={revoke.isPending}
        error={revoke.error}
        onConfirm={() => revoking && revoke.mutate(revoking.id)}
        onClose={() => {
          revoke.reset();
          setRevoking(null);
        }}
      />
    </Paper>
  );
}
