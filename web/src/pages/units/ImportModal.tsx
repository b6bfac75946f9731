import { Alert, Button, Modal } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { queryKeys } from '../../api/endpoints';
import type { ImportResult } from '../../api/types';
import { uploadWithProgress } from '../../api/upload';
import { FileImport } from '../../components/FileImport';
import { notifySuccess } from '../../components/notify';
import { formatNumber } from '../../i18n/format';

function ImportForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const done = (r: ImportResult) => t('units.importDone', { created: formatNumber(r.created), updated: formatNumber(r.updated) });

  return (
    <div data-testid="import-form">
      <FileImport<ImportResult>
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        upload={(file, onProgress) => uploadWithProgress<ImportResult>('/api/units/import', file, onProgress)}
        onDone={async (r) => {
          await qc.invalidateQueries({ queryKey: queryKeys.unitsAll });
          notifySuccess(done(r));
        }}
        hint={t('units.importHint')}
        fileLabel={t('units.importFile')}
        submitLabel={t('units.importSubmit')}
        errorTitle={t('units.importErrors')}
        testId="import"
        renderResult={(r) => (
          <Alert color="green" variant="light" icon={<IconCheck size={18} />} data-testid="import-result">
            {done(r)}
          </Alert>
        )}
        actions={
          <Button variant="default" onClick={onClose}>
            {t('common.close')}
          </Button>
        }
      />
    </div>
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
