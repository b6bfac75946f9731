import { ActionIcon, Badge, Button, Group, Menu, Modal, Paper, PasswordInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconDots, IconEdit, IconKey, IconLock, IconLockOpen, IconPlus, IconSearch, IconTrash, IconUserCheck, IconUserOff } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createUser, fetchUsers, queryKeys, updateUser } from '../../api/endpoints';
import { ROLE_CODES, type RoleCode, type RoleInput, type Unit, type User } from '../../api/types';
import { useCan } from '../../auth/useAuth';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError, notifySuccess } from '../../components/notify';
import { PageLoader } from '../../components/PageLoader';
import { UnitSelect } from '../../components/UnitSelect';
import { collator, foldText, formatDateTime, todayIso } from '../../i18n/format';
import { fieldError, useUnits } from '../units/hooks';
import { TokensSection } from './TokensSection';

interface RoleDraft {
  role: RoleCode | null;
  unitId: string | null;
}

function RolesEditor({ value, onChange, units, error }: { value: RoleDraft[]; onChange: (v: RoleDraft[]) => void; units: readonly Unit[]; error?: string }) {
  const { t } = useTranslation();
  const roleOptions = ROLE_CODES.map((r) => ({ value: r, label: t(`roles.${r}`) }));
  return (
    <Stack gap="xs" data-testid="roles-editor">
      <Text size="sm" fw={500}>
        {t('users.roles')}
      </Text>
      {value.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('users.noRoles')}
        </Text>
      ) : null}
      {value.map((r, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: editable rows without identity
        <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
          <Select
            aria-label={t('users.role')}
            placeholder={t('users.role')}
            data={roleOptions}
            value={r.role}
            onChange={(role) => onChange(value.map((x, j) => (j === i ? { ...x, role: role as RoleCode | null } : x)))}
            allowDeselect={false}
            style={{ flex: 1 }}
            data-testid={`role-select-${i}`}
          />
          <UnitSelect
            aria-label={t('users.roleUnit')}
            placeholder={t('users.roleUnitPlaceholder')}
            units={units}
            value={r.unitId}
            onChange={(unitId) => onChange(value.map((x, j) => (j === i ? { ...x, unitId } : x)))}
            style={{ flex: 1.3 }}
            data-testid={`role-unit-${i}`}
          />
          <ActionIcon variant="subtle" color="red" mt={4} onClick={() => onChange(value.filter((_, j) => j !== i))} aria-label={t('common.remove')}>
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      {error ? (
        <Text size="xs" c="red">
          {error}
        </Text>
      ) : null}
      <Button
        variant="light"
        size="xs"
        leftSection={<IconPlus size={14} />}
        onClick={() => onChange([...value, { role: null, unitId: null }])}
        style={{ alignSelf: 'flex-start' }}
        data-testid="role-add"
      >
        {t('users.addRole')}
      </Button>
    </Stack>
  );
}

function toRoleInputs(drafts: RoleDraft[]): RoleInput[] {
  return drafts.filter((r): r is RoleInput => r.role !== null).map((r) => ({ role: r.role, unitId: r.unitId }));
}

function UserForm({ editing, units, onClose }: { editing: User | null; units: readonly Unit[]; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [username, setUsername] = useState(editing?.username ?? '');
  const [displayName, setDisplayName] = useState(editing?.displayName ?? '');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<RoleDraft[]>(editing ? editing.roles.map((r) => ({ role: r.role, unitId: r.unitId })) : [{ role: null, unitId: null }]);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const mutation = useMutation({
    mutationFn: () =>
      editing
        ? updateUser(editing.id, { displayName: displayName.trim(), roles: toRoleInputs(roles) })
        : createUser({ username: username.trim(), displayName: displayName.trim(), password, roles: toRoleInputs(roles) }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: queryKeys.users });
      notifySuccess(editing ? t('users.updated', { username: editing.username }) : t('users.created', { username: username.trim() }));
      onClose();
    },
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!editing && !username.trim()) errs.username = t('common.required');
    if (!displayName.trim()) errs.displayName = t('common.required');
    if (!editing && !password) errs.password = t('common.required');
    setErrors(errs);
    if (Object.keys(errs).length > 0) return;
    mutation.mutate();
  };
  const err = (f: string) => errors[f] ?? fieldError(mutation.error, f);

  return (
    <form onSubmit={onSubmit} noValidate data-testid="user-form">
      <Stack gap="sm">
        {mutation.error ? <ErrorAlert error={mutation.error} /> : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('users.username')}
            required={!editing}
            disabled={!!editing}
            autoComplete="off"
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
            error={err('username')}
            data-testid="user-form-username"
          />
          <TextInput
            label={t('users.displayName')}
            required
            value={displayName}
            onChange={(e) => setDisplayName(e.currentTarget.value)}
            error={err('displayName')}
            data-testid="user-form-display-name"
          />
        </SimpleGrid>
        {!editing ? (
          <PasswordInput
            label={t('users.password')}
            required
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={err('password')}
            data-testid="user-form-password"
          />
        ) : null}
        <RolesEditor value={roles} onChange={setRoles} units={units} error={fieldError(mutation.error, 'roles')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending} data-testid="user-form-submit">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ResetPasswordForm({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const mutation = useMutation({
    mutationFn: () => updateUser(user.id, { password }),
    onSuccess: () => {
      notifySuccess(t('users.passwordReset'));
      onClose();
    },
  });
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!password) {
          setError(t('common.required'));
          return;
        }
        setError(undefined);
        mutation.mutate();
      }}
    >
      <Stack gap="sm">
        {mutation.error ? <ErrorAlert error={mutation.error} /> : null}
        <PasswordInput
          label={t('users.newPassword')}
          required
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={error ?? fieldError(mutation.error, 'password')}
          data-autofocus
          data-testid="reset-password-input"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending} data-testid="reset-password-submit">
            {t('users.resetPassword')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function isLocked(user: User): boolean {
  return !!user.lockedUntil && new Date(user.lockedUntil).getTime() > Date.now();
}

function StatusBadge({ user }: { user: User }) {
  const { t } = useTranslation();
  if (!user.active)
    return (
      <Badge color="gray" variant="light">
        {t('users.inactive')}
      </Badge>
    );
  if (isLocked(user))
    return (
      <Badge color="orange" variant="light" leftSection={<IconLock size={12} />}>
        {t('users.lockedUntil', { time: formatDateTime(user.lockedUntil) })}
      </Badge>
    );
  return (
    <Badge color="green" variant="light">
      {t('users.active')}
    </Badge>
  );
}

type Dialog = { type: 'none' } | { type: 'form'; user: User | null } | { type: 'password'; user: User } | { type: 'toggle'; user: User };

export default function UsersPage() {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const users = useQuery({ queryKey: queryKeys.users, queryFn: fetchUsers });
  const units = useUnits({ date: todayIso() });
  const [filter, setFilter] = useState('');
  const [dialog, setDialog] = useState<Dialog>({ type: 'none' });

  const unlock = useMutation({
    mutationFn: (u: User) => updateUser(u.id, { unlock: true }),
    onSuccess: async (_data, u) => {
      await qc.invalidateQueries({ queryKey: queryKeys.users });
      notifySuccess(t('users.unlocked', { username: u.username }));
    },
    onError: (err) => notifyError(err),
  });

  const toggleActive = useMutation({
    mutationFn: (u: User) => updateUser(u.id, { active: !u.active }),
    onSuccess: async (_data, u) => {
      await qc.invalidateQueries({ queryKey: queryKeys.users });
      notifySuccess(t('users.updated', { username: u.username }));
      setDialog({ type: 'none' });
    },
  });

  const rows = useMemo(() => {
    const needle = foldText(filter.trim());
    return [...(users.data ?? [])]
      .filter((u) => !needle || foldText(`${u.username} ${u.displayName}`).includes(needle))
      .sort((a, b) => collator.compare(a.displayName, b.displayName) || collator.compare(a.username, b.username));
  }, [users.data, filter]);

  const close = () => setDialog({ type: 'none' });
  const canManage = can('user.manage');

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>{t('users.title')}</Title>
        {canManage ? (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog({ type: 'form', user: null })} data-testid="user-add-button">
            {t('users.add')}
          </Button>
        ) : null}
      </Group>

      <Paper p="sm">
        <TextInput
          placeholder={t('users.filter')}
          leftSection={<IconSearch size={16} />}
          value={filter}
          onChange={(e) => setFilter(e.currentTarget.value)}
          mb="sm"
          maw={360}
          data-testid="users-filter"
        />
        {users.isPending ? <PageLoader /> : null}
        {users.isError ? <ErrorAlert error={users.error} onRetry={() => void users.refetch()} /> : null}
        {users.data ? (
          <Table.ScrollContainer minWidth={760}>
            <Table striped data-testid="users-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('users.username')}</Table.Th>
                  <Table.Th>{t('users.displayName')}</Table.Th>
                  <Table.Th>{t('users.roles')}</Table.Th>
                  <Table.Th>{t('users.status')}</Table.Th>
                  {canManage ? <Table.Th w={60} /> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.length === 0 ? (
                  <Table.Tr>
                    <Table.Td colSpan={canManage ? 5 : 4}>
                      <Text size="sm" c="dimmed" ta="center" py="md">
                        {t('users.empty')}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ) : null}
                {rows.map((u) => (
                  <Table.Tr key={u.id} data-testid={`user-row-${u.username}`} opacity={u.active ? 1 : 0.6}>
                    <Table.Td ff="monospace">{u.username}</Table.Td>
                    <Table.Td fw={500}>{u.displayName}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {u.roles.length === 0 ? (
                          <Text size="xs" c="dimmed">
                            {t('users.noRoles')}
                          </Text>
                        ) : null}
                        {u.roles.map((r) => (
                          <Badge key={`${r.role}-${r.unitId ?? ''}`} variant="light" color={r.role === 'admin' ? 'red' : 'blue'}>
                            {t(`roles.${r.role}`)}
                            {r.unitName ? ` · ${r.unitName}` : ''}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge user={u} />
                    </Table.Td>
                    {canManage ? (
                      <Table.Td>
                        <Menu position="bottom-end" withinPortal>
                          <Menu.Target>
                            <ActionIcon variant="subtle" color="gray" aria-label={t('common.actions')} data-testid={`user-actions-${u.username}`}>
                              <IconDots size={16} />
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            <Menu.Item leftSection={<IconEdit size={14} />} onClick={() => setDialog({ type: 'form', user: u })} data-testid="user-edit">
                              {t('users.editRoles')}
                            </Menu.Item>
                            <Menu.Item
                              leftSection={<IconKey size={14} />}
                              onClick={() => setDialog({ type: 'password', user: u })}
                              data-testid="user-reset-password"
                            >
                              {t('users.resetPassword')}
                            </Menu.Item>
                            {isLocked(u) ? (
                              <Menu.Item leftSection={<IconLockOpen size={14} />} onClick={() => unlock.mutate(u)} data-testid="user-unlock">
                                {t('users.unlock')}
                              </Menu.Item>
                            ) : null}
                            <Menu.Item
                              color={u.active ? 'red' : 'green'}
                              leftSection={u.active ? <IconUserOff size={14} /> : <IconUserCheck size={14} />}
                              onClick={() => setDialog({ type: 'toggle', user: u })}
                              data-testid="user-toggle-active"
                            >
                              {u.active ? t('users.deactivate') : t('users.activate')}
                            </Menu.Item>
                          </Menu.Dropdown>
                        </Menu>
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
      </Paper>

      {can('token.create') ? <TokensSection /> : null}

      <Modal
        opened={dialog.type === 'form'}
        onClose={close}
        title={dialog.type === 'form' && dialog.user ? t('users.editTitle', { username: dialog.user.username }) : t('users.add')}
      >
        {dialog.type === 'form' ? <UserForm key={dialog.user?.id ?? 'new'} editing={dialog.user} units={units.data ?? []} onClose={close} /> : null}
      </Modal>
      <Modal
        opened={dialog.type === 'password'}
        onClose={close}
        size="md"
        title={dialog.type === 'password' ? t('users.resetPasswordTitle', { username: dialog.user.username }) : ''}
      >
        {dialog.type === 'password' ? <ResetPasswordForm user={dialog.user} onClose={close} /> : null}
      </Modal>
      <ConfirmModal
        opened={dialog.type === 'toggle'}
        title={dialog.type === 'toggle' ? (dialog.user.active ? t('users.deactivate') : t('users.activate')) : ''}
        message={
          dialog.type === 'toggle'
            ? dialog.user.active
              ? t('users.deactivateConfirm', { username: dialog.user.username })
              : t('users.activateConfirm', { username: dialog.user.username })
            : ''
        }
        color={dialog.type === 'toggle' && !dialog.user.active ? 'green' : 'red'}
        loading={toggleActive.isPending}
        error={toggleActive.error}
        onConfirm={() => dialog.type === 'toggle' && toggleActive.mutate(dialog.user)}
        onClose={() => {
          toggleActive.reset();
          close();
        }}
      />
    </Stack>
  );
}
