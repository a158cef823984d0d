import { PERMISSIONS } from '../../../auth/permissions';
import { ApiFailure } from '../../api-errors';
import { ROLES, abilities, assignableRoles, forbiddenMessage, mayChange } from './access';

describe('what a role may do on the organization page', () => {
  it('follows the API’s permissions table, role by role', () => {
    for (const role of ROLES) {
      const can = abilities(role);
      const api = (permission: keyof typeof PERMISSIONS) =>
        (PERMISSIONS[permission] as readonly string[]).includes(role);
      expect([role, can.manageMembers, can.manageKeys, can.readBilling, can.manageBilling]).toEqual([
        role,
        api('members:write'),
        api('api_keys:manage'),
        api('billing:read'),
        api('billing:manage'),
      ]);
    }
  });

  it('lets only owners make, change or remove owners', () => {
    expect(assignableRoles('owner')).toEqual(['owner', 'admin', 'analyst', 'viewer']);
    expect(assignableRoles('admin')).toEqual(['admin', 'analyst', 'viewer']);
    expect(mayChange('owner', 'owner')).toBe(true);
    expect(mayChange('admin', 'owner')).toBe(false);
    expect(mayChange('admin', 'analyst')).toBe(true);
    expect(mayChange('viewer', 'viewer')).toBe(false);
  });

  it('says a 403 is the role’s limit, with the API’s reason; other failures are not its business', () => {
    const refused = new ApiFailure(403, 'FORBIDDEN', 'only an owner makes or changes owners');
    expect(forbiddenMessage(refused)).toBe(
      'Your role does not allow this. Only an owner makes or changes owners.',
    );
    expect(forbiddenMessage(new ApiFailure(409, 'CONFLICT', 'x'))).toBeUndefined();
    expect(forbiddenMessage(new Error('network'))).toBeUndefined();
  });
});
