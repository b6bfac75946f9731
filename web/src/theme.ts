import { Badge, Button, createTheme, Modal, Paper, Table } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 6 },
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
  headings: {
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
    fontWeight: '600',
  },
  components: {
    Table: Table.extend({
      defaultProps: { verticalSpacing: 6, horizontalSpacing: 'sm', fz: 'sm', highlightOnHover: true },
    }),
    Badge: Badge.extend({ defaultProps: { radius: 'sm', tt: 'none' } }),
    Button: Button.extend({ defaultProps: { size: 'sm' } }),
    Modal: Modal.extend({ defaultProps: { centered: true, size: 'lg' } }),
    Paper: Paper.extend({ defaultProps: { withBorder: true, radius: 'md' } }),
  },
});
