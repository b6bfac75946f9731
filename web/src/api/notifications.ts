// The signed-in user's notifications (reminders of the PAR Index and other modules).

import { api } from './client';

export interface AppNotification {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  /** In-app path to open, e.g. /par/assessments/:id */
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationList {
  unread: number;
  items: AppNotification[];
}

export const notificationKeys = {
  list: ['notifications'] as const,
};

export const fetchNotifications = () => api.get<NotificationList>('/api/notifications');
export const markNotificationRead = (id: string) => api.post<void>(`/api/notifications/${encodeURIComponent(id)}/read`);
