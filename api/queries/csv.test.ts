import { toCsv } from './csv';

describe('CSV', () => {
  it('quotes what needs quoting and defuses spreadsheet formulas', () => {
    const csv = toCsv(
      ['id', 'text', 'count'],
      [
        ['1', 'plain', 3],
        ['2', 'a "quoted", line\nbreak', null],
        ['3', '=HYPERLINK("http://evil")', 0],
        ['4', '-1+2', -1],
      ],
    );
    expect(csv).toBe(
      'id,text,count\r\n1,plain,3\r\n2,"a ""quoted"", line\nbreak",\r\n3,"\'=HYPERLINK(""http://evil"")",0\r\n4,\'-1+2,-1\r\n',
    );
  });
});
