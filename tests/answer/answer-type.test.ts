/** The kind of value a fact question asks for, and the value of that kind a sentence holds. */
import { describe, expect, it } from "vitest";
import {
  cueContext,
  expectedType,
  typedValue,
  typedValues,
  withoutTypeCue,
} from "../../src/answer/answer-type.js";
import { roleHolder, slottedValue } from "../../src/answer/compose/lookup.js";

describe("expected answer types", () => {
  it("reads the kind asked for in Chinese and English", () => {
    expect(expectedType("公租房申请审核后公示多少天？")).toBe("duration");
    expect(expectedType("Within how many working days must the department decide?")).toBe("duration");
    expect(expectedType("低保边缘家庭的认定标准是多少？")).toBe("amount");
    expect(expectedType("How much is the meal subsidy?")).toBe("money");
    expect(expectedType("长期失能人员的失能评估费用标准是多少？")).toBe("money");
    expect(expectedType("个人缴费费率是多少？")).toBe("percent");
    expect(expectedType("总积分要达到多少分才能申请？")).toBe("count");
    expect(expectedType("全民国家安全教育日是哪一天？")).toBe("date");
    expect(expectedType("单身人士多少岁可以申请？")).toBe("age");
    expect(expectedType("第17项措施由谁牵头？")).toBeNull();
  });

  it("finds the value in a sentence, never a year or an ordinal", () => {
    expect(typedValue("第三十一条公共租赁住房租赁合同期限为5年。", "duration")).toBe("5年");
    expect(typedValue("2025年起，公示时间为20日。", "duration")).toBe("20日");
    expect(typedValue("年满十八周岁的孤儿", "duration")).toBeNull();
    expect(typedValue("年满十八周岁的孤儿", "age")).toBe("十八周岁");
    expect(typedValue("第十二条 计算总积分满150分的，可以申请。", "count")).toBe("150分");
    expect(typedValue("标准为每人每月1963.5元。", "amount")).toBe("1963.5元");
    expect(typedValue("个人缴费费率为0.15%。", "percent")).toBe("0.15%");
    expect(typedValue("每年4月15日为全民国家安全教育日。", "date")).toBe("4月15日");
    expect(typedValue("本办法自印发之日起施行。", "amount")).toBeNull();
  });

  it("reads multiples and days of every month", () => {
    expect(expectedType("消费者可以要求多少倍的赔偿？")).toBe("multiple");
    expect(typedValue("增加赔偿的金额为消费者购买商品的价款的三倍；", "multiple")).toBe("三倍");
    // A fine set as a multiple answers "罚款多少" when the sentence names no sum.
    expect(typedValue("处违法所得1倍以上3倍以下的罚款。", "money")).toBe("1倍");
    expect(typedValue("处违法所得1倍以上3倍以下的罚款，最高50万元。", "money")).toBe("50万元");
    expect(typedValue("残疾人两项补贴实行按月发放，发放时间为每月25日前；", "date")).toBe("每月25日前");
  });

  it("states the value where the question places it, not another step's", () => {
    const q = "社会保险行政部门受理申请后多少天内要作出工伤认定决定？";
    expect(cueContext(q)).toEqual({ before: "社会保险行政部门受理申请后", after: "要作出工伤认定决定" });
    const near = ["受理", "申请", "作出", "工伤", "认定", "决定"].map((w) => [w]);
    const sentence = "收到申请后，应当在15日内审核材料；应当自受理工伤认定申请之日起60日内作出工伤认定决定。";
    expect(slottedValue(sentence, typedValues(sentence, "duration"), near).value).toBe("60日");
    // Chinese puts the words on either side: "发布公告的时限" and "十五个工作日内发布公告".
    const other = "公告时间不少于十个工作日；应当自收到批准文件之日起十五个工作日内发布征收土地公告。";
    expect(
      slottedValue(other, typedValues(other, "duration"), [["收到"], ["批准"], ["发布"], ["公告"]]).value,
    ).toBe("十五个工作日");
  });
});

describe("deadlines asked as a period", () => {
  it("expects a target date or a period for 多长时间内完成 / by when", () => {
    expect(expectedType("咸阳方案要求多长时间内完成安全生产责任体系建立?")).toBe("deadline");
    expect(expectedType("哪年建成安全生产综合信息化平台？")).toBe("deadline");
    expect(expectedType("By when must the platform be completed?")).toBe("deadline");
    expect(typedValue("到2020年,安全生产责任体系更加健全。", "deadline")).toBe("到2020年");
    expect(typedValue("2018年6月前完成试点。", "deadline")).toBe("2018年6月前");
    expect(typedValue("应当在60日内作出决定。", "deadline")).toBe("60日");
    expect(typedValue("加强安全监管。", "deadline")).toBeNull();
  });

  it("drops the asking words, not what the question is about", () => {
    expect(withoutTypeCue("咸阳方案要求多长时间内完成安全生产责任体系建立?")).not.toContain("多长时间");
    expect(withoutTypeCue("长者饭堂的就餐补贴标准是多少？")).toContain("补贴标准");
  });
});

describe("who holds a role, where a body sits, a phone number", () => {
  it("reads the holder from a role's line or sentence", () => {
    expect(roleHolder("总指挥：市政府分管交通工作的副市长", "总指挥")).toBe("市政府分管交通工作的副市长");
    expect(roleHolder("副总指挥：市政府联系交通工作的副秘书长", "总指挥")).toBeNull();
    expect(
      roleHolder("市专项应急指挥部由市政府分管副市长任总指挥，市政府分管副秘书长任副总指挥。", "总指挥"),
    ).toBe("市政府分管副市长");
    expect(roleHolder("办公室主任由市应急局局长担任，副主任由市应急局分管副局长担任", "主任")).toBe(
      "市应急局局长",
    );
  });

  it("expects a phone number for 电话 and never reads a day of a month as a period", () => {
    expect(expectedType("咸阳市安全生产委员会的联系电话是多少？")).toBe("phone");
    expect(typedValue("联系人:王岁祥 联系电话(传真):33210815", "phone")).toBe("33210815");
    expect(typedValue("并于1月11日前将修改意见报市安委办。", "duration")).toBeNull();
    expect(typedValue("应当在15日内作出决定。", "duration")).toBe("15日");
  });
});
