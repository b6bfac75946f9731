/**
 * Who may do what on which unit's resource. One table for the whole product: every use case asks `can()`.
 *
 * A role grant is either province-wide (admin, PAR office) or scoped to one unit; a scoped grant covers the unit
 * and every unit under it in the registry tree (a provincial leader scoped to the province reads everything).
 */
export const ROLES = ['admin', 'parOffice', 'appraiser', 'councilMember', 'focalOfficer', 'unitLeader', 'provincialLeader'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that are never tied to a unit. */
export const GLOBAL_ROLES: readonly Role[] = ['admin', 'parOffice'];
export const isGlobalRole = (r: Role) => GLOBAL_ROLES.includes(r);

export interface RoleGrant {
  role: Role;
  /** null only for global roles */
  unitId: string | null;
}

export interface Actor {
  userId: string;
  username: string;
  grants: RoleGrant[];
}

export const ACTIONS = [
  'unit.read',
  'unit.write',
  'unit.export',
  'user.read',
  'user.manage',
  'audit.read',
  'audit.verify',
  'calendar.read',
  'calendar.manage',
  'token.manageOwn',
  'par.framework.manage',
  'par.cycle.manage',
  'par.read',
  'par.selfScore',
  'par.submit',
  'par.appraise',
  'par.explain',
  'par.finalise',
  'par.publish',
  'serviceIndex.apology',
  'serviceIndex.read',
  'serviceIndex.manage',
  'survey.read',
  'survey.manage',
  'survey.collect',
  'plans.read',
  'plans.manage',
  'plans.report',
  'plans.monitor',
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * How a role reaches an action:
 * - 'all': anywhere in the province;
 * - 'scope': only on resources of the units in its scope (the granted unit and its descendants);
 * - absent: never.
 */
type Reach = 'all' | 'scope';
const RULES: Record<Action, Partial<Record<Role, Reach>>> = {
  // The unit registry is reference data every signed-in user reads; only the admin edits it.
  'unit.read': { admin: 'all', parOffice: 'all', appraiser: 'all', councilMember: 'all', focalOfficer: 'all', unitLeader: 'all', provincialLeader: 'all' },
  'unit.write': { admin: 'all' },
  'unit.export': { admin: 'all', parOffice: 'all', provincialLeader: 'all' },
  // A unit leader sees who works for their unit; user accounts are managed by the admin.
  'user.read': { admin: 'all', parOffice: 'all', unitLeader: 'scope' },
  'user.manage': { admin: 'all' },
  // The audit trail of a unit's data is visible to its leader and to read-all leaders.
  'audit.read': { admin: 'all', provincialLeader: 'scope', unitLeader: 'scope' },
  'audit.verify': { admin: 'all' },
  'calendar.read': { admin: 'all', parOffice: 'all', appraiser: 'all', councilMember: 'all', focalOfficer: 'all', unitLeader: 'all', provincialLeader: 'all' },
  'calendar.manage': { admin: 'all', parOffice: 'all' },
  'token.manageOwn': {
    admin: 'all',
    parOffice: 'all',
    appraiser: 'all',
    councilMember: 'all',
    focalOfficer: 'all',
    unitLeader: 'all',
    provincialLeader: 'all',
  },
  // PAR Index (methodology §1.3, §1.5): the PAR office runs the cycle; units self-score their own assessment and
  // their leader submits it; appraisers (further limited to their assignments) appraise; the council finalises.
  'par.framework.manage': { admin: 'all', parOffice: 'all' },
  'par.cycle.manage': { admin: 'all', parOffice: 'all' },
  'par.read': {
    admin: 'all',
    parOffice: 'all',
    appraiser: 'scope',
    councilMember: 'scope',
    focalOfficer: 'scope',
    unitLeader: 'scope',
    provincialLeader: 'scope',
  },
  'par.selfScore': { focalOfficer: 'scope', unitLeader: 'scope' },
  'par.submit': { unitLeader: 'scope' },
  'par.appraise': { appraiser: 'scope' },
  'par.explain': { focalOfficer: 'scope', unitLeader: 'scope' },
  'par.finalise': { councilMember: 'scope' },
  'par.publish': { admin: 'all', parOffice: 'all' },
  // The apology letter for a late dossier (form 04 of TT 03/2025/TT-VPCP) is the receiving unit's own act.
  'serviceIndex.apology': { admin: 'all', parOffice: 'all', focalOfficer: 'scope', unitLeader: 'scope' },
  // Decision 766 service index (methodology §3): read and simulate scores. Unit staff reach their own units only.
  'serviceIndex.read': {
    admin: 'all',
    parOffice: 'all',
    appraiser: 'all',
    councilMember: 'all',
    focalOfficer: 'scope',
    unitLeader: 'scope',
    provincialLeader: 'all',
  },
  // The procedure catalogue (danh mục TTHC) is province-wide reference data: the PAR office and the admin maintain it.
  'serviceIndex.manage': { admin: 'all', parOffice: 'all' },
  // Surveys (SIPAS, PAR sociological survey; methodology §1.3, §2): the PAR office plans them, draws the sample, sees
  // respondents' contacts and excludes responses; a unit's focal officer collects at the desk (kiosk, paper forms,
  // offline entry) for their own units; leaders read the indices of theirs.
  'survey.read': { admin: 'all', parOffice: 'all', provincialLeader: 'all', unitLeader: 'scope', focalOfficer: 'scope' },
  'survey.manage': { admin: 'all', parOffice: 'all' },
  'survey.collect': { admin: 'all', parOffice: 'all', focalOfficer: 'scope' },
  // Plans (kế hoạch), campaigns and inspections: plan documents are read by everyone; the PAR office registers plans
  // and runs campaigns and inspections; a unit's focal officer and leader report on their unit's tasks; the overdue
  // board and dashboards are for the PAR office, leaders of the province and unit leaders (their own units).
  'plans.read': { admin: 'all', parOffice: 'all', appraiser: 'all', councilMember: 'all', focalOfficer: 'all', unitLeader: 'all', provincialLeader: 'all' },
  'plans.manage': { admin: 'all', parOffice: 'all' },
  'plans.report': { focalOfficer: 'scope', unitLeader: 'scope' },
  'plans.monitor': { admin: 'all', parOffice: 'all', provincialLeader: 'scope', unitLeader: 'scope' },
};

/**
 * May `actor` do `action`?
 * - Without `target`: does the actor hold the action anywhere (used for menus and list endpoints).
 * - With `target.unitPath`: the resource belongs to a unit; `unitPath` lists that unit and its ancestors
 *   (nearest first). A scoped grant matches when its unit is on that path.
 */
export function can(actor: Actor, action: Action, target?: { unitPath: readonly string[] }): boolean {
  const rule = RULES[action];
  for (const g of actor.grants) {
    const reach = rule[g.role];
    if (!reach) continue;
    if (reach === 'all' || !target) return true;
    if (g.unitId !== null && target.unitPath.includes(g.unitId)) return true;
  }
  return false;
}

/** Units an actor can reach for a scoped action: 'all' or the set of scope roots. */
export function reachFor(actor: Actor, action: Action): 'all' | string[] {
  const rule = RULES[action];
  const roots: string[] = [];
  for (const g of actor.grants) {
    const reach = rule[g.role];
    if (reach === 'all') return 'all';
    if (reach === 'scope' && g.unitId) roots.push(g.unitId);
  }
  return roots;
}

/** Every action the actor holds somewhere; the web client uses it to show or hide commands. */
export function permissionsOf(actor: Actor): Action[] {
  return ACTIONS.filter((a) => can(actor, a));
}
