import { passageExamples } from './passage-examples';

describe('passageExamples', () => {
  it('packs whole sentences into short windows, each led by the title and the heading', () => {
    const text = '主刷每周清理缠绕的毛发。边刷每月检查一次。滤网每 3 个月更换一次，尘袋满了基站会提醒。\n拖布每次使用后清洗晾干。';
    const examples = passageExamples({ title: '扫地机器人 R3 使用指南', headingPath: ['扫地机器人 R3 使用指南', '日常维护'], text }, 24);
    expect(examples).toEqual([
      '扫地机器人 R3 使用指南 日常维护 主刷每周清理缠绕的毛发。 边刷每月检查一次。',
      '扫地机器人 R3 使用指南 日常维护 滤网每 3 个月更换一次，尘袋满了基站会提醒。',
      '扫地机器人 R3 使用指南 日常维护 拖布每次使用后清洗晾干。',
    ]);
  });

  it('keeps a sentence longer than the window whole, and the title once when the heading repeats it', () => {
    const sentence = 'Replace the filter every 6–12 months, or after roughly 2,000 hours of use, whichever comes first.';
    expect(passageExamples({ title: 'Air Purifier P2', headingPath: ['Air Purifier P2'], text: sentence }, 40)).toEqual([`Air Purifier P2 ${sentence}`]);
  });

  it('gives nothing for an empty passage', () => {
    expect(passageExamples({ title: 'Guide', headingPath: [], text: '  \n ' })).toEqual([]);
  });
});
