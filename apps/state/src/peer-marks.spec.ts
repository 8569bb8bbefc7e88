import { PeerMarks } from './peer-marks';

describe('PeerMarks', () => {
  it('reads a mark back for the instance that set it only', () => {
    const marks = new PeerMarks();
    marks.set('gw:a', 'i1', 5);
    expect(marks.get('gw:a', 'i1')).toBe(5);
    expect(marks.get('gw:a', 'i2')).toBeUndefined();
    expect(marks.get('gw:b', 'i1')).toBeUndefined();
  });

  it('keeps one entry per peer however often its instance changes', () => {
    const marks = new PeerMarks();
    for (let i = 0; i < 100; i++) marks.set('gw:a', `i${i}`, i);
    marks.set('portal', 'p1', 1);
    expect(marks.size).toBe(2);
    expect(marks.get('gw:a', 'i99')).toBe(99);
    expect(marks.get('gw:a', 'i98')).toBeUndefined();
  });

  it('forgets a peer', () => {
    const marks = new PeerMarks();
    marks.set('gw:a', 'i1', 5);
    marks.forget('gw:a');
    expect(marks.get('gw:a', 'i1')).toBeUndefined();
    expect(marks.size).toBe(0);
  });
});
