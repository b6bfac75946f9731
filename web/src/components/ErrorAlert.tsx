import { Alert, Button, List, Table, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/client';

interface Props {
  error: unknown;
  onRetry?: () => void;
  /** Show import row errors as a Row | Column | Message table. */
  showRowErrors?: boolean;
  testId?: string;
  /** Alert title; defaults to the generic error title. */
  title?: string;
}

/** 'body.successor.code' → 'successor.code' */
function displayPath(path: string): string {
  return path.replace(/^\/+/, '').replace(/^(body|querystring|params)([./]|$)/, '');
}

/** Shows the problem `detail` (localised by the server) and any field/row errors. */
export function ErrorAlert({ error, onRetry, showRowErrors = true, testId = 'error-alert', title }: Props) {
  const { t } = useTranslation();
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : null;
  const fieldErrors = apiError?.fieldErrors ?? [];
  const rowErrors = showRowErrors ? (apiError?.rowErrors ?? []) : [];
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} title={title ?? t('common.errorTitle')} data-testid={testId}>
      <Text size="sm" data-testid={`${testId}-detail`}>
        {errorMessage(error)}
      </Text>
      {fieldErrors.length > 0 && (
        <List size="sm" mt="xs" spacing={2}>
          {fieldErrors.map((e) => (
            <List.Item key={`${e.path}|${e.message}`}>
              {displayPath(e.path) ? <Text span fw={600} size="sm">{`${displayPath(e.path)}: `}</Text> : null}
              {e.message}
            </List.Item>
          ))}
        </List>
      )}
      {rowErrors.length > 0 && (
        <Table mt="xs" withTableBorder withColumnBorders data-testid="import-errors" bg="white">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={80}>{t('errors.row')}</Table.Th>
              <Table.Th w={140}>{t('errors.column')}</Table.Th>
              <Table.Th>{t('errors.message')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rowErrors.map((e) => (
              <Table.Tr key={`${e.row}|${e.column}|${e.message}`}>
                <Table.Td>{e.row}</Table.Td>
                <Table.Td>{e.column}</Table.Td>
                <Table.Td>{e.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {onRetry && (
        <Button size="xs" variant="white" color="red" mt="sm" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      )}
    </Alert>
  );
}
