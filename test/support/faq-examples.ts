import type { DistributionSummary, TrainingExample } from '../../src/retrieval/classifier/intent-classifier';

/** Test data for the classifier specs: a small bilingual folder, each entry's question and similar phrasings as content staff write them. */
export const FAQ: Record<string, string[]> = {
  'refund-time': ['退款多久到账？', '退款什么时候能到', '钱多久退回来', 'How long does a refund take?', 'when will i get my money back'],
  'return-policy': ['怎么申请退货？', '我想退货', '商品不满意可以退吗', 'How do I return an item?', 'i want to send it back'],
  'shipping-time': ['快递几天能到？', '发货后多久送达', '物流要几天', 'How long does delivery take?', 'when will my parcel arrive'],
  invoice: ['怎么开发票？', '可以开增值税发票吗', '发票在哪里下载', 'How do I get an invoice?', 'need a receipt for my order'],
  'reset-password': ['忘记密码怎么办？', '密码找不回来了', '怎么重置登录密码', 'I forgot my password', 'reset my password'],
  'change-address': ['怎么修改收货地址？', '地址填错了', '下单后能改地址吗', 'How do I change the delivery address?', 'wrong shipping address'],
};

export function faqExamples(): TrainingExample[] {
  return Object.entries(FAQ).flatMap(([label, texts]) => texts.map((text) => ({ label, text })));
}

/** The top two and the normalised entropy of an explicit distribution, computed the plain way (tests compare). */
export function distributionOf(probabilities: number[]): DistributionSummary {
  const sorted = [...probabilities].sort((a, b) => b - a);
  const entropy = probabilities.reduce((sum, probability) => (probability > 0 ? sum - probability * Math.log(probability) : sum), 0);
  return { first: sorted[0] ?? 0, second: sorted[1] ?? 0, entropy: probabilities.length > 1 ? entropy / Math.log(probabilities.length) : 0 };
}
