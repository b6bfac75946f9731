import { Box, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconChevronDown, IconChevronRight, IconCircle, IconCircleCheckFilled, IconFlag, IconPaperclip } from '@tabler/icons-react';
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fmt2, fmtInt, type TreeNode } from './shared';

export interface LeafFlags {
  scored: boolean;
  evidence: number;
  evidenceMissing: boolean;
  differs: boolean;
  disputed: boolean;
}

interface Props {
  tree: readonly TreeNode[];
  /** Running sums in hundredths per node code. */
  sums: ReadonlyMap<string, number | null>;
  flags: (code: string) => LeafFlags;
  selected: string | null;
  onSelect: (code: string) => void;
  /** Only these leaves are shown (filters); null = all. */
  visibleLeaves: ReadonlySet<string> | null;
}

interface Row {
  t: TreeNode;
  hasChildren: boolean;
}

function visibleRows(tree: readonly TreeNode[], collapsed: ReadonlySet<string>, visibleLeaves: ReadonlySet<string> | null): Row[] {
  const out: Row[] = [];
  const keep = (t: TreeNode): boolean => (t.isLeaf ? !visibleLeaves || visibleLeaves.has(t.node.code) : t.children.some(keep));
  const walk = (t: TreeNode) => {
    if (!keep(t)) return;
    out.push({ t, hasChildren: !t.isLeaf });
    if (!t.isLeaf && !collapsed.has(t.node.code)) t.children.forEach(walk);
  };
  tree.forEach(walk);
  return out;
}

function fmtSum(h: number | null | undefined): string {
  return h === null || h === undefined ? '—' : fmt2(h / 100);
}

/** The criteria tree (areas → criteria → leaves) with the running score of every node. Keyboard: ↑ ↓ ← → Home End. */
export function CriteriaTree({ tree, sums, flags, selected, onSelect, visibleLeaves }: Props) {
  const { t } = useTranslation();
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [focused, setFocused] = useState<string | null>(selected);
  const container = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => visibleRows(tree, collapsed, visibleLeaves), [tree, collapsed, visibleLeaves]);

  // keep the selected leaf visible: expand its ancestors and scroll it into view
  useEffect(() => {
    if (!selected) return;
    setFocused(selected);
    const el = container.current?.querySelector<HTMLElement>(`[data-code="${CSS.escape(selected)}"]`);
    el?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const toggle = (code: string, open?: boolean) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      const isOpen = !next.has(code);
      if (open === undefined ? isOpen : !open) next.add(code);
      else next.delete(code);
      return next;
    });

  const focusRow = (code: string) => {
    setFocused(code);
    container.current?.querySelector<HTMLElement>(`[data-code="${CSS.escape(code)}"]`)?.focus();
  };

  const onKeyDown = (e: KeyboardEvent, row: Row, i: number) => {
    const code = row.t.node.code;
    switch (e.key) {
      case 'ArrowDown':
        if (i < rows.length - 1) focusRow(rows[i + 1].t.node.code);
        break;
      case 'ArrowUp':
        if (i > 0) focusRow(rows[i - 1].t.node.code);
        break;
      case 'Home':
        focusRow(rows[0].t.node.code);
        break;
      case 'End':
        focusRow(rows[rows.length - 1].t.node.code);
        break;
      case 'ArrowRight':
        if (row.hasChildren) {
          if (collapsed.has(code)) toggle(code, true);
          else if (rows[i + 1]) focusRow(rows[i + 1].t.node.code);
        }
        break;
      case 'ArrowLeft':
        if (row.hasChildren && !collapsed.has(code)) toggle(code, false);
        else if (row.t.node.parentCode) focusRow(row.t.node.parentCode);
        break;
      case 'Enter':
      case ' ':
        if (row.hasChildren) toggle(code);
        else onSelect(code);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const tabStop = focused && rows.some((r) => r.t.node.code === focused) ? focused : (rows[0]?.t.node.code ?? null);

  return (
    <div ref={container} role="tree" aria-label={t('par.tree.label')} className="par-tree" data-testid="criteria-tree">
      {rows.map((row, i) => {
        const n = row.t.node;
        const isSel = n.code === selected;
        const f = row.t.isLeaf ? flags(n.code) : null;
        const sum = sums.get(n.code);
        const special = n.kind !== 'normal';
        return (
          <div
            key={n.code}
            role="treeitem"
            aria-level={row.t.depth}
            aria-selected={isSel}
            aria-expanded={row.hasChildren ? !collapsed.has(n.code) : undefined}
            tabIndex={n.code === tabStop ? 0 : -1}
            data-code={n.code}
            data-selected={isSel}
            data-depth={row.t.depth}
            data-testid={row.t.isLeaf ? `leaf-${n.code}` : `node-${n.code}`}
            className="par-tree-row"
            style={{ paddingLeft: 4 + (row.t.depth - 1) * 14 }}
            onClick={() => (row.hasChildren ? toggle(n.code) : onSelect(n.code))}
            onKeyDown={(e) => onKeyDown(e, row, i)}
            onFocus={() => setFocused(n.code)}
          >
            <span className="par-tree-icon">
              {row.hasChildren ? (
                collapsed.has(n.code) ? (
                  <IconChevronRight size={14} />
                ) : (
                  <IconChevronDown size={14} />
                )
              ) : f?.scored ? (
                <IconCircleCheckFilled size={14} color="var(--mantine-color-green-7)" aria-label={t('par.tree.scored')} />
              ) : (
                <IconCircle size={14} color="var(--mantine-color-gray-5)" aria-label={t('par.tree.notScored')} />
              )}
            </span>
            <span className="par-tree-code">{n.code}</span>
            <Text span className="par-tree-title" fw={row.t.depth === 1 ? 600 : 400} title={n.title}>
              {n.title}
            </Text>
            {f ? (
              <span className="par-tree-flags">
                {f.disputed ? (
                  <Tooltip label={t('par.tree.disputed')}>
                    <IconFlag size={13} color="var(--mantine-color-grape-7)" aria-label={t('par.tree.disputed')} />
                  </Tooltip>
                ) : null}
                {f.differs ? (
                  <Tooltip label={t('par.tree.differs')}>
                    <IconAlertTriangle size={13} color="var(--mantine-color-orange-7)" aria-label={t('par.tree.differs')} />
                  </Tooltip>
                ) : null}
                {f.evidence > 0 ? (
                  <Tooltip label={t('par.tree.evidenceCount', { n: fmtInt(f.evidence) })}>
                    <span className="par-tree-clip">
                      <IconPaperclip size={12} />
                      {f.evidence}
                    </span>
                  </Tooltip>
                ) : f.evidenceMissing ? (
                  <Tooltip label={t('par.tree.evidenceMissing')}>
                    <IconPaperclip size={13} color="var(--mantine-color-red-6)" aria-label={t('par.tree.evidenceMissing')} />
                  </Tooltip>
                ) : null}
              </span>
            ) : null}
            <Box component="span" className="par-tree-score" c={special ? (n.kind === 'bonus' ? 'green.8' : 'red.8') : undefined}>
              {fmtSum(sum)}
              <Text span c="dimmed" size="xs">
                {special ? '' : `/${fmt2(n.maxPoints)}`}
              </Text>
            </Box>
          </div>
        );
      })}
    </div>
  );
}
