import { ActionIcon, Anchor, Badge, Group, Loader, Stack, Text, Tooltip } from '@mantine/core';
import { IconDownload, IconExternalLink, IconEye, IconFile, IconFileTypePdf, IconPhoto, IconTrash, IconUpload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type DragEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Evidence, evidenceUrl, parKeys, removeEvidence, uploadEvidence } from '../../api/par';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/notify';
import { formatDateTime } from '../../i18n/format';
import { fmtInt, fmtSize } from './shared';

const MAX_BYTES = 20 * 1024 * 1024;
const ACCEPT = '.pdf,.jpg,.jpeg,.png,.doc,.docx,.xls,.xlsx,.pptx';
const EXTENSIONS = ACCEPT.split(',');

function previewable(e: Evidence): 'pdf' | 'image' | null {
  if (e.mime === 'application/pdf') return 'pdf';
  if (e.mime.startsWith('image/')) return 'image';
  return null;
}

function FileIcon({ e }: { e: Evidence }) {
  const kind = previewable(e);
  if (kind === 'pdf') return <IconFileTypePdf size={18} color="var(--mantine-color-red-7)" />;
  if (kind === 'image') return <IconPhoto size={18} color="var(--mantine-color-blue-7)" />;
  return <IconFile size={18} color="var(--mantine-color-gray-7)" />;
}

export function EvidencePreview({ evidence }: { evidence: Evidence }) {
  const { t } = useTranslation();
  const kind = previewable(evidence);
  if (kind === 'pdf')
    return (
      <iframe
        className="par-preview"
        src={evidenceUrl(evidence.id)}
        title={t('par.evidence.previewOf', { name: evidence.name })}
        data-testid="evidence-preview"
      />
    );
  if (kind === 'image') return <img className="par-preview-img" src={evidenceUrl(evidence.id)} alt={evidence.name} data-testid="evidence-preview" />;
  return (
    <Text size="sm" c="dimmed" data-testid="evidence-no-preview">
      {t('par.evidence.noPreview')}{' '}
      <Anchor href={evidenceUrl(evidence.id, true)} size="sm">
        {t('par.evidence.download')}
      </Anchor>
    </Text>
  );
}

/**
 * Evidence files (tài liệu kiểm chứng) of one leaf: list, inline preview, and — when allowed — upload
 * (click or drag & drop) and removal of the files of the current step.
 */
export function EvidencePanel({
  assessmentId,
  code,
  files,
  canUpload,
  removableStage,
  evidenceRequired,
}: {
  assessmentId: string;
  code: string;
  files: readonly Evidence[];
  canUpload: boolean;
  /** Files of this stage can be removed ('self' while self-scoring, 'explanation' while explaining). */
  removableStage: string | null;
  evidenceRequired: boolean;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [localError, setLocalError] = useState<string | null>(null);
  const [toRemove, setToRemove] = useState<Evidence | null>(null);
  const firstPreviewable = files.find((f) => previewable(f))?.id ?? null;
  const [previewId, setPreviewId] = useState<string | null>(firstPreviewable);
  const preview = files.find((f) => f.id === previewId) ?? null;

  // a new leaf or a new file list: show the first file that can be previewed
  useEffect(() => {
    setPreviewId((cur) => (cur && files.some((f) => f.id === cur) ? cur : firstPreviewable));
  }, [files, firstPreviewable]);

  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: parKeys.assessment(assessmentId) }),
      qc.invalidateQueries({ queryKey: parKeys.history(assessmentId, code) }),
    ]);

  const upload = useMutation({
    mutationFn: async (list: File[]) => {
      const done: Evidence[] = [];
      for (const f of list) done.push(await uploadEvidence(assessmentId, code, f));
      return done;
    },
    onSuccess: async (done) => {
      await refresh();
      const last = done[done.length - 1];
      if (last && (last.mime === 'application/pdf' || last.mime.startsWith('image/'))) setPreviewId(last.id);
      notifySuccess(t('par.evidence.uploaded', { n: fmtInt(done.length) }));
    },
    onError: () => void refresh(),
  });
  const remove = useMutation({
    mutationFn: (e: Evidence) => removeEvidence(e.id),
    onSuccess: async () => {
      setToRemove(null);
      await refresh();
      notifySuccess(t('par.evidence.removed'));
    },
  });

  const accept = (list: FileList | null) => {
    if (!list || list.length === 0) return;
    const files = [...list];
    const bad = files.find((f) => !EXTENSIONS.some((ext) => f.name.toLowerCase().endsWith(ext)));
    if (bad) {
      setLocalError(t('par.evidence.badType', { name: bad.name }));
      return;
    }
    const big = files.find((f) => f.size > MAX_BYTES);
    if (big) {
      setLocalError(t('par.evidence.tooBig', { name: big.name }));
      return;
    }
    setLocalError(null);
    upload.mutate(files);
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (canUpload) accept(e.dataTransfer.files);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      input.current?.click();
    }
  };

  return (
    <Stack gap="xs" data-testid="evidence-panel">
      <Group justify="space-between" gap="xs">
        <Text fw={600} size="sm">
          {t('par.evidence.title')} ({files.length})
        </Text>
        {evidenceRequired ? (
          <Badge size="xs" variant="light" color={files.length ? 'gray' : 'red'}>
            {t('par.evidence.required')}
          </Badge>
        ) : null}
      </Group>

      {files.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="evidence-empty">
          {t('par.evidence.empty')}
        </Text>
      ) : (
        <Stack gap={4} data-testid="evidence-list">
          {files.map((f) => (
            <Group
              key={f.id}
              gap={6}
              wrap="nowrap"
              p={4}
              style={{
                borderRadius: 4,
                background: f.id === previewId ? 'var(--mantine-color-blue-0)' : undefined,
              }}
              data-testid={`evidence-${f.id}`}
            >
              <FileIcon e={f} />
              <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
                <Text size="sm" truncate title={f.name}>
                  {f.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {fmtSize(f.size)} · {formatDateTime(f.uploadedAt)}
                  {f.stage === 'explanation' ? ` · ${t('par.evidence.stageExplanation')}` : ''}
                </Text>
              </Stack>
              {previewable(f) ? (
                <Tooltip label={t('par.evidence.preview')}>
                  <ActionIcon
                    variant="subtle"
                    onClick={() => setPreviewId(f.id)}
                    aria-label={t('par.evidence.previewOf', { name: f.name })}
                    data-testid="evidence-view"
                  >
                    <IconEye size={16} />
                  </ActionIcon>
                </Tooltip>
              ) : null}
              <Tooltip label={t('par.evidence.download')}>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  component="a"
                  href={evidenceUrl(f.id, true)}
                  aria-label={t('par.evidence.downloadOf', { name: f.name })}
                >
                  <IconDownload size={16} />
                </ActionIcon>
              </Tooltip>
              {removableStage && f.stage === removableStage ? (
                <Tooltip label={t('common.delete')}>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    onClick={() => {
                      remove.reset();
                      setToRemove(f);
                    }}
                    aria-label={t('par.evidence.removeOf', { name: f.name })}
                    data-testid="evidence-remove"
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Tooltip>
              ) : null}
            </Group>
          ))}
        </Stack>
      )}

      {canUpload ? (
        // biome-ignore lint/a11y/useSemanticElements: a drop zone must accept drag & drop, which a <button> does not style well
        <div
          role="button"
          tabIndex={0}
          className="par-dropzone"
          data-active={dragging}
          onClick={() => input.current?.click()}
          onKeyDown={onKey}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          aria-label={t('par.evidence.upload')}
          data-testid="evidence-dropzone"
        >
          <input
            ref={input}
            type="file"
            accept={ACCEPT}
            multiple
            hidden
            onChange={(e) => {
              accept(e.currentTarget.files);
              e.currentTarget.value = '';
            }}
            data-testid="evidence-upload"
          />
          {upload.isPending ? (
            <Group justify="center" gap="xs">
              <Loader size="xs" />
              <Text size="sm">{t('par.evidence.uploading')}</Text>
            </Group>
          ) : (
            <Stack gap={2} align="center">
              <Group gap={6} justify="center">
                <IconUpload size={16} />
                <Text size="sm" fw={500}>
                  {t('par.evidence.upload')}
                </Text>
              </Group>
              <Text size="xs" c="dimmed">
                {t('par.evidence.uploadHint')}
              </Text>
            </Stack>
          )}
        </div>
      ) : null}
      {localError ? (
        <Text size="sm" c="red" data-testid="evidence-error">
          {localError}
        </Text>
      ) : null}
      {upload.isError ? <ErrorAlert error={upload.error} testId="evidence-upload-error" /> : null}

      {preview ? (
        <Stack gap={4}>
          <Group justify="space-between" gap="xs" wrap="nowrap">
            <Text size="xs" c="dimmed" truncate>
              {t('par.evidence.previewOf', { name: preview.name })}
            </Text>
            <Anchor href={evidenceUrl(preview.id)} target="_blank" rel="noopener" size="xs">
              <Group gap={2} wrap="nowrap">
                {t('par.evidence.openNewTab')}
                <IconExternalLink size={12} />
              </Group>
            </Anchor>
          </Group>
          <EvidencePreview key={preview.id} evidence={preview} />
        </Stack>
      ) : null}

      <ConfirmModal
        opened={!!toRemove}
        title={t('par.evidence.removeTitle')}
        message={t('par.evidence.removeConfirm', { name: toRemove?.name ?? '' })}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => toRemove && remove.mutate(toRemove)}
        onClose={() => setToRemove(null)}
      />
    </Stack>
  );
}
