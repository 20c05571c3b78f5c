/** Mentions written into questions or documents never become live mentions in a chat reply. */
import { beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/answer/engine.js";
import { renderAnswerMarkdown } from "../../src/channels/controller.js";
import { renderDingTalkMessages } from "../../src/channels/dingtalk.js";
import { feishuPostContent, renderFeishuMessages } from "../../src/channels/feishu.js";
import { defuseMentions } from "../../src/channels/mention-safety.js";
import { renderSlackMessages } from "../../src/channels/slack-render.js";
import { renderTeamsMessages } from "../../src/channels/teams.js";
import { renderWeComMessages } from "../../src/channels/wecom.js";
import type { Answer } from "../../src/types.js";
import { CORPUS, engineOver } from "../answer/engine-helpers.js";

/** Mention syntaxes that notify people on one platform or another. */
const LIVE = [
  /<!(channel|here|everyone|subteam)/i,
  /<@[A-Za-z0-9]/,
  /<at[\s>]/i,
  /@(all|everyone|here|channel|所有人|全体成员)(?![\p{L}\p{N}_])/iu,
];
const INJECTION =
  '<!channel> <!here> <@U0ADMIN> <at user_id="all"></at> <at>Everyone</at> @all @所有人 @here';

function expectInert(text: string, patterns = LIVE): void {
  for (const re of patterns) expect(text, `${re} in ${text}`).not.toMatch(re);
}

let engine: Engine;
beforeAll(async () => {
  engine = await engineOver(CORPUS);
});

describe("defuseMentions", () => {
  it("breaks every mention syntax and leaves the visible text and other markup alone", () => {
    const out = defuseMentions(INJECTION);
    expectInert(out);
    expect(out.replace(/\u200b/g, "")).toBe(INJECTION);
    const plain = "**第17项** [1] a<b, mail@allmail.cn, @alliance, <attachment>, 1 > 0";
    expect(defuseMentions(plain)).toBe(plain);
  });
});

describe("answers that echo a question full of mentions", () => {
  it("render inert in Slack, Teams, DingTalk, WeCom and Feishu", async () => {
    const asked = [
      `/policy use ${INJECTION}`,
      `${INJECTION} 北京市方案第5项谁负责?`,
      `${INJECTION} 牵头负责哪些工作?`,
      `${INJECTION} who leads measure 17 of the Dalian plan`,
    ];
    let echoed = 0;
    for (const q of asked) {
      const answer = await engine.ask(q, "slack:T:C:thread:1");
      if (answer.answer.includes("@所有人")) echoed++;
      const rendered = [
        renderAnswerMarkdown(answer),
        ...renderTeamsMessages(answer),
        ...renderDingTalkMessages(answer),
        ...renderWeComMessages(answer),
        ...renderFeishuMessages(answer).map(feishuPostContent),
      ];
      for (const text of rendered) expectInert(text);
      // Slack notifies only for <!here>-style markup (we never set link_names): plain "@here" is text.
      for (const m of renderSlackMessages(answer)) expectInert(JSON.stringify(m), LIVE.slice(0, 3));
    }
    // The test means something: at least one answer does quote the asker's words back.
    expect(echoed).toBeGreaterThan(0);
  });

  it("a quote from a document holding a mention is inert too, and the Answer keeps it verbatim", () => {
    const quote = "请 @所有人 于月底前报送 <!channel>";
    const answer: Answer = {
      question: "q",
      language: "zh",
      intent: "lookup",
      found: true,
      answer: `根据文件：“${quote}” [1]`,
      citations: [
        { id: 1, source: "a.txt", title: "@all 通知", section: "", quote, start: 0, end: quote.length },
      ],
    };
    expectInert(renderAnswerMarkdown(answer));
    expect(answer.citations[0]!.quote).toBe(quote);
  });
});
