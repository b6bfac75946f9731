import { Alert, Button, FileInput, Group, Modal, Stack, Text } from '@mantine/core';
import { IconCheck, IconFileSpreadsheet } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { importUnits, queryKeys } from '../../api/endpoints';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/notify';
import { formatNumber } from '../../i18n/format';

function ImportForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();

  const mutation = useMutation({
    mutationFn: (f: File) => importUnits(f),
    onSuccess: async (result) => {
      await qc.invalidateQueries({ queryKey: queryKeys.unitsAll });
      notifySuccess(t('units.importDone', { created: formatNumber(result.created), updated: formatNumber(result.updated) }));
    },
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) {
      setFileError(t('units.importFileRequired'));
      return;
    }
    setFileError(undefined);
    mutation.mutate(file);
  };

  return (
    <form onSubmit={onSubmit} noValidate data-testid="import-form">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('units.importHint')}
        </Text>
        <FileInput
          label={t('units.importFile')}
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          leftSection={<IconFileSpreadsheet size={16} />}
          value={file}
          onChange={(f) => {
            setFile(f);
            mutation.reset();
          }}
          clearable
          error={fileError}
          data-testid="import-file"
        />
        {mutation.isError ? <ErrorAlert error={mutation.error} testId="import-error" title={t('units.importErrors')} /> : null}
        {mutation.isSuccess ? (
          <Alert color="green" variant="light" icon={<IconCheck size={18} />} data-testid="import-result">
            {t('units.importDone', { created: formatNumber(mutation.data.created), updated: formatNumber(mutation.data.updated) })}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.close')}
          </Button>
          <Button type="submit" loading={mutation.isPending} data-testid="import-submit">
            {t('units.importSubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ImportModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('units.importTitle')} size="xl">
      {opened ? <ImportForm onClose={onClose} /> : null}
    </Modal>
  );
}
