import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SAMPLE_KNOWLEDGE, TempKnowledgeFolder } from '../support/test-config';

export const RETURNS_FAQ = `
- id: return-window
  question: 收到货后多少天内可以退货？
  similar:
    - 退货期限是多久
    - How long do I have to return an item?
  answer:
    zh: 自签收之日起 7 天内可申请无理由退货。
    en: You can return items within 7 days of delivery.
  tags: [after-sales, returns]

- id: refund-time
  question: 退款多久到账？
  similar: [退款什么时候到, When will I get my refund?]
  answer:
    zh: 退款审核通过后 1-3 个工作日原路退回。
    en: Refunds reach your original payment method 1-3 business days after approval.
  tags: [refunds]
`;

export const SHIPPING_FAQ = `
- id: shipping-fee
  question: 运费怎么算？
  similar: [包邮吗, Is shipping free?]
  answer: 订单满 99 元包邮，不满收 8 元运费。
  tags: [shipping]
- id: damaged-parcel
  question: 收到的包裹破损了怎么办？
  similar: [快递盒子坏了, The box arrived damaged]
  answer:
    zh: 请拍照后联系客服，我们为您补发或退款。
    en: Please take photos and contact us; we will resend or refund.
  tags: [shipping, complaints]
  handoff: true
`;

/** A small folder with one file of every format the indexer reads. */
export function fixtureFolder(): TempKnowledgeFolder {
  const folder = new TempKnowledgeFolder({
    'kefu.yaml': 'synonyms:\n  快递: [物流, 包裹]\n  refund: [money back]\nbusiness_hours:\n  timezone: Asia/Shanghai\n  weekly:\n    mon: ["09:00-21:00"]\n',
    'faq/returns.faq.yaml': RETURNS_FAQ,
    'faq/shipping.faq.yml': SHIPPING_FAQ,
    'docs/vacuum.md': '---\ntitle: Robot vacuum R3 guide\ntags: [product]\nlang: en\n---\n# Robot vacuum R3 guide\n\n## Error codes\n\nE3 means the main brush is stuck. Remove hair from the brush and restart.\n\n## Battery\n\nThe battery lasts 150 minutes on standard suction.\n',
    'docs/membership.txt': 'Membership terms\n\nGold members earn double points on every order.\n\nPoints expire after 24 months.',
    'docs/kettle.html': '<html><head><title>Kettle K1</title></head><body><h1>Kettle K1</h1><h2>Specs</h2><table><tr><th>Capacity</th><td>1.7 L</td></tr><tr><th>Power</th><td>1800 W</td></tr></table><p>The kettle switches off automatically when the water boils.</p></body></html>',
    'announcements/delay.md': '---\ntitle: Winter shipping delays\nactive_from: 2026-01-01\nactive_until: 2099-12-31\nkeywords: [快递, delivery]\n---\nDeliveries to the north may take 2 extra days this month.\n',
    'notes/ignored.png': Buffer.from([0x89, 0x50, 0x4e, 0x47]),
  });
  folder.write('docs/lamp.pdf', readFileSync(path.join(SAMPLE_KNOWLEDGE, 'docs/lumo-smart-lamp-l1-manual.pdf')));
  folder.write('docs/install.docx', readFileSync(path.join(SAMPLE_KNOWLEDGE, 'docs/installation-service-guide.docx')));
  return folder;
}

/** kefu.yaml, 2 FAQ files, 3 text documents, the PDF, the DOCX and the announcement (the PNG is ignored). */
export const FIXTURE_FILE_COUNT = 9;
