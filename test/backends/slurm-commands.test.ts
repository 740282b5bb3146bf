import { describe, expect, it } from 'vitest';
import { parseScontrol } from '../../src/backends/slurm-commands.js';

// scontrol's one-line records as Slurm 22.05 prints them (copied from the one-node cluster): an
// array whose pending tasks were cancelled together stays one record naming a range of tasks.
const TEXT = [
  'JobId=43 JobName=simorg-a UserId=root(0) JobState=FAILED Reason=BadConstraints Dependency=(null)',
  'JobId=15 ArrayJobId=14 ArrayTaskId=0 ArrayTaskThrottle=2 JobName=simorg-m JobState=COMPLETED Reason=None',
  'JobId=23 ArrayJobId=23 ArrayTaskId=0-999 JobName=simorg-t JobState=CANCELLED Reason=JobHeldUser',
  'JobId=50 ArrayJobId=50 ArrayTaskId=1,4-5%2 JobName=simorg-t JobState=TIMEOUT Reason=None',
  'JobId=13 ArrayJobId=13 ArrayTaskId=4294967294 JobName=x JobState=CANCELLED Reason=None',
].join('\n');

describe('parseScontrol', () => {
  const jobs = parseScontrol(TEXT);
  it('names a plain job by its id and an array task as <array>_<task>', () => {
    expect(jobs.get('43')).toEqual({ state: 'FAILED', reason: 'BadConstraints' });
    expect(jobs.get('14_0')).toEqual({ state: 'COMPLETED', reason: 'None' });
    expect(jobs.has('15')).toBe(false);
  });
  it('expands a record of many tasks (ranges, lists, a throttle) into each task', () => {
    expect(jobs.get('23_0')?.state).toBe('CANCELLED');
    expect(jobs.get('23_999')?.reason).toBe('JobHeldUser');
    expect(jobs.has('23_1000')).toBe(false);
    expect(['50_1', '50_4', '50_5'].map((k) => jobs.get(k)?.state)).toEqual([
      'TIMEOUT',
      'TIMEOUT',
      'TIMEOUT',
    ]);
    expect(jobs.has('50_2')).toBe(false);
  });
});
