import { describe, expect, it } from "vitest";
import {
  ASKS_DOC_NUMBER,
  ASKS_ISSUER,
  classifyIntent,
  detectLanguage,
  isFollowUp,
  measureNumbers,
} from "../../src/answer/understand.js";

describe("measure numbers in any form", () => {
  it.each([
    ["第17项措施由谁牵头?", [17]],
    ["浦东2021年工作要点第(十三)项由谁牵头负责?", [13]],
    ["第十七条是什么", [17]],
    ["总结一下浦东第十九项措施", [19]],
    ["（二十五）讲了什么", [25]],
    ["who leads measure 17", [17]],
    ["Summarize item 4", [4]],
    ["what does point 2 say", [2]],
    ["the third measure of the Dalian plan", [3]],
    ["那第十八项呢?", [18]],
    ["浦东新区应急管理局2021年安全生产监督管理工作要点的文号是什么?", []],
    ["党政主要负责人是第一责任人吗", []],
  ])("%s → %j", (q, expected) => {
    expect(measureNumbers(q)).toEqual(expected);
  });
});

describe("language", () => {
  it.each([
    ["第17项措施由谁牵头?", "zh"],
    ["who leads measure 17", "en"],
    ["Which measures does 规划科技处 lead?", "en"],
    ["规划科技处负责哪些工作", "zh"],
    ["浦东 item 3 谁负责", "zh"],
  ])("%s → %s", (q, lang) => {
    expect(detectLanguage(q)).toBe(lang);
  });
});

describe("intent", () => {
  const none = { hasMeasure: false, hasLead: false, language: "zh" as const };
  it("tells the kinds of question apart", () => {
    expect(classifyIntent("第17项措施由谁牵头?", { ...none, hasMeasure: true })).toBe("lead_of_measure");
    expect(
      classifyIntent("Which division is responsible for measure 2?", { ...none, hasMeasure: true }),
    ).toBe("lead_of_measure");
    expect(classifyIntent("总结一下浦东第十九项措施", { ...none, hasMeasure: true })).toBe("summary");
    // Who may have or do something is the text's conditions, not a measure's lead.
    for (const q of [
      "Who is entitled to preferential treatment under the elderly measures?",
      "Who can apply for public rental housing?",
      "哪些人可以申请公租房？",
      "谁可以享受残疾人两项补贴？",
    ]) {
      expect(classifyIntent(q, none), q).not.toBe("lead_of_measure");
    }
    expect(classifyIntent("谁负责审核公租房申请？", none)).toBe("lead_of_measure");
    expect(classifyIntent("花梅同志牵头负责哪些工作?", { ...none, hasLead: true })).toBe("measures_of_lead");
    expect(classifyIntent("列出大连方案的全部措施", none)).toBe("digest");
    expect(classifyIntent("青岛要点有多少项?", none)).toBe("list");
    expect(classifyIntent("上海列入取消和调整行政审批事项目录的审改措施有多少项?", none)).toBe("lookup");
    expect(classifyIntent("/policy help", none)).toBe("help");
    expect(classifyIntent("/policy sources", none)).toBe("sources");
    expect(classifyIntent("咸阳安全生产领域改革工作领导小组组长是谁?", none)).toBe("lookup");
  });

  it("recognises follow-ups", () => {
    expect(isFollowUp("那第十八项呢?")).toBe(true);
    expect(isFollowUp("And measure 21?")).toBe(true);
    expect(isFollowUp("这项工作的主要内容是什么?")).toBe(true);
    expect(isFollowUp("大连方案第17项措施由哪个处室负责?")).toBe(false);
  });
});

describe("metadata asked in other words", () => {
  it.each([
    "What is its 国务院令 number?",
    "What number is the SAMR order that promulgated these rules?",
    "这份意见是哪个公告公布的？",
  ])("%s asks the 文号", (q) => {
    expect(ASKS_DOC_NUMBER.test(q)).toBe(true);
  });

  it.each([
    "Which Guangzhou office issued the home care measures?",
    "Which bodies jointly issued the Shandong urgent notice?",
    "这个通知是哪些部门联合印发的？",
  ])("%s asks the issuer", (q) => {
    expect(ASKS_ISSUER.test(q)).toBe(true);
  });

  it.each(["Which measures does 规划科技处 lead?", "哪个单位负责第17项？"])("%s asks neither", (q) => {
    expect(ASKS_ISSUER.test(q) || ASKS_DOC_NUMBER.test(q)).toBe(false);
  });
});
