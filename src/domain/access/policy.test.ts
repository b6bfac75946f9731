import { describe, expect, it } from 'vitest';
import { ACTIONS, type Action, type Actor, can, isGlobalRole, permissionsOf, ROLES, type Role, reachFor } from './policy.ts';

// Registry: province P ⊃ commune C1, commune C2; agency A under P.
const P = 'prov';
const C1 = 'c1';
const C2 = 'c2';
const pathOf: Record<string, string[]> = { [P]: [P], [C1]: [C1, P], [C2]: [C2, P] };

function actor(role: Role): Actor {
  return { userId: 'u', username: 'u', grants: [{ role, unitId: isGlobalRole(role) ? null : role === 'provincialLeader' ? P : C1 }] };
}

/**
 * The full matrix: for each role and action, whether it is allowed on the role's own unit (C1, or P for the
 * provincial leader) and on another unit (C2). 'all' = both, 'own' = own only, 'none' = neither.
 */
const expected: Record<Role, Record<Action, 'all' | 'own' | 'none'>> = {
  admin: {
    'unit.read': 'all',
    'unit.write': 'all',
    'unit.export': 'all',
    'user.read': 'all',
    'user.manage': 'all',
    'audit.read': 'all',
    'audit.verify': 'all',
    'calendar.read': 'all',
    'calendar.manage': 'all',
    'token.manageOwn': 'all',
    'par.framework.manage': 'all',
    'par.cycle.manage': 'all',
    'par.read': 'all',
    'par.selfScore': 'none',
    'par.submit': 'none',
    'par.appraise': 'none',
    'par.explain': 'none',
    'par.finalise': 'none',
    'par.publish': 'all',
    'serviceIndex.apology': 'all',
    'serviceIndex.read': 'all',
    'serviceIndex.manage': 'all',
    'survey.read': 'all',
    'survey.manage': 'all',
    'survey.collect': 'all',
    'plans.read': 'all',
    'plans.manage': 'all',
    'plans.report': 'none',
    'plans.monitor': 'all',
  },
  parOffice: {
    'unit.read': 'all',
    'unit.write': 'none',
    'unit.export': 'all',
    'user.read': 'all',
    'user.manage': 'none',
    'audit.read': 'none',
    'audit.verify': 'none',
    'calendar.read': 'all',
    'calendar.manage': 'all',
    'token.manageOwn': 'all',
    'par.framework.manage': 'all',
    'par.cycle.manage': 'all',
    'par.read': 'all',
    'par.selfScore': 'none',
    'par.submit': 'none',
    'par.appraise': 'none',
    'par.explain': 'none',
    'par.finalise': 'none',
    'par.publish': 'all',
    'serviceIndex.apology': 'all',
    'serviceIndex.read': 'all',
    'serviceIndex.manage': 'all',
    'survey.read': 'all',
    'survey.manage': 'all',
    'survey.collect': 'all',
    'plans.read': 'all',
    'plans.manage': 'all',
    'plans.report': 'none',
    'plans.monitor': 'all',
  },
  appraiser: {
    'unit.read': 'all',
    'unit.write': 'none',
    'unit.export': 'none',
    'user.read': 'none',
    'user.manage': 'none',
    'audit.read': 'none',
    'audit.verify': 'none',
    'calendar.read': 'all',
    'calendar.manage': 'none',
    'token.manageOwn': 'all',
    'par.framework.manage': 'none',
    'par.cycle.manage': 'none',
    'par.read': 'own',
    'par.selfScore': 'none',
    'par.submit': 'none',
    'par.appraise': 'own',
    'par.explain': 'none',
    'par.finalise': 'none',
    'par.publish': 'none',
    'serviceIndex.apology': 'none',
    'serviceIndex.read': 'all',
    'serviceIndex.manage': 'none',
    'survey.read': 'none',
    'survey.manage': 'none',
    'survey.collect': 'none',
    'plans.read': 'all',
    'plans.manage': 'none',
    'plans.report': 'none',
    'plans.monitor': 'none',
  },
  councilMember: {
    'unit.read': 'all',
    'unit.write': 'none',
    'unit.export': 'none',
    'user.read': 'none',
    'user.manage': 'none',
    'audit.read': 'none',
    'audit.verify': 'none',
    'calendar.read': 'all',
    'calendar.manage': 'none',
    'token.manageOwn': 'all',
    'par.framework.manage': 'none',
    'par.cycle.manage': 'none',
    'par.read': 'own',
    'par.selfScore': 'none',
    'par.submit': 'none',
    'par.appraise': 'none',
    'par.explain': 'none',
    'par.finalise': 'own',
    'par.publish': 'none',
    'serviceIndex.apology': 'none',
    'serviceIndex.read': 'all',
    'serviceIndex.manage': 'none',
    'survey.read': 'none',
    'survey.manage': 'none',
    'survey.collect': 'none',
    'plans.read': 'all',
    'plans.manage': 'none',
    'plans.report': 'none',
    'plans.monitor': 'none',
  },
  focalOfficer: {
    'unit.read': 'all',
    'unit.write': 'none',
    'unit.export': 'none',
    'user.read': 'none',
    'user.manage': 'none',
    'audit.read': 'none',
    'audit.verify': 'none',
    'calendar.read': 'all',
    'calendar.manage': 'none',
    'token.manageOwn': 'all',
    'par.framework.manage': 'none',
    'par.cycle.manage': 'none',
    'par.read': 'own',
    'par.selfScore': 'own',
    'par.submit': 'none',
    'par.appraise': 'none',
    'par.explain': 'own',
    'par.finalise': 'none',
    'par.publish': 'none',
    'serviceIndex.apology': 'own',
    'serviceIndex.read': 'own',
    'serviceIndex.manage': 'none',
    'survey.read': 'own',
    'survey.manage': 'none',
    'survey.collect': 'own',
    'plans.read': 'all',
    'plans.manage': 'none',
    'plans.report': 'own',
    'plans.monitor': 'none',
  },
  unitLeader: {
    'unit.read': 'all',
    'unit.write': 'none',
    'unit.export': 'none',
    'user.read': 'own',
    'user.manage': 'none',
    'audit.read': 'own',
    'audit.verify': 'none',
    'calendar.read': 'all',
    'calendar.manage': 'none',
    'token.manageOwn': 'all',
    'par.framework.manage': 'none',
    'par.cycle.manage': 'none',
    'par.read': 'own',
    'par.selfScore': 'own',
    'par.submit': 'own',
    'par.appraise': 'none',
    'par.explain': 'own',
    'par.finalise': 'none',
    'par.publish': 'none',
    'serviceIndex.apology': 'own',
    'serviceIndex.read': 'own',
    'serviceIndex.manage': 'none',
    'survey.read': 'own',
    'survey.manage': 'none',
    'survey.collect': 'none',
    'plans.read': 'all',
    'plans.manage': 'none',
    'plans.report': 'own',
    'plans.monitor': 'own',
  },
  // scoped to the province, so "own" covers every unit in it
  provincialLeader: {
    'unit.read': 'all',
    'unit.write': 'none',
    'unit.export': 'all',
    'user.read': 'none',
    'user.manage': 'none',
    'audit.read': 'all',
    'audit.verify': 'none',
    'calendar.read': 'all',
    'calendar.manage': 'none',
    'token.manageOwn': 'all',
    'par.framework.manage': 'none',
    'par.cycle.manage': 'none',
    'par.read': 'all',
    'par.selfScore': 'none',
    'par.submit': 'none',
    'par.appraise': 'none',
    'par.explain': 'none',
    'par.finalise': 'none',
    'par.publish': 'none',
    'serviceIndex.apology': 'none',
    'serviceIndex.read': 'all',
    'serviceIndex.manage': 'none',
    'survey.read': 'all',
    'survey.manage': 'none',
    'survey.collect': 'none',
    'plans.read': 'all',
    'plans.manage': 'none',
    'plans.report': 'none',
    'plans.monitor': 'all',
  },
};

describe('policy matrix: role × action × own unit / other unit', () => {
  for (const role of ROLES) {
    for (const action of ACTIONS) {
      it(`${role} ${action}`, () => {
        const a = actor(role);
        const own = role === 'provincialLeader' ? C1 : C1;
        const other = C2;
        const onOwn = can(a, action, { unitPath: pathOf[own] });
        const onOther = can(a, action, { unitPath: pathOf[other] });
        const got = onOwn && onOther ? 'all' : onOwn ? 'own' : onOther ? 'other-only' : 'none';
        expect(got).toBe(expected[role][action]);
      });
    }
  }

  it('a unit-scoped leader of C1 does not reach the province itself', () => {
    expect(can(actor('unitLeader'), 'audit.read', { unitPath: pathOf[P] })).toBe(false);
  });

  it('reachFor gives scope roots for scoped grants and "all" for global ones', () => {
    expect(reachFor(actor('unitLeader'), 'audit.read')).toEqual([C1]);
    expect(reachFor(actor('admin'), 'audit.read')).toBe('all');
    expect(reachFor(actor('focalOfficer'), 'audit.read')).toEqual([]);
  });

  it('permissions list what the actor holds somewhere', () => {
    expect(permissionsOf(actor('focalOfficer'))).toEqual([
      'unit.read',
      'calendar.read',
      'token.manageOwn',
      'par.read',
      'par.selfScore',
      'par.explain',
      'serviceIndex.apology',
      'serviceIndex.read',
      'survey.read',
      'survey.collect',
      'plans.read',
      'plans.report',
    ]);
    expect(permissionsOf(actor('admin'))).toEqual(
      ACTIONS.filter((a) => !['par.selfScore', 'par.submit', 'par.appraise', 'par.explain', 'par.finalise', 'plans.report'].includes(a)),
    );
  });

  it('an actor with no grants can do nothing', () => {
    const none: Actor = { userId: 'x', username: 'x', grants: [] };
    expect(ACTIONS.some((a) => can(none, a))).toBe(false);
  });
});
