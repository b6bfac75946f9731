import { ActionIcon, Badge, Box, Center, Group, Indicator, Loader, Popover, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { type AppNotification, fetchNotifications, markNotificationRead, type NotificationList, notificationKeys } from '../api/notifications';
import { formatDateTime } from '../i18n/format';
import { ErrorAlert } from './ErrorAlert';
import { notifyError } from './notify';

const POLL_MS = 60_000;

/** Only in-app paths are followed; anything else is ignored. */
function inAppLink(link: string | null): string | null {
  return link?.startsWith('/') && !link.startsWith('//') ? link : null;
}

/** The bell in the header: unread count (polled every minute), the list, click → mark read and open the link. */
export function NotificationsBell() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  const query = useQuery({
    queryKey: notificationKeys.list,
    queryFn: fetchNotifications,
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: false,
    staleTime: 30_000,
  });
  const read = useMutation({
    mutationFn: (id: string) => markNotificationRead(id),
    onMutate: async (id) => {
      // mark it read at once; the next poll brings the server's state
      await qc.cancelQueries({ queryKey: notificationKeys.list });
      qc.setQueryData<NotificationList>(notificationKeys.list, (prev) =>
        prev
          ? {
              unread: Math.max(0, prev.unread - (prev.items.some((n) => n.id === id && !n.readAt) ? 1 : 0)),
              items: prev.items.map((n) => (n.id === id && !n.readAt ? { ...n, readAt: new Date().toISOString() } : n)),
            }
          : prev,
      );
    },
    onError: (err) => {
      notifyError(err);
      void qc.invalidateQueries({ queryKey: notificationKeys.list });
    },
  });

  const unread = query.data?.unread ?? 0;
  const items = query.data?.items ?? [];
  const label = unread > 0 ? t('notifications.bellUnread', { n: unread }) : t('notifications.bell');
  const count = new Intl.NumberFormat(i18n.language === 'en' ? 'en-US' : 'vi-VN').format(unread > 99 ? 99 : unread);

  const open = (n: AppNotification) => {
    if (!n.readAt) read.mutate(n.id);
    setOpened(false);
    const to = inAppLink(n.link);
    if (to) navigate(to);
  };

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width="min(380px, calc(100vw - 16px))" shadow="md" withinPortal>
      <Popover.Target>
        <Indicator
          label={unread > 99 ? `${count}+` : count}
          size={16}
          offset={6}
          color="red"
          disabled={unread === 0}
          inline
          data-testid="notifications-unread"
          data-count={unread}
        >
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={label}
            title={label}
            onClick={() => setOpened((o) => !o)}
            data-testid="notifications-bell"
          >
            <IconBell size={20} />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p={0} data-testid="notifications-dropdown">
        <Group justify="space-between" px="sm" py={8} style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
          <Text fw={600} size="sm">
            {t('notifications.title')}
          </Text>
          <Text size="xs" c="dimmed">
            {unread > 0 ? t('notifications.unread', { n: count }) : t('notifications.allRead')}
          </Text>
        </Group>
        {query.isPending ? (
          <Center h={100}>
            <Loader size="sm" />
          </Center>
        ) : query.isError ? (
          <Box p="sm">
            <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
          </Box>
        ) : items.length === 0 ? (
          <Text size="sm" c="dimmed" p="sm" data-testid="notifications-empty">
            {t('notifications.empty')}
          </Text>
        ) : (
          <ScrollArea.Autosize mah="min(440px, 70vh)" type="auto">
            <Stack gap={0}>
              {items.map((n) => (
                <UnstyledButton
                  key={n.id}
                  onClick={() => open(n)}
                  px="sm"
                  py={8}
                  className="notification-item"
                  data-unread={!n.readAt || undefined}
                  data-testid="notification-item"
                >
                  <Group gap={6} wrap="nowrap" align="flex-start" justify="space-between">
                    <Text size="sm" fw={n.readAt ? 500 : 700} lh={1.35}>
                      {n.title}
                    </Text>
                    {!n.readAt ? (
                      <Badge size="xs" color="red" variant="light" style={{ flex: 'none' }}>
                        {t('notifications.newBadge')}
                      </Badge>
                    ) : null}
                  </Group>
                  {n.body ? (
                    <Text size="xs" c="dimmed" lineClamp={3} mt={2}>
                      {n.body}
                    </Text>
                  ) : null}
                  <Text size="xs" c="dimmed" mt={2} className="par-num">
                    {formatDateTime(n.createdAt)}
                  </Text>
                </UnstyledButton>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
