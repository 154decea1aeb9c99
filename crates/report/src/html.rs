//! HTML: one self-contained file (no network, no external script, font or image), readable
//! on a phone and printable on A4. For one provider: the headline by the seven tests,
//! actions grouped by child, staff member, household and incident, the evidence to record,
//! the waivers. For a batch, first the providers ranked by breaches of the law and the
//! standards ranked by the share of providers failing them, with filters by kind of
//! provider and by test; every provider's section is reachable from the rankings.
//!
//! Sections are built as each file arrives; the page is written at the end, as the rankings
//! come first.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::view::{self, ProviderRow};
use super::{Context, Reporter, Summary};
use carecheck_core::check::FileResult;
use carecheck_core::finding::Outcome;
use carecheck_core::standards::short_status;

/// The HTML reporter.
#[derive(Default)]
pub struct Html {
    /// Sections written into the page itself (one provider, or a batch to standard output).
    sections: Vec<String>,
    providers: Vec<ProviderRow>,
    /// Where a batch's provider pages go, when the report goes to a file.
    pages: Option<Pages>,
    /// Whether provider pages are being written (from the second file on).
    paging: bool,
}

/// Text safe in HTML.
pub fn h(s: &str) -> String {
    let s = carecheck_core::finding::printable(s);
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

const STYLE: &str = "
:root{--err:#b00020;--warn:#8a5a00;--ok:#0b6b3a;--muted:#555;--line:#ccc}
*{box-sizing:border-box}
body{font:16px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#111}
h1{font-size:1.5rem}h2{font-size:1.25rem;border-top:2px solid #333;padding-top:.8rem;margin-top:2rem}h3{font-size:1.1rem}h4{font-size:1rem;margin:.8rem 0 .3rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid var(--line);padding:.3rem .4rem;text-align:left;vertical-align:top}
td.n,th.n,.ranking td{text-align:right}.ranking td.k{text-align:left}
.err{color:var(--err);font-weight:600}.warn{color:var(--warn)}.muted{color:var(--muted)}
.finding{border-left:4px solid var(--line);padding:.3rem .6rem;margin:.4rem 0}.finding.error{border-color:var(--err)}.finding.warning{border-color:var(--warn)}
.tag{display:inline-block;font-size:.8rem;border:1px solid var(--line);border-radius:.3rem;padding:0 .3rem;margin-right:.3rem}
.filters{margin:.5rem 0;display:flex;gap:1rem;flex-wrap:wrap}
caption{text-align:left;font-weight:600;padding:.3rem 0}
.caption{display:block;font-size:1rem;font-weight:400;color:var(--muted)}
.error-summary{border:5px solid var(--err);padding:1rem;margin:1rem 0}.error-summary h2{border:none;margin-top:0;padding-top:0}
dl.summary-list{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0}dl.summary-list div{display:contents}dl.summary-list dt{font-weight:600}dl.summary-list dd{margin:0}
ul.todo{padding-left:1.2rem}
@media (max-width:40rem){body{font-size:15px;padding:.5rem}td,th{padding:.2rem}.wide{display:none}}
@media print{body{max-width:none;font-size:11pt}.filters,nav{display:none}h2{page-break-before:always;border:none}a{color:inherit;text-decoration:none}}
@page{size:A4;margin:15mm}
";

const SCRIPT: &str = "
function cc_filter(){
  var k=document.getElementById('f-kind').value, t=document.getElementById('f-test').value;
  document.querySelectorAll('[data-kind]').forEach(function(e){e.style.display=(k===''||e.dataset.kind===k)?'':'none';});
  document.querySelectorAll('[data-test]').forEach(function(e){e.style.display=(t===''||e.dataset.test===t)?'':'none';});
}
";

/// A finding's kind in words, for the tag of a built-in check.
fn kind_words(k: carecheck_core::finding::FindingKind) -> &'static str {
    match k {
        carecheck_core::finding::FindingKind::Standard => "standard",
        carecheck_core::finding::FindingKind::DataQuality => "a problem with the data",
        carecheck_core::finding::FindingKind::PersonalData => "personal data",
    }
}

/// One provider's section.
fn section(r: &FileResult, ctx: &Context<'_>, anchor: &str) -> String {
    let mut o = String::new();
    let c = view::counts(r);
    let kind = r.kind.as_deref().unwrap_or("");
    let _ = writeln!(
        o,
        "<section id=\"{anchor}\" data-kind=\"{}\" data-errors=\"{}\" data-warnings=\"{}\" data-infos=\"{}\" data-not-reported=\"{}\" data-waived=\"{}\">",
        h(kind),
        c.errors,
        c.warnings,
        c.infos,
        c.not_reported,
        c.waived
    );
    let _ = writeln!(
        o,
        "<h2><span class=\"caption\">{}</span> {} <span class=\"muted\">{}{}</span></h2>",
        h(&r.path),
        h(r.name.as_deref().unwrap_or("")),
        h(carecheck_core::schema::kind_in_words(kind)),
        r.urn.as_deref().map(|u| format!(", URN {}", h(u))).unwrap_or_default()
    );
    if r.judged() {
        let _ = writeln!(
            o,
            "<dl class=\"summary-list\"><div><dt>As of</dt><dd>{}</dd></div><div><dt>Breaches of the law</dt><dd class=\"err\">{}</dd></div><div><dt>Other standards not met</dt><dd>{}</dd></div><div><dt>Problems with the data</dt><dd>{}</dd></div><div><dt>Personal data</dt><dd>{}</dd></div><div><dt>Waived</dt><dd>{}</dd></div><div><dt>Evidence not recorded</dt><dd>{}</dd></div><div><dt>Checks that could be made</dt><dd>{}</dd></div></dl>",
            r.as_of
                .map_or_else(|| "not given".into(), carecheck_core::wording::prose_date),
            c.law,
            c.other,
            c.data_quality,
            c.personal_data,
            c.waived,
            c.not_reported,
            r.completeness.map(|p| format!("{p}%")).unwrap_or_else(|| "none apply".into())
        );
    } else {
        o.push_str("<p class=\"err\">Not judged: this file could not be read, so nothing in it was checked.</p>\n");
    }
    if !r.errors.is_empty() {
        let _ = writeln!(
            o,
            "<p class=\"err\">This file has {} to fix before it counts:</p><ul>",
            carecheck_core::wording::count(r.errors.len(), "problem", "problems")
        );
        for e in &r.errors {
            let _ = writeln!(o, "<li>line {}: {}</li>", e.line, h(&e.problem.message));
        }
        o.push_str("</ul>\n");
    }
    if !r.judged() {
        o.push_str("</section>\n");
        return o;
    }
    o.push_str("<table><caption>By test</caption><thead><tr><th scope=\"col\">test</th><th scope=\"col\" class=\"n\">breaches of the law</th><th scope=\"col\" class=\"n\">other standards not met</th><th scope=\"col\" class=\"n\">not recorded</th><th scope=\"col\" class=\"n\">waived</th></tr></thead><tbody>\n");
    for t in view::headline(r, ctx.set) {
        let _ = writeln!(
            o,
            "<tr data-test=\"{}\"><th scope=\"row\">{}<br><span class=\"muted wide\">{}</span></th><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            t.test,
            h(&carecheck_core::wording::test_title(&t.test)),
            h(&t.question),
            t.errors,
            t.others,
            t.not_reported,
            t.waived
        );
    }
    o.push_str("</tbody></table>\n");
    let actions = view::actions(r);
    if !actions.is_empty() {
        o.push_str("<h3>What to do</h3>\n");
        for (who, fs) in actions {
            let _ = writeln!(o, "<h4>{}</h4>", h(&who));
            for f in fs {
                let st = ctx.set.get(&f.standard);
                // every tag carries a word: a built-in check says what kind it is
                let status = st
                    .map(|s| s.status.to_provider(s.duty_holder))
                    .unwrap_or_else(|| kind_words(f.kind()).into());
                let _ = writeln!(
                    o,
                    "<div class=\"finding {}\" data-test=\"{}\"><span class=\"tag\">{}</span><span class=\"tag\">{}</span><span class=\"tag\">{}</span>{}<br>{} <span class=\"muted\">(line {})</span><br><b>What to do:</b> {}<br><span class=\"muted\">{}</span></div>",
                    f.severity.as_str(),
                    h(f.test.as_deref().unwrap_or("")),
                    h(&f.standard),
                    f.severity.as_str(),
                    h(&status),
                    if f.baseline == Some(carecheck_core::finding::BaselineState::New) { "<span class=\"tag\">new</span>" } else { "" },
                    h(&view::message(f)),
                    f.line,
                    h(view::help(f).lines().next().unwrap_or("")),
                    h(&f.citation)
                );
            }
        }
    }
    let todo = view::todo(r);
    if !todo.is_empty() {
        o.push_str("<h3>Evidence to record</h3><p class=\"muted\">Not a breach: these standards cannot be checked until it is recorded. Each field is listed once, under the record it belongs to.</p>\n");
        for (who, items) in &todo {
            let _ = writeln!(
                o,
                "<p><b>{}</b></p><ul class=\"todo\">",
                h(&view::todo_line(who, items))
            );
            for i in items {
                let what = if i.what.is_empty() {
                    String::new()
                } else {
                    format!(": {}", i.what)
                };
                let tests: Vec<&str> = i
                    .standards
                    .iter()
                    .filter_map(|id| ctx.set.get(id).map(|s| s.test.as_str()))
                    .collect();
                let titles: Vec<String> = i
                    .standards
                    .iter()
                    .map(|id| match ctx.set.get(id) {
                        Some(s) => format!("{id}, {}", s.title),
                        None => id.clone(),
                    })
                    .collect();
                let _ = writeln!(
                    o,
                    "<li data-test=\"{}\">line {}: {}{} <span class=\"muted\">(for {})</span></li>",
                    h(tests.first().copied().unwrap_or("")),
                    i.line,
                    h(&i.words),
                    h(&what),
                    h(&titles.join("; "))
                );
            }
            o.push_str("</ul>\n");
        }
    }
    let waived: Vec<_> = r.findings.iter().filter(|f| f.outcome == Outcome::Waived).collect();
    if !waived.is_empty() {
        o.push_str("<h3>Waivers</h3><ul>\n");
        for f in waived {
            if let Some(w) = &f.waiver {
                let _ = writeln!(
                    o,
                    "<li>{}{}: {} (approved by {}, until {})</li>",
                    h(&f.standard),
                    f.child
                        .as_deref()
                        .map(|c| format!(" for child {}", h(c)))
                        .unwrap_or_default(),
                    h(&w.reason),
                    h(&w.approved_by_role),
                    h(&w.expires_on)
                );
            }
        }
        o.push_str("</ul>\n");
    }
    o.push_str("</section>\n");
    o
}

/// Where a batch's provider pages go: a folder beside the overview, named after it
/// (`report.html` gets `report/`), so the overview stays small enough to email and each
/// provider's detail is a page of its own.
#[derive(Debug, Clone)]
pub struct Pages {
    /// The folder, as the front end can create it.
    pub dir: std::path::PathBuf,
    /// The folder as the overview links to it (its name alone: the two travel together).
    pub link: String,
}

impl Pages {
    /// The pages of the overview written to `overview` (`out/report.html` gives
    /// `out/report/`, linked as `report/`).
    pub fn beside(overview: &std::path::Path) -> Pages {
        let stem = overview
            .file_stem()
            .map_or_else(|| "report".into(), |s| s.to_string_lossy().into_owned());
        let stem = if stem.is_empty() { "report".to_string() } else { stem };
        Pages {
            dir: overview.with_file_name(&stem),
            link: stem,
        }
    }
}

/// A provider page's file name: its place in the input (so two files never share a page)
/// and its file's name in letters, digits and dashes, for a person browsing the folder.
pub fn page_name(n: usize, path: &str, ext: &str) -> String {
    let stem = std::path::Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .take(60)
        .collect();
    format!("{}-{}.{ext}", n + 1, slug.trim_matches('-'))
}

/// The head of every page: one style, no network.
fn head(o: &mut String, title: &str, script: bool) {
    let _ = write!(
        o,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n<title>{}</title>\n<style>{STYLE}</style>\n{}</head>\n<body>\n",
        h(title),
        if script { format!("<script>{SCRIPT}</script>\n") } else { String::new() }
    );
}

/// One statistics table as GOV.UK's table pattern draws it: a caption, scoped headers,
/// each row named by a row header, numbers aligned right and shares as per cents.
fn stats_table(o: &mut String, t: &crate::statistics::Table, data_test: bool) {
    let shown: Vec<usize> = (0..t.header.len())
        .filter(|i| !t.detail.get(*i).copied().unwrap_or(false))
        .collect();
    let _ = write!(
        o,
        "<table class=\"stats\" id=\"t-{}\"><caption>{}</caption><thead><tr>",
        t.id,
        h(t.caption)
    );
    for &i in &shown {
        let _ = write!(
            o,
            "<th scope=\"col\"{}>{}</th>",
            if t.numeric[i] { " class=\"n\"" } else { "" },
            h(t.header[i])
        );
    }
    o.push_str("</tr></thead><tbody>\n");
    for (row, label) in t.rows.iter().zip(&t.labels) {
        if data_test {
            let _ = write!(o, "<tr data-test=\"{}\">", h(&row[0]));
        } else {
            o.push_str("<tr>");
        }
        for &i in &shown {
            let v = &row[i];
            if i == 0 {
                let _ = write!(o, "<th scope=\"row\">{}</th>", h(label));
            } else if t.is_share(i) {
                let _ = write!(
                    o,
                    "<td class=\"n\">{}</td>",
                    crate::statistics::share_percent(v.parse::<f64>().ok())
                );
            } else if t.header[i] == "status" {
                let _ = write!(o, "<td>{}</td>", short_status(v));
            } else if t.numeric[i] {
                let _ = write!(o, "<td class=\"n\">{v}</td>");
            } else {
                let _ = write!(o, "<td>{}</td>", h(v));
            }
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody></table>\n");
}

impl Html {
    /// A batch's report as an overview with a page per provider in `pages`; one file alone
    /// still gets one page.
    pub fn paged(pages: Pages) -> Html {
        Html {
            pages: Some(pages),
            ..Html::default()
        }
    }

    /// A provider's section as a page of its own, linking back to the overview.
    fn write_page(&self, n: usize, section_html: &str, title: &str) -> io::Result<()> {
        let Some(p) = &self.pages else { return Ok(()) };
        let mut o = String::new();
        head(&mut o, title, false);
        let _ = writeln!(
            o,
            "<p><a href=\"../{}.html\">Back to the overview of every provider</a></p>\n<h1>{}</h1>",
            h(&p.link),
            h(title)
        );
        o.push_str(section_html);
        o.push_str("</body>\n</html>\n");
        let path = p
            .dir
            .join(page_name(n, &self.providers[n].path, crate::Format::Html.extension()));
        std::fs::write(&path, o)
            .map_err(|e| io::Error::new(e.kind(), format!("cannot write `{}`: {e}", path.display())))
    }

    /// Where the overview links to provider `n`: its page, or its section below.
    fn href(&self, n: usize) -> String {
        match &self.pages {
            Some(p) if self.paging => format!(
                "{}/{}",
                p.link,
                page_name(n, &self.providers[n].path, crate::Format::Html.extension())
            ),
            _ => format!("#{}", self.providers[n].anchor),
        }
    }
}

/// A provider page's title: its name, or its file.
fn page_title(p: &ProviderRow) -> String {
    format!("Self-assessment: {}", if p.name.is_empty() { &p.path } else { &p.name })
}

impl Reporter for Html {
    fn file(&mut self, r: &FileResult, ctx: &Context<'_>, _out: &mut dyn Write) -> io::Result<()> {
        let n = self.providers.len();
        let row = ProviderRow::of(r, n);
        let sec = section(r, ctx, &row.anchor);
        self.providers.push(row);
        if self.pages.is_some() && n == 1 {
            // a second file: this is a batch, and every provider gets a page of its own
            if let Some(p) = &self.pages {
                std::fs::create_dir_all(&p.dir)
                    .map_err(|e| io::Error::new(e.kind(), format!("cannot create `{}`: {e}", p.dir.display())))?;
            }
            self.paging = true;
            let first = std::mem::take(&mut self.sections);
            for (i, s) in first.iter().enumerate() {
                self.write_page(i, s, &page_title(&self.providers[i]))?;
            }
        }
        if self.paging {
            self.write_page(n, &sec, &page_title(&self.providers[n]))?;
        } else {
            self.sections.push(sec);
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary, ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        let mut o = String::new();
        head(&mut o, "Care standards self-assessment report", true);
        o.push_str("<h1>Care standards self-assessment report</h1>\n");
        let _ = writeln!(
            o,
            "<p id=\"tally\" data-files=\"{}\" data-invalid=\"{}\" data-errors=\"{}\" data-warnings=\"{}\" data-infos=\"{}\" data-not-reported=\"{}\" data-waived=\"{}\">{}</p>",
            summary.files,
            summary.invalid_files,
            summary.errors,
            summary.warnings,
            summary.infos,
            summary.not_reported,
            summary.waived,
            h(&summary.tally())
        );
        let _ = writeln!(
            o,
            "<p class=\"muted\">Checked by carecheck {} against {} {}.</p>",
            env!("CARGO_PKG_VERSION"),
            h(&ctx.set.name),
            h(&ctx.set.version)
        );
        if self.providers.len() > 1 {
            let (unjudged, ranked) = view::rank_providers(&self.providers);
            if !unjudged.is_empty() {
                // the GOV.UK error summary: what could not be read comes before anything else
                let _ = writeln!(
                    o,
                    "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h2 id=\"unreadable\">There is a problem: {}</h2><p>They are not ranked: nothing in them was checked.</p><table><caption>Submissions not judged</caption><thead><tr><th scope=\"col\">file</th><th scope=\"col\">URN</th><th scope=\"col\">why</th></tr></thead><tbody>",
                    h(&view::unreadable_heading(unjudged.len()))
                );
                for p in &unjudged {
                    let n = p.index;
                    let _ = writeln!(
                        o,
                        "<tr><th scope=\"row\"><a href=\"{}\">{}</a></th><td>{}</td><td>{}</td></tr>",
                        self.href(n),
                        h(&p.path),
                        if p.urn.is_empty() {
                            "not found".to_string()
                        } else {
                            h(&p.urn)
                        },
                        h(&p.reason)
                    );
                }
                o.push_str("</tbody></table></div>\n");
            }
            let mut kinds: Vec<&str> = self
                .providers
                .iter()
                .map(|p| p.kind.as_str())
                .filter(|k| !k.is_empty())
                .collect();
            kinds.sort_unstable();
            kinds.dedup();
            o.push_str("<nav class=\"filters\" aria-label=\"Filters\"><label>Kind of provider <select id=\"f-kind\" onchange=\"cc_filter()\"><option value=\"\">all</option>");
            for k in kinds {
                let _ = write!(
                    o,
                    "<option value=\"{}\">{}</option>",
                    h(k),
                    h(carecheck_core::schema::kind_in_words(k))
                );
            }
            o.push_str("</select></label><label>Test <select id=\"f-test\" onchange=\"cc_filter()\"><option value=\"\">all</option>");
            for t in carecheck_core::standards::TEST_IDS {
                let _ = write!(
                    o,
                    "<option value=\"{t}\">{}</option>",
                    h(&carecheck_core::wording::test_title(t))
                );
            }
            o.push_str("</select></label></nav>\n");
            // the national figures, computed once for every format
            let stats = crate::statistics::Statistics::of(summary, ctx.set);
            let tables = stats.tables(true);
            o.push_str("<h2 id=\"tests\">The seven tests</h2>\n");
            if let Some(t) = tables.iter().find(|t| t.id == "tests") {
                stats_table(&mut o, t, true);
            }
            o.push_str("<h2 id=\"kinds\">Kinds of provider</h2>\n");
            if let Some(t) = tables.iter().find(|t| t.id == "kinds") {
                stats_table(&mut o, t, false);
            }
            // sorted by share, as numbers never in a word: each row's link to the
            // provider's page is the only thing a provider row needs besides its counts
            o.push_str("<h2 id=\"providers\">Providers, most breaches of the law first</h2><table class=\"ranking\"><caption>Providers judged, most breaches of the law first</caption><thead><tr><th scope=\"col\">provider</th><th scope=\"col\" class=\"wide\">kind</th><th scope=\"col\" class=\"n\">breaches of the law</th><th scope=\"col\" class=\"n\">other standards not met</th><th scope=\"col\" class=\"n\">problems with the data</th><th scope=\"col\" class=\"n\">not recorded</th><th scope=\"col\" class=\"n wide\">complete</th></tr></thead><tbody>\n");
            for p in &ranked {
                let n = p.index;
                let _ = writeln!(
                    o,
                    "<tr data-kind=\"{}\"><th scope=\"row\"><a href=\"{}\">{}</a> <span class=\"muted\">{}{}</span>{}</th><td class=\"wide k\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"wide\">{}</td></tr>",
                    h(&p.kind),
                    self.href(n),
                    h(if p.name.is_empty() { &p.path } else { &p.name }),
                    h(&p.path),
                    if p.urn.is_empty() { String::new() } else { format!(", URN {}", h(&p.urn)) },
                    if p.invalid { " <strong class=\"tag err\">problems to fix</strong>" } else { "" },
                    h(carecheck_core::schema::kind_in_words(&p.kind)),
                    p.counts.law,
                    p.counts.other,
                    p.counts.data_quality + p.counts.personal_data,
                    p.counts.not_reported,
                    p.completeness.map(|c| format!("{c}%")).unwrap_or_default()
                );
            }
            o.push_str("</tbody></table>\n<h2 id=\"standards\">Standards, most often failed first</h2>\n");
            if let Some(t) = tables.iter().find(|t| t.id == "standards") {
                stats_table(&mut o, t, true);
            }
            if let Some(t) = tables.iter().find(|t| t.id == "data" && !t.rows.is_empty()) {
                o.push_str("<h2 id=\"data\">Problems with the data and personal data</h2>\n<p>Counted apart: they are about the files, not the care.</p>\n");
                stats_table(&mut o, t, false);
            }
        }
        for s in &self.sections {
            o.push_str(s);
        }
        o.push_str("</body>\n</html>\n");
        out.write_all(o.as_bytes())
    }
}
