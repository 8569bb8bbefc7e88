import { NUMERIC_ALIASES, NUMERIC_NAMES, NUMERICS } from './numeric-names';
import * as numerics from './numerics';

describe('numerics', () => {
  const entries = Object.entries(NUMERICS);

  it('exports only RPL_/ERR_ constants', () => {
    for (const name of Object.keys(numerics)) expect(name).toMatch(/^(RPL|ERR)_[A-Z0-9_]+$/);
    expect(entries.length).toBe(Object.keys(numerics).length);
  });

  it('every value is three digits', () => {
    for (const [name, code] of entries) expect([name, code]).toEqual([name, expect.stringMatching(/^\d{3}$/)]);
  });

  it('has no duplicate codes among the names that are not aliases', () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const [name, code] of entries) {
      if (NUMERIC_ALIASES.has(name)) continue;
      const other = seen.get(code);
      if (other) duplicates.push(`${code}: ${other} and ${name}`);
      seen.set(code, name);
    }
    expect(duplicates).toEqual([]);
  });

  it('lists as an alias only a name whose code has a preferred name', () => {
    for (const alias of NUMERIC_ALIASES) {
      const code = NUMERICS[alias];
      if (code === undefined) throw new Error(`alias ${alias} has no code`);
      expect(NUMERIC_NAMES[code]).not.toBe(alias);
      expect(NUMERIC_NAMES[code]).toMatch(/^(RPL|ERR)_/);
    }
  });

  it.each<[string, string]>([
    ['001', 'RPL_WELCOME'],
    ['005', 'RPL_ISUPPORT'],
    ['010', 'RPL_BOUNCE'],
    ['221', 'RPL_UMODEIS'],
    ['353', 'RPL_NAMREPLY'],
    ['417', 'ERR_INPUTTOOLONG'],
    ['421', 'ERR_UNKNOWNCOMMAND'],
    ['433', 'ERR_NICKNAMEINUSE'],
    ['462', 'ERR_ALREADYREGISTERED'],
    ['477', 'ERR_NOCHANMODES'],
    ['482', 'ERR_CHANOPRIVSNEEDED'],
    ['908', 'RPL_SASLMECHS'],
  ])('names %s %s', (code, name) => {
    expect(NUMERIC_NAMES[code]).toBe(name);
  });

  it.each<[string]>([
    ['001'],
    ['002'],
    ['003'],
    ['004'],
    ['005'],
    ['010'],
    ['211'],
    ['212'],
    ['213'],
    ['214'],
    ['215'],
    ['216'],
    ['217'],
    ['218'],
    ['219'],
    ['221'],
    ['242'],
    ['243'],
    ['251'],
    ['252'],
    ['253'],
    ['254'],
    ['255'],
    ['256'],
    ['257'],
    ['258'],
    ['259'],
    ['263'],
    ['265'],
    ['266'],
    ['276'],
    ['301'],
    ['302'],
    ['303'],
    ['304'],
    ['305'],
    ['306'],
    ['311'],
    ['312'],
    ['313'],
    ['314'],
    ['315'],
    ['316'],
    ['317'],
    ['318'],
    ['319'],
    ['320'],
    ['321'],
    ['322'],
    ['323'],
    ['324'],
    ['329'],
    ['330'],
    ['331'],
    ['332'],
    ['333'],
    ['338'],
    ['341'],
    ['346'],
    ['347'],
    ['348'],
    ['349'],
    ['351'],
    ['352'],
    ['353'],
    ['364'],
    ['365'],
    ['366'],
    ['367'],
    ['368'],
    ['369'],
    ['371'],
    ['372'],
    ['373'],
    ['374'],
    ['375'],
    ['376'],
    ['378'],
    ['379'],
    ['381'],
    ['382'],
    ['391'],
    ['400'],
    ['401'],
    ['402'],
    ['403'],
    ['404'],
    ['405'],
    ['406'],
    ['407'],
    ['408'],
    ['409'],
    ['410'],
    ['411'],
    ['412'],
    ['413'],
    ['414'],
    ['415'],
    ['416'],
    ['417'],
    ['421'],
    ['422'],
    ['423'],
    ['424'],
    ['431'],
    ['432'],
    ['433'],
    ['436'],
    ['437'],
    ['441'],
    ['442'],
    ['443'],
    ['451'],
    ['461'],
    ['462'],
    ['463'],
    ['464'],
    ['465'],
    ['466'],
    ['467'],
    ['471'],
    ['472'],
    ['473'],
    ['474'],
    ['475'],
    ['476'],
    ['477'],
    ['478'],
    ['481'],
    ['482'],
    ['483'],
    ['484'],
    ['485'],
    ['491'],
    ['501'],
    ['502'],
    ['524'],
    ['525'],
    ['670'],
    ['691'],
    ['696'],
    ['704'],
    ['705'],
    ['706'],
    ['710'],
    ['711'],
    ['712'],
    ['713'],
    ['714'],
    ['715'],
    ['716'],
    ['723'],
    ['730'],
    ['731'],
    ['732'],
    ['733'],
    ['734'],
    ['900'],
    ['901'],
    ['902'],
    ['903'],
    ['904'],
    ['905'],
    ['906'],
    ['907'],
    ['908'],
  ])('has a name for %s', (code) => {
    expect(NUMERIC_NAMES[code]).toMatch(/^(RPL|ERR)_/);
  });

  it('keeps the typed constants usable as literal types', () => {
    const code: '001' = numerics.RPL_WELCOME;
    expect(code).toBe('001');
  });
});
