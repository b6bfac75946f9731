import { Badge } from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconPoint } from '@tabler/icons-react';
import { type KeyboardEvent, memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Unit, UnitKind } from '../../api/types';
import { compareUnits, KIND_COLOR } from './hooks';

interface TreeNode {
  unit: Unit;
  children: TreeNode[];
}

interface Tree {
  roots: TreeNode[];
  byId: Map<string, TreeNode>;
}

/** Build province → agencies/districts → communes from the flat list. Units whose parent is not in the list become roots. */
export function buildTree(units: readonly Unit[]): Tree {
  const byId = new Map<string, TreeNode>();
  for (const unit of units) byId.set(unit.id, { unit, children: [] });
  const roots: TreeNode[] = [];
  for (const node of byId.values()) {
    const parent = node.unit.parentId ? byId.get(node.unit.parentId) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const sortRec = (nodes: TreeNode[]) => {
    nodes.sort((a, b) => compareUnits(a.unit, b.unit));
    for (const n of nodes) if (n.children.length > 0) sortRec(n.children);
  };
  sortRec(roots);
  return { roots, byId };
}

interface VisibleRow {
  node: TreeNode;
  depth: number;
  expanded: boolean;
}

interface RowProps {
  row: VisibleRow;
  selected: boolean;
  focusable: boolean;
  onSelect: (unit: Unit) => void;
  onToggle: (id: string) => void;
  kindLabel: string;
}

const TreeRow = memo(function TreeRow({ row, selected, focusable, onSelect, onToggle, kindLabel }: RowProps) {
  const { unit, children } = row.node;
  const hasChildren = children.length > 0;
  return (
    // keyboard interaction is handled by the tree container (roving tabindex)
    // biome-ignore lint/a11y/useKeyWithClickEvents: see above
    <div
      className="unit-tree-row"
      role="treeitem"
      aria-level={row.depth + 1}
      aria-selected={selected}
      aria-expanded={hasChildren ? row.expanded : undefined}
      tabIndex={focusable ? 0 : -1}
      data-testid={`unit-node-${unit.code}`}
      data-unit-id={unit.id}
      data-selected={selected}
      style={{ paddingLeft: row.depth * 18 }}
      onClick={() => {
        onSelect(unit);
        if (hasChildren && !row.expanded) onToggle(unit.id);
      }}
    >
      {hasChildren ? (
        <button
          type="button"
          className="unit-tree-toggle"
          tabIndex={-1}
          aria-hidden
          data-testid={`unit-toggle-${unit.code}`}
          onClick={(e) => {
            e.stopPropagation();
            onToggle(unit.id);
          }}
        >
          {row.expanded ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
        </button>
      ) : (
        <span className="unit-tree-toggle" aria-hidden>
          <IconPoint size={10} />
        </span>
      )}
      <span className="unit-tree-name" title={unit.name}>
        {unit.name}
      </span>
      {hasChildren && !row.expanded ? (
        <Badge size="xs" variant="default" radius="xl">
          {children.length}
        </Badge>
      ) : null}
      <Badge size="xs" variant="light" color={KIND_COLOR[unit.kind]} visibleFrom="xs">
        {kindLabel}
      </Badge>
      <span className="unit-tree-code">{unit.code}</span>
    </div>
  );
});

interface Props {
  units: readonly Unit[];
  selectedId: string | null;
  onSelect: (unit: Unit) => void;
  /** Expand everything (e.g. while searching/filtering). */
  expandAll: boolean;
  /** Increment to collapse everything below the roots. */
  collapseSignal: number;
  /** Increment to expand all nodes. */
  expandSignal: number;
}

/**
 * Lightweight tree: nodes below the first level are collapsed by default, so ~600 units
 * render only a few dozen rows until the user expands a branch.
 */
export function UnitTree({ units, selectedId, onSelect, expandAll, collapseSignal, expandSignal }: Props) {
  const { t } = useTranslation();
  const tree = useMemo(() => buildTree(units), [units]);
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set());
  const seenRoots = useRef<Set<string>>(new Set());
  const containerRef = useRef<HTMLDivElement>(null);

  // roots are expanded the first time they appear
  useEffect(() => {
    const fresh = tree.roots.filter((r) => !seenRoots.current.has(r.unit.id));
    if (fresh.length === 0) return;
    for (const r of fresh) seenRoots.current.add(r.unit.id);
    setExpanded((prev) => {
      const next = new Set(prev);
      for (const r of fresh) next.add(r.unit.id);
      return next;
    });
  }, [tree]);

  // make sure the selected unit is visible: expand its ancestors
  useEffect(() => {
    if (!selectedId) return;
    const node = tree.byId.get(selectedId);
    if (!node) return;
    const ancestors: string[] = [];
    let parentId = node.unit.parentId;
    const guard = new Set<string>();
    while (parentId && !guard.has(parentId)) {
      guard.add(parentId);
      const parent = tree.byId.get(parentId);
      if (!parent) break;
      ancestors.push(parent.unit.id);
      parentId = parent.unit.parentId;
    }
    if (ancestors.length === 0) return;
    setExpanded((prev) => {
      if (ancestors.every((id) => prev.has(id))) return prev;
      const next = new Set(prev);
      for (const id of ancestors) next.add(id);
      return next;
    });
  }, [selectedId, tree]);

  // the tree is read through a ref so these only fire when the signal changes
  const treeRef = useRef(tree);
  treeRef.current = tree;
  useEffect(() => {
    if (collapseSignal === 0) return;
    setExpanded(new Set(treeRef.current.roots.map((r) => r.unit.id)));
  }, [collapseSignal]);

  useEffect(() => {
    if (expandSignal === 0) return;
    const all = [...treeRef.current.byId.values()].filter((n) => n.children.length > 0).map((n) => n.unit.id);
    setExpanded(new Set(all));
  }, [expandSignal]);

  const rows = useMemo(() => {
    const out: VisibleRow[] = [];
    const walk = (nodes: TreeNode[], depth: number) => {
      for (const node of nodes) {
        const isOpen = expandAll || expanded.has(node.unit.id);
        out.push({ node, depth, expanded: isOpen });
        if (isOpen && node.children.length > 0) walk(node.children, depth + 1);
      }
    };
    walk(tree.roots, 0);
    return out;
  }, [tree, expanded, expandAll]);

  // bring the selected row into view (e.g. after following a lineage link, or once its branch is expanded)
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run when the visible rows change
  useEffect(() => {
    if (!selectedId || !containerRef.current) return;
    const el = containerRef.current.querySelector<HTMLElement>(`[data-unit-id="${CSS.escape(selectedId)}"]`);
    el?.scrollIntoView({ block: 'nearest' });
  }, [selectedId, rows]);

  const onToggle = useCallback((id: string) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  const kindLabels = useMemo(
    () =>
      ({
        province: t('unitKind.province'),
        agency: t('unitKind.agency'),
        district: t('unitKind.district'),
        commune: t('unitKind.commune'),
      }) satisfies Record<UnitKind, string>,
    [t],
  );

  // keyboard navigation (roving tabindex)
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    const id = target.dataset.unitId;
    if (!id || !containerRef.current) return;
    const all = Array.from(containerRef.current.querySelectorAll<HTMLElement>('[role="treeitem"]'));
    const index = all.indexOf(target);
    const row = rows[index];
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      all[Math.min(all.length - 1, Math.max(0, index + (e.key === 'ArrowDown' ? 1 : -1)))]?.focus();
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      if (row) onSelect(row.node.unit);
    } else if (e.key === 'ArrowRight' && row && row.node.children.length > 0 && !row.expanded) {
      e.preventDefault();
      onToggle(id);
    } else if (e.key === 'ArrowLeft' && row && row.expanded && row.node.children.length > 0) {
      e.preventDefault();
      onToggle(id);
    }
  };

  const focusId = selectedId && rows.some((r) => r.node.unit.id === selectedId) ? selectedId : rows[0]?.node.unit.id;

  return (
    <div ref={containerRef} role="tree" aria-label={t('units.treeLabel')} data-testid="unit-tree" onKeyDown={onKeyDown}>
      {rows.map((row) => (
        <TreeRow
          key={row.node.unit.id}
          row={row}
          selected={row.node.unit.id === selectedId}
          focusable={row.node.unit.id === focusId}
          onSelect={onSelect}
          onToggle={onToggle}
          kindLabel={kindLabels[row.node.unit.kind]}
        />
      ))}
    </div>
  );
}
