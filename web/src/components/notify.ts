import { notifications } from '@mantine/notifications';
import { errorMessage } from '../api/client';
import i18n from '../i18n';

export function notifySuccess(message: string): void {
  notifications.show({ color: 'green', title: i18n.t('common.successTitle'), message, autoClose: 4000 });
}

export function notifyError(error: unknown): void {
  notifications.show({ color: 'red', title: i18n.t('common.errorTitle'), message: errorMessage(error), autoClose: 8000 });
}
