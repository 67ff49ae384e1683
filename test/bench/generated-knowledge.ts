import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SAMPLE_KNOWLEDGE } from '../support/test-config';

/**
 * A large synthetic knowledge folder for benchmarks: realistic sizes and a zh/en vocabulary mix, generated
 * deterministically (a seeded PRNG) so two runs index the same bytes.
 */
const ZH_TOPICS = ['退货', '退款', '换货', '发票', '快递', '物流', '保修', '维修', '会员', '积分', '优惠券', '支付', '订单', '地址', '安装', '配件', '滤网', '电池', '蓝牙', '充电'];
const ZH_PRODUCTS = ['扫地机器人', '空气净化器', '蓝牙耳机', '智能音箱', '电水壶', '台灯', '床品四件套', '智能门锁', '吸顶灯', '加湿器'];
const ZH_ASKS = ['怎么办', '多久', '可以吗', '怎么申请', '收费吗', '在哪里看', '需要什么条件', '有什么区别', '能不能', '要多少钱'];
const EN_TOPICS = ['return', 'refund', 'exchange', 'invoice', 'delivery', 'tracking', 'warranty', 'repair', 'membership', 'points', 'coupon', 'payment', 'order', 'address', 'installation', 'spare part', 'filter', 'battery', 'bluetooth', 'charging'];
const EN_PRODUCTS = ['robot vacuum', 'air purifier', 'earbuds', 'smart speaker', 'kettle', 'desk lamp', 'bedding set', 'smart lock', 'ceiling light', 'humidifier'];
const EN_ASKS = ['how do I', 'how long does', 'can I', 'is there a fee for', 'where can I see', 'what do I need for', 'what is the difference in', 'why did', 'when will', 'how much is'];

function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function generateKnowledgeFolder(root: string, faqEntries = 10_000, documents = 1_000, entriesPerFile = 100): { files: number } {
  const random = prng(42);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  mkdirSync(path.join(root, 'faq'), { recursive: true });
  mkdirSync(path.join(root, 'docs'), { recursive: true });
  writeFileSync(path.join(root, 'kefu.yaml'), 'synonyms:\n  快递: [物流, 包裹]\n  refund: [money back]\n');
  let files = 1;
  for (let start = 0; start < faqEntries; start += entriesPerFile) {
    const lines: string[] = [];
    for (let id = start; id < Math.min(start + entriesPerFile, faqEntries); id++) {
      const [zhTopic, zhProduct, enTopic, enProduct] = [pick(ZH_TOPICS), pick(ZH_PRODUCTS), pick(EN_TOPICS), pick(EN_PRODUCTS)];
      lines.push(
        `- id: gen-${id}`,
        `  question: ${zhProduct}的${zhTopic}${pick(ZH_ASKS)}？（${id}）`,
        '  similar:',
        `    - ${zhTopic}${pick(ZH_ASKS)}，${zhProduct}`,
        `    - ${pick(EN_ASKS)} ${enTopic} for the ${enProduct} ${id}`,
        `    - ${enProduct} ${enTopic} question ${id}`,
        '  answer:',
        `    zh: 关于${zhProduct}的${zhTopic}：请在“我的订单”中操作，客服会在 24 小时内处理，编号 ${id}。`,
        `    en: For ${enTopic} on the ${enProduct}, open My Orders; we handle it within 24 hours (ref ${id}).`,
        `  tags: [${enTopic.replace(' ', '-')}]`,
      );
    }
    writeFileSync(path.join(root, 'faq', `generated-${String(start / entriesPerFile).padStart(4, '0')}.faq.yaml`), `${lines.join('\n')}\n`);
    files++;
  }
  for (let doc = 0; doc < documents; doc++) {
    const product = pick(EN_PRODUCTS);
    const sections = [`# ${product} guide ${doc}`, '', `Everything about the ${product} model ${doc}.`, ''];
    for (let section = 0; section < 4; section++) {
      const topic = pick(EN_TOPICS);
      sections.push(`## ${topic} (${section})`, '');
      for (let paragraph = 0; paragraph < 2; paragraph++) {
        sections.push(
          `To handle ${topic} for the ${product}, ${pick(EN_ASKS)} ${pick(EN_TOPICS)}? Open the app, choose the device and follow the steps. ` +
            `${pick(ZH_PRODUCTS)}的${pick(ZH_TOPICS)}请在 App 中查看说明，型号 ${doc}-${section}-${paragraph}。`,
          '',
        );
      }
    }
    writeFileSync(path.join(root, 'docs', `guide-${String(doc).padStart(4, '0')}.md`), sections.join('\n'));
    files++;
  }
  return { files };
}

/** Runs `work` on a temporary copy of the sample folder and a generated one of this size, removed afterwards. */
export async function withBenchFolders<T>(faqEntries: number, documents: number, work: (folders: { sample: string; generated: string; generatedInMs: number }) => Promise<T>): Promise<T> {
  const sample = mkdtempSync(path.join(tmpdir(), 'kefu-bench-sample-'));
  const generated = mkdtempSync(path.join(tmpdir(), 'kefu-bench-generated-'));
  try {
    cpSync(SAMPLE_KNOWLEDGE, sample, { recursive: true });
    const started = performance.now();
    generateKnowledgeFolder(generated, faqEntries, documents);
    return await work({ sample, generated, generatedInMs: Math.round(performance.now() - started) });
  } finally {
    rmSync(sample, { recursive: true, force: true });
    rmSync(generated, { recursive: true, force: true });
  }
}
