/** Word files for the hostile-input tests, written with jszip (mammoth's own ZIP library). */
import JSZip from "jszip";

const CONTENT_TYPES =
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const RELS =
  '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';

/**
 * A .docx whose word/document.xml holds `paragraphs`, padded with spaces to `inflatedBytes` (a
 * "zip bomb" when that is large: 150 MB of XML compresses to ~150 KB). With `lie`, the archive's
 * directory and local headers declare the padded part as small as its compressed size.
 */
export async function docxWith(paragraphs: string[], inflatedBytes = 0, lie = false): Promise<Buffer> {
  const zip = new JSZip();
  zip.file("[Content_Types].xml", CONTENT_TYPES);
  zip.file("_rels/.rels", RELS);
  const head = Buffer.from(
    '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' +
      paragraphs.map((p) => `<w:p><w:r><w:t>${p}</w:t></w:r></w:p>`).join(""),
  );
  const tail = Buffer.from("</w:body></w:document>");
  const size = Math.max(inflatedBytes, head.length + tail.length);
  const xml = Buffer.alloc(size, " ");
  head.copy(xml, 0);
  tail.copy(xml, size - tail.length);
  zip.file("word/document.xml", xml);
  const bytes = Buffer.from(
    await zip.generateAsync({ type: "uint8array", compression: "DEFLATE", compressionOptions: { level: 9 } }),
  );
  if (lie) lieAboutSizes(bytes, "word/document.xml");
  return bytes;
}

/** Rewrites the declared uncompressed size of `name` (central directory and local header) to its compressed size. */
function lieAboutSizes(bytes: Buffer, name: string): void {
  for (let at = 0; at + 46 < bytes.length; at++) {
    const sig = bytes.readUInt32LE(at);
    if (sig === 0x02014b50) {
      const n = bytes.readUInt16LE(at + 28);
      if (bytes.toString("utf8", at + 46, at + 46 + n) === name)
        bytes.writeUInt32LE(bytes.readUInt32LE(at + 20), at + 24);
    } else if (sig === 0x04034b50) {
      const n = bytes.readUInt16LE(at + 26);
      if (bytes.toString("utf8", at + 30, at + 30 + n) === name)
        bytes.writeUInt32LE(bytes.readUInt32LE(at + 18), at + 22);
    }
  }
}
