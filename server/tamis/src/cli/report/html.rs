//! The report as one HTML page: styles inline, charts as inline SVG drawn here, no script and
//! no request. Every text from the corpus is escaped, and the page's Content-Security-Policy
//! forbids scripts and requests anyway, so that a file holding `<script>` shows it as text.

use std::fmt::Write;

use super::{Count, Report};

/// The page's policy: inline styles only; no script, no request of any kind.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const STYLE: &str = "
html { background: #fff; color-scheme: light; }
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1100px; padding: 1em 2em; color: #1d232b; }
h1 { font-size: 1.6em; margin-bottom: .2em; } h2 { margin-top: 1.8em; border-bottom: 1px solid #d5dbe3; }
.totals { display: flex; flex-wrap: wrap; gap: 1em; } .total { background: #f1f4f8; border-radius: 6px; padding: .6em 1em; }
.total b { display: block; font-size: 1.5em; }
.charts { display: flex; flex-wrap: wrap; gap: 2em; } figure { margin: 0; } figcaption { font-weight: 600; margin-bottom: .3em; }
svg text { font: 12px system-ui, sans-serif; fill: #1d232b; } .bar { fill: #3b6fb6; } .bar.sev-error { fill: #c0392b; }
.bar.sev-warning { fill: #d68910; } .bar.sev-info { fill: #2e86c1; } .bar.sev-hint { fill: #7f8c8d; }
table { border-collapse: collapse; margin: .5em 0 1em; } td, th { border-bottom: 1px solid #e3e8ee; padding: .25em .6em; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; } code, .text { font-family: ui-monospace, monospace; font-size: 12px; white-space: pre-wrap; word-break: break-all; }
details { margin: .4em 0; } summary { cursor: pointer; } .muted { color: #66707c; }
";

/// The whole page.
pub fn render(r: &Report) -> String {
    let mut o = String::with_capacity(64 << 10);
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>tamis report</title><style>{STYLE}</style></head><body>\n"
    );
    let _ = writeln!(
        o,
        "<h1>Corpus report</h1><p class=\"muted\">Made by tamis {} from one check and entities pass.</p>",
        env!("CARGO_PKG_VERSION")
    );
    o.push_str("<div class=\"totals\">");
    let with = r
        .outcomes
        .iter()
        .find(|c| c.label == "with findings")
        .map_or(0, |c| c.count);
    for (n, label) in [
        (r.files, "files"),
        (with, "files with findings"),
        (r.findings, "findings"),
        (r.fix.safe, "safe fixes"),
        (r.fix.lines_deleted, "lines a fix deletes"),
    ] {
        let _ = write!(o, "<div class=\"total\"><b>{n}</b>{label}</div>");
    }
    o.push_str("</div>\n<h2>Findings</h2><div class=\"charts\">");
    bars(
        &mut o,
        "severities",
        "Findings per severity",
        &r.severities,
        true,
    );
    bars(&mut o, "outcomes", "Files per outcome", &r.outcomes, false);
    bars(&mut o, "rules", "Findings per rule", &r.rules, false);
    columns(
        &mut o,
        "histogram",
        "Files per number of findings",
        &r.histogram,
    );
    o.push_str("</div>\n");
    fix_section(&mut o, r);
    groups_section(&mut o, r);
    top_files_section(&mut o, r);
    entities_section(&mut o, r);
    o.push_str("</body></html>\n");
    o
}

/// Escapes text for an element's content or a quoted attribute.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A horizontal bar chart, one `rect.bar` per row.
fn bars(o: &mut String, id: &str, title: &str, rows: &[Count], severity: bool) {
    const LABEL: usize = 210;
    const WIDTH: usize = 300;
    const ROW: usize = 22;
    // Characters of a label shown beside its bar (the whole label is in the bar's tooltip).
    const LABEL_CHARS: usize = 30;
    let max = rows.iter().map(|c| c.count).max().unwrap_or(0).max(1);
    let height = rows.len().max(1) * ROW + 4;
    let _ = write!(
        o,
        "<figure><figcaption>{}</figcaption><svg class=\"chart\" data-chart=\"{id}\" role=\"img\" \
         width=\"{}\" height=\"{height}\" viewBox=\"0 0 {} {height}\">",
        escape(title),
        LABEL + WIDTH + 70,
        LABEL + WIDTH + 70
    );
    for (i, c) in rows.iter().enumerate() {
        let y = i * ROW + 2;
        let w = c.count * WIDTH / max;
        let class = if severity {
            format!("bar sev-{}", escape(&c.label))
        } else {
            "bar".to_string()
        };
        let label = escape(&c.label);
        let short = match c.label.char_indices().nth(LABEL_CHARS) {
            Some((i, _)) => format!("{}…", escape(&c.label[..i])),
            None => label.clone(),
        };
        let _ = write!(
            o,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{short}</text>\
             <rect class=\"{class}\" x=\"{LABEL}\" y=\"{y}\" width=\"{w}\" height=\"{}\" data-value=\"{}\">\
             <title>{label}: {}</title></rect><text x=\"{}\" y=\"{}\">{}</text>",
            LABEL - 6,
            y + 14,
            ROW - 6,
            c.count,
            c.count,
            LABEL + w + 4,
            y + 14,
            c.count
        );
    }
    o.push_str("</svg></figure>");
}

/// A vertical bar chart (the histogram), one `rect.bar` per bucket.
fn columns(o: &mut String, id: &str, title: &str, rows: &[Count]) {
    const COL: usize = 52;
    const HEIGHT: usize = 160;
    let max = rows.iter().map(|c| c.count).max().unwrap_or(0).max(1);
    let width = rows.len() * COL + 10;
    let total = HEIGHT + 40;
    let _ = write!(
        o,
        "<figure><figcaption>{}</figcaption><svg class=\"chart\" data-chart=\"{id}\" role=\"img\" \
         width=\"{width}\" height=\"{total}\" viewBox=\"0 0 {width} {total}\">",
        escape(title)
    );
    for (i, c) in rows.iter().enumerate() {
        let x = i * COL + 6;
        let h = c.count * HEIGHT / max;
        let label = escape(&c.label);
        let _ = write!(
            o,
            "<rect class=\"bar\" x=\"{x}\" y=\"{}\" width=\"{}\" height=\"{h}\" data-value=\"{}\">\
             <title>{label} findings: {} files</title></rect>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{label}</text>",
            HEIGHT + 16 - h,
            COL - 8,
            c.count,
            c.count,
            x + (COL - 8) / 2,
            HEIGHT + 12 - h,
            c.count,
            x + (COL - 8) / 2,
            HEIGHT + 32
        );
    }
    o.push_str("</svg></figure>");
}

fn fix_section(o: &mut String, r: &Report) {
    let f = &r.fix;
    let _ = writeln!(
        o,
        "<h2 id=\"fix\">What <code>tamis fix</code> would change</h2>\
         <table><tr><td class=\"n\">{}</td><td>findings with a safe fix (applied by <code>tamis fix</code>)</td></tr>\
         <tr><td class=\"n\">{}</td><td>findings with an unsafe fix (applied with <code>--unsafe-fixes</code>)</td></tr>\
         <tr><td class=\"n\">{}</td><td>files changed by safe fixes</td></tr>\
         <tr><td class=\"n\">{}</td><td>lines deleted by safe fixes</td></tr>\
         <tr><td class=\"n\">{}</td><td>lines deleted with <code>--unsafe-fixes</code></td></tr></table>\
         <p class=\"muted\">From the first round of fixes; <code>tamis fix</code> checks again after each round.</p>",
        f.safe, f.unsafe_fixes, f.files_changed, f.lines_deleted, f.lines_deleted_with_unsafe
    );
}

fn groups_section(o: &mut String, r: &Report) {
    let _ = write!(
        o,
        "<h2 id=\"groups\">Sites and templates</h2><p class=\"muted\">{} group{}; the largest {} are listed. \
         A site is the host a page names; a template, the first line its pages share.</p>",
        r.groups_total,
        if r.groups_total == 1 { "" } else { "s" },
        r.groups.len()
    );
    let rows: Vec<Count> = r
        .groups
        .iter()
        .map(|g| Count {
            label: format!("{}: {}", g.kind, g.name),
            count: g.files,
        })
        .collect();
    o.push_str("<div class=\"charts\">");
    bars(o, "groups", "Files per site or template", &rows, false);
    o.push_str("</div><table><tr><th>site or template</th><th class=\"n\">files</th><th class=\"n\">findings</th><th class=\"n\">per file</th><th>boilerplate blocks learned</th></tr>");
    for g in &r.groups {
        let _ = write!(
            o,
            "<tr><td>{}: <span class=\"text\">{}</span></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{:.2}</td><td>",
            g.kind,
            escape(&g.name),
            g.files,
            g.findings,
            g.findings_per_file
        );
        if g.blocks.is_empty() {
            o.push_str("<span class=\"muted\">none</span>");
        } else {
            let _ = write!(
                o,
                "<details><summary>{} block{}</summary><table><tr><th>first line</th><th class=\"n\">lines</th><th class=\"n\">files</th><th>example</th></tr>",
                g.blocks.len(),
                if g.blocks.len() == 1 { "" } else { "s" }
            );
            for b in &g.blocks {
                let _ = write!(
                    o,
                    "<tr><td class=\"text\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"text\">{}</td></tr>",
                    escape(&b.text),
                    b.lines,
                    b.files,
                    escape(&b.example)
                );
            }
            o.push_str("</table></details>");
        }
        o.push_str("</td></tr>");
    }
    o.push_str("</table>\n");
}

fn top_files_section(o: &mut String, r: &Report) {
    let _ = write!(
        o,
        "<h2 id=\"files\">The {} files with the most findings</h2><table><tr><th class=\"n\">findings</th><th>file</th></tr>",
        r.top_files.len()
    );
    for (i, f) in r.top_files.iter().enumerate() {
        let _ = write!(
            o,
            "<tr><td class=\"n\">{}</td><td><a href=\"#file-{i}\" class=\"text\">{}</a></td></tr>",
            f.findings,
            escape(&f.path)
        );
    }
    o.push_str("</table>");
    for (i, f) in r.top_files.iter().enumerate() {
        let _ = write!(
            o,
            "<section id=\"file-{i}\"><h3 class=\"text\">{}</h3><table><tr><th class=\"n\">line</th><th>rule</th><th>severity</th><th>message</th><th>text</th></tr>",
            escape(&f.path)
        );
        for it in &f.items {
            let _ = write!(
                o,
                "<tr><td class=\"n\">{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td class=\"text\">{}</td></tr>",
                it.line,
                escape(it.code),
                it.severity,
                escape(&it.message),
                escape(&it.text)
            );
        }
        o.push_str("</table>");
        if f.findings > f.items.len() {
            let _ = write!(
                o,
                "<p class=\"muted\">and {} more (see <code>tamis check</code>)</p>",
                f.findings - f.items.len()
            );
        }
        o.push_str("</section>");
    }
    o.push('\n');
}

fn entities_section(o: &mut String, r: &Report) {
    o.push_str("<h2 id=\"entities\">Entities</h2><div class=\"charts\">");
    for k in &r.entities {
        let _ = write!(
            o,
            "<div><h3>{} <span class=\"muted\">({} distinct, {} mentions)</span></h3><table><tr><th>value</th><th class=\"n\">files</th><th class=\"n\">mentions</th></tr>",
            k.kind, k.distinct, k.mentions
        );
        for e in &k.top {
            let _ = write!(
                o,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape(&e.value),
                e.files,
                e.mentions
            );
        }
        o.push_str("</table></div>");
    }
    o.push_str("</div>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }

    #[test]
    fn the_page_stays_under_5_mb_with_every_list_full_of_the_longest_escaped_text() {
        use super::super::*;
        // Quotes: the character that escapes longest (`&quot;`), in every text kept.
        let worst = "\"".repeat(SNIPPET) + "…";
        let count = |n| Count {
            label: worst.clone(),
            count: n,
        };
        let report = Report {
            rules: (0..60).map(count).collect(),
            histogram: (0..BUCKETS.len()).map(count).collect(),
            groups: (0..TOP_GROUPS)
                .map(|i| Group {
                    kind: "template",
                    name: worst.clone(),
                    files: i,
                    findings: i,
                    findings_per_file: 1.0,
                    blocks: (0..BLOCKS_PER_GROUP)
                        .map(|_| Block {
                            text: worst.clone(),
                            lines: 1,
                            files: 1,
                            example: worst.clone(),
                        })
                        .collect(),
                })
                .collect(),
            top_files: (0..TOP_FILES)
                .map(|_| TopFile {
                    path: worst.clone(),
                    findings: 10_000,
                    items: (0..FINDINGS_PER_FILE)
                        .map(|_| Item {
                            line: 1,
                            code: "html-leftover",
                            severity: "warning",
                            message: worst.clone(),
                            text: worst.clone(),
                        })
                        .collect(),
                })
                .collect(),
            entities: Kind::ALL
                .iter()
                .map(|k| EntityKind {
                    kind: k.as_str(),
                    distinct: 1,
                    mentions: 1,
                    top: (0..TOP_ENTITIES)
                        .map(|_| EntityCount {
                            value: worst.clone(),
                            mentions: 1,
                            files: 1,
                        })
                        .collect(),
                })
                .collect(),
            ..Report::default()
        };
        let size = render(&report).len();
        assert!(size < 5 << 20, "{size} bytes");
    }

    #[test]
    fn one_bar_per_row() {
        let rows = vec![
            Count {
                label: "a<b".into(),
                count: 3,
            },
            Count {
                label: "c".into(),
                count: 0,
            },
        ];
        let mut o = String::new();
        bars(&mut o, "x", "X", &rows, false);
        assert_eq!(o.matches("<rect class=\"bar\"").count(), 2);
        assert!(o.contains("a&lt;b") && !o.contains("a<b"));
    }
}
