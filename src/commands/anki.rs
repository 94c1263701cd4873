//! A card as one record of Anki's text import (`recall export --format
//! anki`): front, back, deck and tags apart by tabs, the fields in HTML.
//! The back is the whole answer (docs/design.md §14.1): the lead, the items
//! as a list, the details; code as `<pre><code>`, with its language as a
//! `language-…` class, lines apart by `<br>`. The HTML comes from the
//! card's Markdown through pulldown-cmark, with HTML written in the notes
//! escaped as text: nothing from the notes reaches Anki as markup but what
//! Markdown itself makes.

use std::io::{self, Write};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::cards::{Block, BlockKind, Kind};
use crate::store::CardState;

/// Events rendered as HTML, HTML of the notes' own as escaped text.
fn to_html<'a>(events: impl Iterator<Item = Event<'a>>) -> String {
    let mut html = String::new();
    let events = events.map(|event| match event {
        Event::Html(text) | Event::InlineHtml(text) => Event::Text(text),
        event => event,
    });
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// Inline Markdown as HTML, without the paragraph around it, on one line.
pub fn inline(md: &str) -> String {
    let html = to_html(Parser::new(md));
    let html = html.trim();
    let html = html.strip_prefix("<p>").unwrap_or(html);
    let html = html.strip_suffix("</p>").unwrap_or(html);
    html.replace(['\n', '\t'], " ")
}

/// A block of a lead or details as HTML on one line.
pub fn block(block: &Block) -> String {
    let md = &block.text.md;
    match &block.kind {
        BlockKind::Paragraph => format!("<p>{}</p>", inline(md)),
        BlockKind::Quote => {
            // One line per paragraph or item of the quote; items as a list.
            let mut html = String::from("<blockquote>");
            let mut in_list = false;
            for line in md.lines() {
                let item = line.strip_prefix("- ");
                match (item, in_list) {
                    (Some(_), false) => html.push_str("<ul>"),
                    (None, true) => html.push_str("</ul>"),
                    _ => {}
                }
                in_list = item.is_some();
                match item {
                    Some(item) => html.push_str(&format!("<li>{}</li>", inline(item))),
                    None => html.push_str(&format!("<p>{}</p>", inline(line))),
                }
            }
            if in_list {
                html.push_str("</ul>");
            }
            html.push_str("</blockquote>");
            html
        }
        BlockKind::Code { lang } => {
            let info = CowStr::from(lang.clone().unwrap_or_default());
            let events = [
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))),
                Event::Text(CowStr::from(format!("{md}\n"))),
                Event::End(TagEnd::CodeBlock),
            ];
            // The code is escaped text inside `<pre>`: its line ends become
            // `<br>` and its tabs `&#9;`, so the record stays on one line
            // and the code reads as written.
            let html = to_html(events.into_iter());
            let html = html.trim_end();
            let html = html.strip_suffix("</code></pre>").unwrap_or(html);
            // The line end added above, for pulldown-cmark's writer.
            let html = html.strip_suffix('\n').unwrap_or(html);
            html.replace('\n', "<br>").replace('\t', "&#9;") + "</code></pre>"
        }
        BlockKind::Table => {
            to_html(Parser::new_ext(md, Options::ENABLE_TABLES)).replace(['\n', '\t'], "")
        }
    }
}

/// An Anki field: HTML on one line, quoted when it holds a quote.
fn field(html: &str) -> String {
    if html.contains('"') {
        format!("\"{}\"", html.replace('"', "\"\""))
    } else {
        html.to_string()
    }
}

/// The card's back: a cloze's phrase, or a list card's lead, items and
/// details.
fn back(state: &CardState) -> String {
    let c = &state.card;
    if c.kind == Kind::Cloze {
        return inline(&c.answer_md.join(" "));
    }
    let mut html: String = c.lead.iter().map(block).collect();
    if !c.answer_md.is_empty() {
        html.push_str("<ul>");
        for item in &c.answer_md {
            html.push_str(&format!("<li>{}</li>", inline(item)));
        }
        html.push_str("</ul>");
    }
    html.extend(c.details.iter().map(block));
    html
}

/// The card's record: front (the breadcrumb, small, then the question),
/// back, deck (`recall::` and the deck's folders) and tags.
pub fn line(out: &mut impl Write, state: &CardState) -> io::Result<()> {
    let c = &state.card;
    let mut front = String::new();
    if !c.context_md.is_empty() {
        let crumbs: Vec<String> = c.context_md.iter().map(|m| inline(m)).collect();
        front.push_str(&format!("<small>{}</small><br>", crumbs.join(" › ")));
    }
    front.push_str(&inline(&c.question_md));
    let deck = format!("recall::{}", c.deck.replace('/', "::"));
    let tags = format!("recall::{}", c.kind.as_str());
    writeln!(
        out,
        "{}\t{}\t{}\t{}",
        field(&front),
        field(&back(state)),
        field(&deck.replace([' ', '\t'], "_")),
        tags
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cards::Text;

    fn of(kind: BlockKind, md: &str) -> String {
        block(&Block {
            kind,
            text: Text {
                plain: md.into(),
                md: md.into(),
            },
            line: 1,
        })
    }

    #[test]
    fn code_is_escaped_in_pre_and_code_with_its_language_lines_kept() {
        assert_eq!(
            of(
                BlockKind::Code {
                    lang: Some("rust".into())
                },
                "if a < b && c > d {\n\tprintln!(\"<b>\");\n}"
            ),
            "<pre><code class=\"language-rust\">if a &lt; b &amp;&amp; c &gt; d {<br>&#9;\
             println!(\"&lt;b&gt;\");<br>}</code></pre>"
        );
        assert_eq!(
            of(BlockKind::Code { lang: None }, "\n  indented\n"),
            "<pre><code><br>  indented<br></code></pre>"
        );
        // A language is an attribute's value: escaped too.
        let odd = of(
            BlockKind::Code {
                lang: Some("a\"><script>".into()),
            },
            "x",
        );
        assert!(!odd.contains("<script>"), "{odd}");
    }

    #[test]
    fn html_in_the_notes_is_text_in_every_kind_of_block() {
        let evil = "<script>alert(1)</script> <b>bold</b>";
        for kind in [BlockKind::Paragraph, BlockKind::Quote] {
            let html = of(kind, evil);
            assert!(
                !html.contains("<script>") && !html.contains("<b>"),
                "{html}"
            );
            assert!(html.contains("&lt;script&gt;"), "{html}");
        }
        let table = of(
            BlockKind::Table,
            "| a | <img src=x onerror=alert(1)> |\n| --- | --- |\n| **b** | `c` |",
        );
        assert!(!table.contains("<img"), "{table}");
        assert!(table.contains("<strong>b</strong>"), "{table}");
        assert!(table.starts_with("<table><thead><tr><th>a</th>"), "{table}");
        assert_eq!(
            inline("<i>x</i> **y**"),
            "&lt;i&gt;x&lt;/i&gt; <strong>y</strong>"
        );
    }

    #[test]
    fn a_quote_keeps_its_lines_and_its_items() {
        assert_eq!(
            of(
                BlockKind::Quote,
                "A **version** control system.\n- one\n- two\nAfter."
            ),
            "<blockquote><p>A <strong>version</strong> control system.</p>\
             <ul><li>one</li><li>two</li></ul><p>After.</p></blockquote>"
        );
    }
}
