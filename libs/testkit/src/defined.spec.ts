import { defined } from './defined';

describe('defined', () => {
  it('returns a present value, falsy ones included', () => {
    expect(defined(0, 'zero')).toBe(0);
    expect(defined('', 'empty string')).toBe('');
    expect(defined(false, 'false')).toBe(false);
    const list = [1, 2];
    expect(defined(list[1], 'second item')).toBe(2);
  });

  it('throws naming the missing value', () => {
    const list: number[] = [];
    expect(() => defined(list[0], 'first item')).toThrow('expected first item to be defined, got undefined');
    expect(() => defined(null, 'the reply')).toThrow('expected the reply to be defined, got null');
  });
});
