/** The card an answer is written into: updatable, one Markdown element, partial text bounded. */
import { describe, expect, it } from "vitest";
import { feishuCardContent, feishuPartialText } from "../../src/channels/feishu-card.js";

describe("Feishu answer cards", () => {
  it("is an updatable card whose Markdown is the text, quotes and all", () => {
    const text = '第17项由**市经济信息化委**牵头 [1] "<b>x</b>"';
    const card = JSON.parse(feishuCardContent(text)) as {
      config: { update_multi: boolean };
      elements: { tag: string; content: string }[];
    };
    expect(card.config.update_multi).toBe(true);
    expect(card.elements).toEqual([{ tag: "markdown", content: text }]);
  });

  it("marks a partial text unfinished and keeps it within the limit", () => {
    expect(feishuPartialText("第17项", 100)).toBe("第17项 …");
    const long = feishuPartialText("政".repeat(500), 100);
    expect(long.length).toBe(100);
    expect(long.endsWith(" …")).toBe(true);
  });
});
