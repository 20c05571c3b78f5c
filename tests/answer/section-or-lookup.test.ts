/** A question naming a section's heading asks for the section, unless it asks something within it. */
import { describe, expect, it } from "vitest";
import { asksWithinSection } from "../../src/answer/compose/section.js";
import { createTokenizer } from "../../src/index/tokenizer.js";

const jieba = createTokenizer();
const tokenize = (text: string) => jieba.tokenize(text);

describe("a section asked for, or something within it", () => {
  it("asks for the section when the question says little besides its heading and the document", () => {
    expect(
      asksWithinSection(
        "咸阳方案的保障措施有哪些？",
        "保障措施",
        "咸阳市推进安全生产领域改革发展实施方案",
        tokenize,
      ),
    ).toBe(false);
    expect(asksWithinSection("工作要求是什么", "三、工作要求", "", tokenize)).toBe(false);
    expect(asksWithinSection("介绍一下主要目标的内容", "主要目标", "", tokenize)).toBe(false);
  });

  it("asks within the section when two or more of its words are neither heading nor name", () => {
    expect(
      asksWithinSection(
        "商场、宾馆等经营场所的经营者对消费者负有什么义务？",
        "第三章经营者的义务",
        "消费者权益保护法",
        tokenize,
      ),
    ).toBe(true);
    expect(
      asksWithinSection("哪些处罚决定应当告知当事人听证权利？", "第五章行政处罚的决定", "", tokenize),
    ).toBe(true);
  });
});
