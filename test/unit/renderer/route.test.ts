// Hash routes the desktop opens the window on ('#/problems/conflicts' from a conflict notification).
import { describe, expect, it } from 'vitest';
import { parseRoute } from '../../../src-renderer/lib/route.js';

const screens = ['dashboard', 'catalog', 'problems'];

describe('parseRoute', () => {
  it('reads the screen and the section', () => {
    expect(parseRoute('#/problems/conflicts', screens)).toEqual({ screen: 'problems', section: 'conflicts' });
    expect(parseRoute('#/problems', screens)).toEqual({ screen: 'problems', section: null });
    expect(parseRoute('#problems', screens)).toEqual({ screen: 'problems', section: null });
  });
  it('ignores no hash, the start route and unknown screens', () => {
    expect(parseRoute('', screens)).toBeNull();
    expect(parseRoute('#/', screens)).toBeNull();
    expect(parseRoute('#/runs', screens)).toBeNull();
  });
});
