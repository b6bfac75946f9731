// The one file-import form of the app: pick a file, send it with a progress bar, then either the result or the
// server's problem with its row/cell error table (imports are all-or-nothing, so an error means nothing changed).

import { Button, Group, Progress, Stack, Text } from '@mantine/core';
import { IconFileUpload, IconUpload } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { type ReactNode, useId, useRef, useState } from 'react';
import { ErrorAlert } from './ErrorAlert';

export interface FileImportProps<R> {
  /** `accept` attribute of the file input, e.g. ".xlsx". */
  accept: string;
  /** Sends the file; `onProgress` takes 0…1. */
  upload: (file: File, onProgress: (fraction: number) => void) => Promise<R>;
  onDone?: (result: R) => void | Promise<void>;
  /** Shown after a successful import. */
  renderResult?: (result: R) => ReactNode;
  hint?: ReactNode;
  fileLabel: string;
  submitLabel: string;
  /** Title of the error alert (e.g. "The file was not imported"). */
  errorTitle: string;
  /** Prefix of the test ids: `<prefix>-file`, `-upload`, `-progress`, `-errors`. */
  testId: string;
  /** Extra buttons beside the submit button (a template download, a close button). */
  actions?: ReactNode;
  /** Text under the progress bar: the percentage sent, then (at 100) the server's processing. */
  progressText?: (pct: number) => string;
}

export function FileImport<R>({
  accept,
  upload,
  onDone,
  renderResult,
  hint,
  fileLabel,
  submitLabel,
  errorTitle,
  testId,
  actions,
  progressText,
}: FileImportProps<R>) {
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState(0);
  const mutation = useMutation({
    mutationFn: (f: File) => {
      setProgress(0);
      return upload(f, setProgress);
    },
    onSuccess: async (r) => {
      await onDone?.(r);
      if (input.current) input.current.value = '';
      setFile(null);
    },
  });
  const pct = Math.round(progress * 100);

  return (
    <Stack gap="sm">
      {hint ? (
        <Text size="sm" c="dimmed">
          {hint}
        </Text>
      ) : null}
      <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
        <Button component="label" htmlFor={inputId} variant="default" leftSection={<IconFileUpload size={16} />} style={{ flexShrink: 0 }}>
          {fileLabel}
        </Button>
        <input
          id={inputId}
          ref={input}
          type="file"
          accept={accept}
          hidden
          data-testid={`${testId}-file`}
          onChange={(e) => {
            setFile(e.currentTarget.files?.[0] ?? null);
            mutation.reset();
          }}
        />
        <Text size="sm" c={file ? undefined : 'dimmed'} truncate data-testid={`${testId}-file-name`}>
          {file ? file.name : accept}
        </Text>
      </Group>
      {mutation.isPending ? (
        <Stack gap={4}>
          <Progress value={pct} animated striped data-testid={`${testId}-progress`} />
          <Text size="xs" c="dimmed">
            {progressText ? progressText(pct) : `${pct}%`}
          </Text>
        </Stack>
      ) : null}
      {mutation.isError ? <ErrorAlert error={mutation.error} testId={`${testId}-errors`} title={errorTitle} /> : null}
      {mutation.isSuccess && renderResult ? renderResult(mutation.data) : null}
      <Group justify="flex-end" gap="xs" wrap="wrap">
        {actions}
        <Button
          leftSection={<IconUpload size={16} />}
          disabled={!file}
          loading={mutation.isPending}
          onClick={() => file && mutation.mutate(file)}
          data-testid={`${testId}-upload`}
        >
          {submitLabel}
        </Button>
      </Group>
    </Stack>
  );
}
