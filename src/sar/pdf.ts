/**
 * The printable SAR draft (pdfkit): one heading per FinCEN SAR part, the fields beneath, and a DRAFT watermark on
 * every page, so a printed copy cannot pass for a filed report. Each part is also a bookmark (the PDF outline), so a
 * reader can jump between parts.
 */
import PDFDocument from 'pdfkit';
import type { SarView } from './service.ts';

export const PDF_HEADINGS = [
  'Part I - Subject Information',
  'Part II - Suspicious Activity Information',
  'Part III - Information about Financial Institution Where Activity Occurred',
  'Part IV - Filing Institution Contact Information',
  'Part V - Suspicious Activity Information - Narrative',
] as const;

function watermark(doc: PDFKit.PDFDocument): void {
  const { width, height } = doc.page;
  doc.save();
  doc.rotate(-45, { origin: [width / 2, height / 2] });
  doc.fontSize(110).fillColor('#d0d0d0').opacity(0.5);
  doc.text('DRAFT', 0, height / 2 - 60, { width, align: 'center', lineBreak: false });
  doc.restore();
  doc.opacity(1).fillColor('black').fontSize(10);
  doc.x = doc.page.margins.left;
  doc.y = doc.page.margins.top;
}

export function sarPdf(sar: SarView, opts: { compress?: boolean } = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    compress: opts.compress ?? true,
    info: { Title: `SAR draft ${sar.sarId} v${sar.version}`, Subject: 'FinCEN SAR draft' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.on('pageAdded', () => watermark(doc));
  watermark(doc);

  const heading = (text: string) => {
    doc.outline.addItem(text);
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).text(text).font('Helvetica').fontSize(10).moveDown(0.3);
  };
  const field = (label: string, value: unknown) => {
    const shown = value === null || value === undefined || value === '' ? '-' : String(value);
    doc.font('Helvetica-Bold').text(`${label}: `, { continued: true }).font('Helvetica').text(shown);
  };

  doc.font('Helvetica-Bold').fontSize(16).text('Suspicious Activity Report - DRAFT');
  doc.font('Helvetica').fontSize(10);
  field('SAR', `${sar.sarId} (version ${sar.version})`);
  field('Case', sar.caseId);
  field('Drafted', `${sar.createdAt} by ${sar.createdBy}`);
  field('Filing due', `${sar.deadlines.filingDueAt} (${sar.deadlines.basis})`);
  field('Continuing-activity review', sar.deadlines.continuingActivityReviewAt);

  const s = sar.subject as Record<string, unknown>;
  heading(PDF_HEADINGS[0]);
  field('Subject identified', s.identified ? 'yes' : 'no (item 2: critical information unavailable)');
  field('Item 3 Last name', s.lastName);
  field('Item 4 First name', s.firstName);
  field('Date of birth', s.dateOfBirth);
  const addr = s.address as { street?: string; city?: string; postalCode?: string; country?: string } | null;
  field('Address', addr ? `${addr.street}, ${addr.postalCode} ${addr.city}, ${addr.country}` : null);
  field('Country', s.country);
  field('E-mail', s.email);
  field('Relationship to institution', s.relationship);
  field('Account (platform customer id)', s.userId);

  const a = sar.suspiciousActivity;
  heading(PDF_HEADINGS[1]);
  field('Item 29 Amount involved (USD)', a.amountInvolvedUsd);
  field('Item 30 Date range', `${a.dateRange.from} to ${a.dateRange.to}`);
  for (const c of a.categories) field(`Item ${c.item} ${c.category}`, `${c.type} (rules: ${c.ruleCodes.join(', ')})`);
  field('Product type', a.product);
  doc.moveDown(0.3).font('Helvetica-Bold').text('Transactions').font('Helvetica');
  for (const t of a.transactions)
    doc.text(`${t.occurredAt}  ${t.direction}  ${t.amount} ${t.asset}  (${t.amountUsd} USD)  ${t.transactionId}`);

  heading(PDF_HEADINGS[2]);
  field('Name', sar.filingInstitution.name);
  field('EIN', sar.filingInstitution.ein);

  heading(PDF_HEADINGS[3]);
  field('Filer name', sar.filingInstitution.name);
  field('Contact', sar.filingInstitution.contact.name);
  field('Phone', sar.filingInstitution.contact.phone);
  field('E-mail', sar.filingInstitution.contact.email);

  heading(PDF_HEADINGS[4]);
  doc.text(sar.narrative.text);

  doc.end();
  return done;
}
