/**
 * Builds real PDF and Word files at test time (nothing is copied into the repository): a text
 * rendered to PDF by Debian's Chromium (fonts-noto-cjk gives the CJK glyphs a text layer, with page
 * numbers in the footer as printed documents have), a page with only a drawing (a PDF with no text
 * layer, as a scan), a text written as a .docx by the `docx` package (one paragraph per line), and
 * small hand-written PDFs (a password-protected one).
 */
import { randomBytes } from "node:crypto";
import { Document, Packer, Paragraph, TextRun } from "docx";
import type { Browser } from "playwright-core";

function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}

/** Prints `text` in a `<pre>` (lines wrapped at the page width) to an A4 PDF with "— N —" footers. */
export async function textToPdf(browser: Browser, text: string): Promise<Buffer> {
  const page = await browser.newPage();
  try {
    await page.setContent(
      `<!doctype html><meta charset="utf-8"><style>pre{white-space:pre-wrap;font:12px "Noto Sans CJK SC",sans-serif}</style><pre>${escapeHtml(text)}</pre>`,
    );
    return await page.pdf({
      format: "A4",
      displayHeaderFooter: true,
      headerTemplate: "<span></span>",
      footerTemplate:
        '<div style="font-size:10px;width:100%;text-align:center">— <span class="pageNumber"></span> —</div>',
      margin: { top: "20mm", bottom: "20mm", left: "15mm", right: "15mm" },
    });
  } finally {
    await page.close();
  }
}

/** A two-page PDF whose pages hold only drawn shapes: no text layer, as a scanned document. */
export async function drawingOnlyPdf(browser: Browser): Promise<Buffer> {
  const page = await browser.newPage();
  try {
    const shape =
      '<svg width="500" height="700" xmlns="http://www.w3.org/2000/svg"><rect x="20" y="20" width="460" height="80" fill="#333"/><rect x="20" y="140" width="400" height="12" fill="#777"/><rect x="20" y="170" width="430" height="12" fill="#777"/></svg>';
    await page.setContent(
      `<!doctype html><body style="margin:0">${shape}<div style="break-before:page">${shape}</div></body>`,
    );
    return await page.pdf({ format: "A4" });
  } finally {
    await page.close();
  }
}

/** A .docx with one paragraph per line of `text` (an empty line is an empty paragraph). */
export async function textToDocx(text: string): Promise<Buffer> {
  const lines = text.replace(/\r?\n$/, "").split(/\r?\n/);
  const doc = new Document({
    sections: [{ children: lines.map((l) => new Paragraph({ children: [new TextRun(l)] })) }],
  });
  return Packer.toBuffer(doc);
}

/**
 * A one-page PDF written by hand (Helvetica, ASCII text). With `password`, the file carries a
 * Standard security handler whose user password is not empty, so no reader opens it without one.
 */
export function minimalPdf(text: string, options: { password?: boolean } = {}): Buffer {
  const content = `BT /F1 18 Tf 20 100 Td (${text.replace(/[()\\]/g, "\\$&")}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  const hex = (n: number) => randomBytes(n).toString("hex");
  if (options.password) {
    objects.push(`<< /Filter /Standard /V 1 /R 2 /O <${hex(32)}> /U <${hex(32)}> /P -4 >>`);
  }
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  const encrypt = options.password ? ` /Encrypt ${objects.length} 0 R /ID [<${hex(16)}> <${hex(16)}>]` : "";
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${encrypt} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}
