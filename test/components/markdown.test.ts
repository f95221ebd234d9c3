import { aTimeout, expect, fixture, html, nextFrame } from "@open-wc/testing";
import fc from "fast-check";
import { render } from "lit";
import { renderMarkdown } from "../../src/components/markdown.js";
import { parseMarkdown, type Inline } from "../../src/protocol/markdown.js";
import { shownText } from "../support/markdown.js";

declare global {
  interface Window {
    __pwned?: unknown;
  }
}

/** The text rendered into a pre-wrap block, as the message bubble shows it. */
async function rendered(text: string): Promise<HTMLElement> {
  return fixture<HTMLElement>(html`<div style="white-space: pre-wrap">${renderMarkdown(text)}</div>`);
}

/** The elements the renderer made, as `tag[part]` strings, in document order. */
function elementsOf(root: HTMLElement): string[] {
  return [...root.querySelectorAll("*")].map((element) => `${element.localName}[${element.getAttribute("part")}]`);
}

const paragraph = (...inlines: Inline[]) => [{ kind: "paragraph", inlines }];

const withoutMarkers = (text: string) => text.replace(/[*_`]/g, "");

describe("markdown", () => {
  describe("parseMarkdown", () => {
    const cases: [string, unknown][] = [
      ["plain text", paragraph("plain text")],
      ["**bold**", paragraph({ kind: "bold", children: ["bold"] })],
      ["*italic* and _italic_", paragraph({ kind: "italic", children: ["italic"] }, " and ", { kind: "italic", children: ["italic"] })],
      ["run `npm test` now", paragraph("run ", { kind: "code", text: "npm test" }, " now")],
      ["*a **b** c*", paragraph({ kind: "italic", children: ["a ", { kind: "bold", children: ["b"] }, " c"] })],
      ["**a _b_ c**", paragraph({ kind: "bold", children: ["a ", { kind: "italic", children: ["b"] }, " c"] })],
      ["`**not bold**`", paragraph({ kind: "code", text: "**not bold**" })],
      ["line one\nline two\n\nline four", paragraph("line one\nline two\n\nline four")],
      ["**two\nlines**", paragraph({ kind: "bold", children: ["two\nlines"] })],
      ["```\nconst a = 1;\n```", [{ kind: "code-block", text: "const a = 1;" }]],
      ["```ts\nconst a = 1;\n\n  indented\n```", [{ kind: "code-block", text: "const a = 1;\n\n  indented" }]],
      [
        "before\n```\n*not italic*\n```\nafter",
        [...paragraph("before"), { kind: "code-block", text: "*not italic*" }, ...paragraph("after")],
      ],
      ["inline ```a b``` block", [...paragraph("inline "), { kind: "code-block", text: "a b" }, ...paragraph(" block")]],
      [
        "see https://example.com.",
        paragraph("see ", { kind: "link", text: "https://example.com", href: "https://example.com" }, "."),
      ],
      ["www.example.com", paragraph({ kind: "link", text: "www.example.com", href: "https://www.example.com" })],
    ];
    for (const [text, blocks] of cases) {
      it(`${JSON.stringify(text)}`, () => {
        expect(parseMarkdown(text)).to.deep.equal(blocks);
      });
    }

    it("is empty for empty text", () => {
      expect(parseMarkdown("")).to.deep.equal([]);
    });

    describe("keeps unmatched or out-of-place markers as text", () => {
      const literal = [
        "**",
        "*",
        "_",
        "`",
        "**unclosed",
        "unopened**",
        "*a",
        "`a",
        "a ``` b",
        "``````",
        "****",
        "***both***",
        "__init__",
        "snake_case_name and _leading",
        "2*3*4",
        "* one\n* two",
        "a * b * c",
        "** spaced **",
        "*italic with trailing space *",
        "**a *b***",
        "``double``",
        "[x](javascript:alert(1))",
      ];
      for (const text of literal) {
        it(JSON.stringify(text), () => {
          expect(parseMarkdown(text)).to.deep.equal(paragraph(text));
        });
      }
    });

    it("does not nest italic in italic: the first closer ends it", () => {
      expect(parseMarkdown("*a *b* c*")).to.deep.equal(paragraph({ kind: "italic", children: ["a *b"] }, " c*"));
      expect(parseMarkdown("_a *b* c_")).to.deep.equal(paragraph({ kind: "italic", children: ["a *b* c"] }));
    });

    describe("links", () => {
      const links: [string, string][] = [
        ["https://example.com/path?q=1&r=2#frag", "https://example.com/path?q=1&r=2#frag"],
        ["HTTP://EXAMPLE.COM", "HTTP://EXAMPLE.COM"],
        ["(see https://example.com)", "https://example.com"],
        ["https://en.wikipedia.org/wiki/Foo_(bar)", "https://en.wikipedia.org/wiki/Foo_(bar)"],
        ["(https://en.wikipedia.org/wiki/Foo_(bar)).", "https://en.wikipedia.org/wiki/Foo_(bar)"],
        ["https://example.com/snake_case/*star*/x", "https://example.com/snake_case/*star*/x"],
        ["is it https://example.com?!", "https://example.com"],
        ["'https://example.com/a', he said", "https://example.com/a"],
        ["<https://example.com>", "https://example.com"],
        ['"https://example.com"', "https://example.com"],
        ["https://example.com/<img src=x>", "https://example.com/"],
      ];
      for (const [text, address] of links) {
        it(`finds ${JSON.stringify(address)} in ${JSON.stringify(text)}`, () => {
          const found = parseMarkdown(text).flatMap((block) => (block.kind === "paragraph" ? block.inlines : []));
          const addresses = found.flatMap((inline) => (typeof inline === "object" && inline.kind === "link" ? [inline.text] : []));
          expect(addresses).to.deep.equal([address]);
        });
      }

      it("links inside bold and italic, without the markers", () => {
        expect(parseMarkdown("**https://example.com**")).to.deep.equal(
          paragraph({ kind: "bold", children: [{ kind: "link", text: "https://example.com", href: "https://example.com" }] }),
        );
        expect(parseMarkdown("_www.example.com/a_b_")).to.deep.equal(
          paragraph({ kind: "italic", children: [{ kind: "link", text: "www.example.com/a_b", href: "https://www.example.com/a_b" }] }),
        );
      });

      it("does not link a scheme alone, or an address glued to a word", () => {
        for (const text of ["https://", "https://.", "www.", "see http://", "xhttps://example.com", "nowww.example.com"]) {
          expect(parseMarkdown(text), text).to.deep.equal(paragraph(text));
        }
      });
    });
  });

  describe("renderMarkdown", () => {
    it("makes <strong part=bold>, <em part=italic> and <code part=code>", async () => {
      const root = await rendered("**bold**, *italic* and `code`");
      expect(elementsOf(root)).to.deep.equal(["strong[bold]", "em[italic]", "code[code]"]);
      expect(root.querySelector("strong")!.textContent).to.equal("bold");
      expect(root.querySelector("em")!.textContent).to.equal("italic");
      expect(root.querySelector("code")!.textContent).to.equal("code");
      expect(root.textContent).to.equal("bold, italic and code");
    });

    it("nests italic in bold as elements", async () => {
      const root = await rendered("**a _b_ c**");
      expect(elementsOf(root)).to.deep.equal(["strong[bold]", "em[italic]"]);
      expect(root.querySelector("strong > em")!.textContent).to.equal("b");
    });

    it("makes a <pre part=code-block> holding the code as text", async () => {
      const code = "<script>window.__pwned = 1</script>\n  **not bold**";
      const root = await rendered(`look:\n\`\`\`html\n${code}\n\`\`\`\ndone`);
      expect(elementsOf(root)).to.deep.equal(["pre[code-block]"]);
      expect(root.querySelector("pre")!.textContent).to.equal(code);
      expect(root.textContent).to.equal(`look:${code}done`);
    });

    it("keeps line breaks", async () => {
      const text = "line one\nline two\n\n**bold\nbreak** and `code`\nlast";
      const root = await rendered(text);
      expect(root.querySelectorAll("br").length).to.equal(0);
      expect(root.innerText).to.equal("line one\nline two\n\nbold\nbreak and code\nlast");
    });

    it("opens links in a new tab with exactly rel=\"noopener noreferrer nofollow\"", async () => {
      const root = await rendered("see https://example.com/a?b=c. or www.example.org!");
      const links = [...root.querySelectorAll("a")];
      expect(links.map((link) => link.getAttribute("href"))).to.deep.equal(["https://example.com/a?b=c", "https://www.example.org"]);
      expect(links.map((link) => link.textContent)).to.deep.equal(["https://example.com/a?b=c", "www.example.org"]);
      for (const link of links) {
        expect(link.getAttribute("part")).to.equal("link");
        expect(link.getAttribute("target")).to.equal("_blank");
        expect(link.getAttribute("rel")).to.equal("noopener noreferrer nofollow");
        expect([...link.attributes].map((attribute) => attribute.name).sort()).to.deep.equal(["href", "part", "rel", "target"]);
      }
      expect(root.textContent).to.equal("see https://example.com/a?b=c. or www.example.org!");
    });

    describe("never makes a link of another scheme", () => {
      const texts = [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        " javascript:alert(1)",
        "javascript://example.com/%0Aalert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//example.com/protocol-relative",
        "mailto:someone@example.com",
        "[click](javascript:alert(1))",
        "<javascript:alert(1)>",
        "**javascript:alert(1)**",
        "`javascript:alert(1)`",
        "http:/example.com",
        "https:example.com",
      ];
      for (const text of texts) {
        it(JSON.stringify(text), async () => {
          const root = await rendered(text);
          expect(root.querySelectorAll("a").length).to.equal(0);
          expect(root.textContent).to.equal(text.replace(/\*\*|`/g, ""));
        });
      }
    });

    describe("shows HTML in the text as text", () => {
      beforeEach(() => {
        delete window.__pwned;
      });

      const img = "<img src=x onerror=window.__pwned=1>";
      const iframe = '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>';
      // What is typed, and the text that must show.
      const texts: [string, string][] = [
        [img, img],
        [`**${img}**`, img],
        ["_<svg onload=window.__pwned=1>_", "<svg onload=window.__pwned=1>"],
        ["`<script>window.__pwned=1</script>`", "<script>window.__pwned=1</script>"],
        ["```\n" + iframe + "\n```", iframe],
        [`https://example.com/"><img src=x onerror=window.__pwned=1>`, `https://example.com/"><img src=x onerror=window.__pwned=1>`],
        ["www.example.com/'onmouseover='window.__pwned=1", "www.example.com/'onmouseover='window.__pwned=1"],
        ["<!--?lit$1234$--><b>${window.__pwned=1}</b>", "<!--?lit$1234$--><b>${window.__pwned=1}</b>"],
      ];
      for (const [text, shown] of texts) {
        it(JSON.stringify(text), async () => {
          const root = await rendered(text);
          // Give a would-be <img> time to fail loading and fire onerror.
          await nextFrame();
          await aTimeout(20);
          const made = new Set(["strong", "em", "code", "pre", "a"]);
          expect([...root.querySelectorAll("*")].filter((element) => !made.has(element.localName)).length).to.equal(0);
          for (const link of root.querySelectorAll("a")) expect(link.getAttribute("href")).to.match(/^https:\/\//);
          expect(root.textContent).to.equal(shown);
          expect(window.__pwned).to.equal(undefined);
        });
      }
    });

    it("links only http(s) addresses and builds only its own elements, whatever the text", async () => {
      const alphabet = ["*", "_", "`", "```", "**", "\n", " ", "a", ".", ")", "(", "<", ">", "\"", "'", "&", ":", "https://", "www.", "javascript:", "é"];
      const container = document.createElement("div");
      document.body.append(container);
      try {
        fc.assert(
          fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }), (pieces) => {
            const text = pieces.join("");
            render(renderMarkdown(text), container);
            for (const element of container.querySelectorAll("*")) {
              const expected = { strong: "bold", em: "italic", code: "code", pre: "code-block", a: "link" }[element.localName];
              if (element.getAttribute("part") !== expected) throw new Error(`unexpected <${element.localName}> from ${JSON.stringify(text)}`);
              if (element.localName === "a" && !/^https?:\/\//i.test(element.getAttribute("href")!)) {
                throw new Error(`link to ${element.getAttribute("href")} from ${JSON.stringify(text)}`);
              }
            }
          }),
          { numRuns: 500 },
        );
      } finally {
        container.remove();
      }
    });

    describe("renders hostile input of 50,000 characters", () => {
      const unmatched: [string, string][] = [
        ["asterisks", "*".repeat(50_000)],
        ["underscores", "_".repeat(50_000)],
        ["backticks", "`".repeat(50_000)],
        ["unclosed italics", "*a ".repeat(16_667)],
        ["unclosed bold", "**a ".repeat(12_500)],
        ["an unclosed code span", `\`${"a ".repeat(25_000)}`],
        ["backtick runs that are neither code nor fence", "````a ``a ".repeat(5_000)],
      ];
      for (const [label, text] of unmatched) {
        it(`of ${label}, keeping every character`, async () => {
          const root = await rendered(text);
          // A boolean: a failing comparison of two 50,000-character strings prints them both.
          expect(root.textContent === text, "text kept").to.equal(true);
        });
      }

      const mixed: [string, string][] = [
        ["alternating markers", "*_`".repeat(16_667)],
        ["openers nested deep", `${"*_".repeat(12_500)}x${"_*".repeat(12_500)}`],
        ["markers between words", "a*b_c`d**e***f ".repeat(3_334)],
        ["links in emphasis", "*https://a.example* ".repeat(2_500)],
      ];
      for (const [label, text] of mixed) {
        it(`of ${label}, losing only markers`, async () => {
          const root = await rendered(text);
          expect(root.textContent === shownText(text), "the parsed text shown").to.equal(true);
          expect(withoutMarkers(root.textContent!) === withoutMarkers(text), "only markers dropped").to.equal(true);
        });
      }

      it("many short spans of every kind", async () => {
        const text = "*a* _b_ **c** `d` https://e.example ".repeat(1_400);
        const root = await rendered(text);
        expect(root.querySelectorAll("em").length).to.equal(2_800);
        expect(root.querySelectorAll("strong").length).to.equal(1_400);
        expect(root.querySelectorAll("code").length).to.equal(1_400);
        expect(root.querySelectorAll("a").length).to.equal(1_400);
        expect(root.textContent).to.equal("a b c d https://e.example ".repeat(1_400));
      });
    });
  });
});
