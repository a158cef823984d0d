import { balanceTasks } from './task-assignor';

const tasks = ['0_0', '0_1', '0_2', '0_3', '0_4', '0_5'];

describe('balanceTasks', () => {
  it('spreads tasks evenly over new members', () => {
    const plan = balanceTasks(tasks, [
      { memberId: 'b', previous: [] },
      { memberId: 'a', previous: [] },
    ]);
    expect(plan.get('a')!.length).toBe(3);
    expect(plan.get('b')!.length).toBe(3);
    expect(new Set([...plan.get('a')!, ...plan.get('b')!])).toEqual(new Set(tasks));
  });

  it('keeps tasks where they were when a member joins, moving only what balance needs', () => {
    const plan = balanceTasks(tasks, [
      { memberId: 'a', previous: ['0_0', '0_1', '0_2'] },
      { memberId: 'b', previous: ['0_3', '0_4', '0_5'] },
      { memberId: 'c', previous: [] },
    ]);
    expect(plan.get('a')).toEqual(['0_0', '0_1']);
    expect(plan.get('b')).toEqual(['0_3', '0_4']);
    expect(plan.get('c')).toEqual(['0_2', '0_5']);
  });

  it('never gives one task to two members, even when both claim it', () => {
    const plan = balanceTasks(tasks, [
      { memberId: 'a', previous: ['0_0', '0_1'] },
      { memberId: 'b', previous: ['0_0', '0_9'] },
    ]);
    const all = [...plan.values()].flat();
    expect(all.sort()).toEqual([...tasks].sort());
    expect(plan.get('a')).toContain('0_0');
    expect(plan.get('b')).not.toContain('0_9');
  });

  it('keeps every member within one task of the others after stickiness', () => {
    const plan = balanceTasks(tasks, [
      { memberId: 'a', previous: tasks },
      { memberId: 'b', previous: [] },
      { memberId: 'c', previous: [] },
    ]);
    expect([...plan.values()].map((t) => t.length)).toEqual([2, 2, 2]);
  });
});
