/** The extractive gist of a measure, and the drafting intents — pure functions. */
import { describe, expect, it } from "vitest";
import { gistSpan, gistText } from "../../../src/answer/drafting/gist.js";
import { draftingIntent } from "../../../src/answer/drafting/intent.js";

/** A measure whose heading runs from `titleStart` to the end of its first sentence. */
function measureIn(text: string, title: string) {
  const start = text.indexOf(title);
  return { start: 0, end: text.length, titleSpan: { start, end: start + title.length } };
}

function gist(text: string, title: string): string {
  const span = gistSpan(text, measureIn(text, title));
  expect(text.slice(span.start, span.end).length).toBe(span.end - span.start);
  return gistText(text, span);
}

describe("gist", () => {
  it("is the heading itself when it is short, without its closing stop", () => {
    expect(gist("17.学习上海信息化建设先进经验。建立…", "学习上海信息化建设先进经验。")).toBe(
      "学习上海信息化建设先进经验",
    );
  });

  it("cuts a long heading at its first clause end, never inside a list (、)", () => {
    const title = "采取多种渠道、多种形式,落实培养措施,利用现有的教育资源,培养更多的安全专业人士。";
    expect(gist(`34.${title}`, title)).toBe("采取多种渠道、多种形式");
    const long =
      "总结两地在全员安全生产责任制、安全承诺公告制等方面取得的经验以及遏制重特大事故工作的先进做法。";
    expect(gist(`2.${long}`, long)).toBe(long.slice(0, -1));
  });

  it("drops a lead annotation the cut leaves open, and collapses line breaks", () => {
    const title = "拓宽人才引进渠道(人事处、";
    expect(gist(`33.${title}考试中心)`, title)).toBe("拓宽人才引进渠道");
    const broken = "加强两地实战演练合\n  作,优化各类安全生产应急预案。";
    expect(gist(`25.${broken}`, broken)).toBe("加强两地实战演练合作,优化各类安全生产应急预案");
  });
});

describe("drafting intents", () => {
  const none = { hasMeasure: false, hasLead: false };
  it("tells digests, tables, deliverables and comparisons apart", () => {
    expect(draftingIntent("/policy digest 浦东", none)).toBe("digest");
    expect(draftingIntent("draft a summary of the Dalian plan", none)).toBe("digest");
    expect(draftingIntent("列出大连方案的全部措施", none)).toBe("digest");
    expect(draftingIntent("给我做一个浦东要点的摘要", none)).toBe("digest");
    expect(draftingIntent("/policy table dalian", none)).toBe("table");
    expect(draftingIntent("列出浦东各同志牵头的工作", none)).toBe("table");
    expect(draftingIntent("make a table of who leads what in Dalian", none)).toBe("table");
    expect(draftingIntent("what must 规划科技处 deliver, and by when", { ...none, hasLead: true })).toBe(
      "deliverables",
    );
    expect(draftingIntent("规划科技处要完成哪些工作，什么时候完成", { ...none, hasLead: true })).toBe(
      "deliverables",
    );
    expect(draftingIntent("浦东和大连在执法检查上的措施有什么不同?", none)).toBe("compare");
    expect(draftingIntent("compare Pudong and Dalian on enforcement inspections", none)).toBe("compare");
  });

  it("leaves other questions to the other intents", () => {
    expect(draftingIntent("浦东第八项的摘要", { ...none, hasMeasure: true })).toBeNull();
    expect(draftingIntent("花梅同志牵头负责哪些工作?", { ...none, hasLead: true })).toBeNull();
    expect(draftingIntent("列出青岛要点", none)).toBeNull();
    expect(draftingIntent("大连方案哪些措施涉及危险化学品?", none)).toBeNull();
    expect(draftingIntent("第17项措施由谁牵头?", { ...none, hasMeasure: true })).toBeNull();
  });
});
