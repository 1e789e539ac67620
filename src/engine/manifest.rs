//! `imsmanifest.xml` for SCORM 1.2, 2004 3rd and 2004 4th Edition, written with quick-xml (every
//! title and description is escaped by the writer, never pasted).

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::course::Course;
use super::href::encode_href;
use super::ids::ResolvedIds;
use super::settings::{CompletionTracking, ScoreFormat, ScormVersion, StatusFormat, TrackingMode};

/// The manifest's name at the root of every package (written here, read by the check).
pub const MANIFEST_NAME: &str = "imsmanifest.xml";

/// One SCO of the package: an item in the organization and its resource.
#[derive(Debug, Clone, PartialEq)]
pub struct Sco {
    pub item_id: String,
    pub resource_id: String,
    pub title: String,
    /// Launch page, relative to the package root.
    pub href: String,
    /// Every file this SCO uses that is not in the shared resource.
    pub files: Vec<String>,
    /// Section ids this SCO presents.
    pub sections: Vec<String>,
    /// Whether it holds the final quiz (quiz-results tracking).
    pub has_final_quiz: bool,
}

/// Everything the manifest says, decided by the package planner.
#[derive(Debug, Clone)]
pub struct ManifestInput<'a> {
    pub version: ScormVersion,
    pub ids: &'a ResolvedIds,
    pub course: &'a Course,
    pub scos: &'a [Sco],
    /// Files shared by all SCOs (multi export): one `asset` resource the SCOs depend on.
    pub shared_files: &'a [String],
    pub shared_resource_id: &'a str,
    pub tracking: &'a CompletionTracking,
    pub status_format: StatusFormat,
    /// The final quiz's own pass threshold (percent) and question count, with quiz-results.
    pub final_quiz: Option<(u32, usize)>,
}

const NS_XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

type Attrs<'x> = Vec<(&'x str, String)>;

struct Xml {
    w: Writer<Vec<u8>>,
}

// Writing into a Vec<u8> cannot fail; quick-xml still returns io results, which we drop here in
// one place rather than threading impossible errors through the writer.
impl Xml {
    fn new() -> Self {
        let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
        let _ = w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        Self { w }
    }
    fn start(&mut self, name: &str, attrs: Attrs) {
        let mut el = BytesStart::new(name);
        for (k, v) in &attrs {
            el.push_attribute((*k, v.as_str()));
        }
        let _ = self.w.write_event(Event::Start(el));
    }
    fn end(&mut self, name: &str) {
        let _ = self.w.write_event(Event::End(BytesEnd::new(name)));
    }
    fn empty(&mut self, name: &str, attrs: Attrs) {
        let mut el = BytesStart::new(name);
        for (k, v) in &attrs {
            el.push_attribute((*k, v.as_str()));
        }
        let _ = self.w.write_event(Event::Empty(el));
    }
    fn text(&mut self, name: &str, attrs: Attrs, text: &str) {
        self.start(name, attrs);
        let _ = self.w.write_event(Event::Text(BytesText::new(text)));
        self.end(name);
    }
    fn finish(self) -> String {
        let mut s = String::from_utf8(self.w.into_inner()).unwrap_or_default();
        s.push('\n');
        s
    }
}

fn a(k: &str, v: impl Into<String>) -> (&str, String) {
    (k, v.into())
}

/// Decimal for 0..=100 percent as a 0..1 measure, without float noise ("0.8", "1", "0.05").
pub fn percent_to_measure(p: u32) -> String {
    let p = p.min(100);
    if p == 100 {
        "1".into()
    } else if p.is_multiple_of(10) {
        format!("0.{}", p / 10)
    } else {
        format!("0.{p:02}")
    }
}

/// Whether the manifest lets the LMS judge passed/failed from the score. Only for
/// Passed / Failed: under Passed / In progress a failed attempt must stay "unknown", and under
/// Completed / Failed a pass must stay "unknown" — an LMS that sets passed/failed itself from a
/// mastery score or a satisfiedByMeasure objective would contradict the status table.
pub fn lms_judges_score(format: StatusFormat, tracking: &CompletionTracking) -> bool {
    format == StatusFormat::PassedFailed && tracking.mode == TrackingMode::QuizResults
}

pub fn write_manifest(m: &ManifestInput) -> String {
    let mut x = Xml::new();
    let course = m.course;
    let mut root = vec![a("identifier", m.ids.manifest.clone())];
    root.push(a(
        "version",
        course.version.clone().unwrap_or_else(|| "1.0".into()),
    ));
    match m.version {
        ScormVersion::Scorm12 => {
            root.push(a("xmlns", "http://www.imsproject.org/xsd/imscp_rootv1p1p2"));
            root.push(a("xmlns:adlcp", "http://www.adlnet.org/xsd/adlcp_rootv1p2"));
            root.push(a(
                "xmlns:imsmd",
                "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1",
            ));
            root.push(a("xmlns:xsi", NS_XSI));
            root.push(a(
                "xsi:schemaLocation",
                "http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd \
                 http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd \
                 http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd",
            ));
        }
        _ => {
            root.push(a("xmlns", "http://www.imsglobal.org/xsd/imscp_v1p1"));
            root.push(a("xmlns:adlcp", "http://www.adlnet.org/xsd/adlcp_v1p3"));
            root.push(a("xmlns:adlseq", "http://www.adlnet.org/xsd/adlseq_v1p3"));
            root.push(a("xmlns:adlnav", "http://www.adlnet.org/xsd/adlnav_v1p3"));
            root.push(a("xmlns:imsss", "http://www.imsglobal.org/xsd/imsss"));
            root.push(a("xmlns:lom", "http://ltsc.ieee.org/xsd/LOM"));
            root.push(a("xmlns:xsi", NS_XSI));
            root.push(a(
                "xsi:schemaLocation",
                "http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd \
                 http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd \
                 http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd \
                 http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd \
                 http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd \
                 http://ltsc.ieee.org/xsd/LOM lom.xsd",
            ));
        }
    }
    x.start("manifest", root);

    // Metadata: schema, schemaversion (in that order), then LOM with title/description/language.
    x.start("metadata", vec![]);
    x.text("schema", vec![], "ADL SCORM");
    x.text("schemaversion", vec![], m.version.schema_version());
    write_lom(&mut x, m.version, course);
    x.end("metadata");

    x.start(
        "organizations",
        vec![a("default", m.ids.organization.clone())],
    );
    x.start(
        "organization",
        vec![a("identifier", m.ids.organization.clone())],
    );
    x.text("title", vec![], &course.title);
    let multi = m.scos.len() > 1;
    for sco in m.scos {
        write_item(&mut x, m, sco, multi);
    }
    if m.version.is_2004() && multi {
        write_org_sequencing(&mut x, m);
    }
    x.end("organization");
    x.end("organizations");

    x.start("resources", vec![]);
    for sco in m.scos {
        let mut attrs = vec![
            a("identifier", sco.resource_id.clone()),
            a("type", "webcontent"),
        ];
        attrs.push(if m.version.is_2004() {
            a("adlcp:scormType", "sco")
        } else {
            a("adlcp:scormtype", "sco")
        });
        attrs.push(a("href", encode_href(&sco.href)));
        x.start("resource", attrs);
        for f in &sco.files {
            x.empty("file", vec![a("href", encode_href(f))]);
        }
        if !m.shared_files.is_empty() {
            x.empty(
                "dependency",
                vec![a("identifierref", m.shared_resource_id.to_owned())],
            );
        }
        x.end("resource");
    }
    if !m.shared_files.is_empty() {
        let mut attrs = vec![
            a("identifier", m.shared_resource_id.to_owned()),
            a("type", "webcontent"),
        ];
        attrs.push(if m.version.is_2004() {
            a("adlcp:scormType", "asset")
        } else {
            a("adlcp:scormtype", "asset")
        });
        x.start("resource", attrs);
        for f in m.shared_files {
            x.empty("file", vec![a("href", encode_href(f))]);
        }
        x.end("resource");
    }
    x.end("resources");
    x.end("manifest");
    x.finish()
}

fn write_lom(x: &mut Xml, version: ScormVersion, course: &Course) {
    // The same general block in both bindings; only the names differ: IMS MD 1.2.1 (SCORM 1.2)
    // uses `langstring xml:lang`, IEEE LOM (2004) uses `string language`.
    let (ns, string, lang_attr) = if version == ScormVersion::Scorm12 {
        ("imsmd", "imsmd:langstring", "xml:lang")
    } else {
        ("lom", "lom:string", "language")
    };
    let el = |name: &str| format!("{ns}:{name}");
    let lang = course.language.clone();
    x.start(&el("lom"), vec![]);
    x.start(&el("general"), vec![]);
    x.start(&el("title"), vec![]);
    x.text(string, vec![a(lang_attr, lang.clone())], &course.title);
    x.end(&el("title"));
    x.text(&el("language"), vec![], &lang);
    if let Some(d) = &course.description {
        x.start(&el("description"), vec![]);
        x.text(string, vec![a(lang_attr, lang.clone())], d);
        x.end(&el("description"));
    }
    x.end(&el("general"));
    x.end(&el("lom"));
}

fn write_item(x: &mut Xml, m: &ManifestInput, sco: &Sco, multi: bool) {
    x.start(
        "item",
        vec![
            a("identifier", sco.item_id.clone()),
            a("identifierref", sco.resource_id.clone()),
            a("isvisible", "true"),
        ],
    );
    x.text("title", vec![], &sco.title);
    let judged = lms_judges_score(m.status_format, m.tracking) && sco.has_final_quiz;
    let threshold = m.final_quiz.map_or(100, |(t, _)| t);
    match m.version {
        ScormVersion::Scorm12 => {
            if judged {
                // masteryscore is compared with cmi.core.score.raw, which is in points with the
                // Points format: express the quiz's pass threshold in the same unit.
                let score = match (m.tracking.score_format, m.final_quiz) {
                    (ScoreFormat::Points, Some((t, n))) => {
                        format_decimal(f64::from(t) * n as f64 / 100.0)
                    }
                    _ => threshold.to_string(),
                };
                x.text("adlcp:masteryscore", vec![], &score);
            }
        }
        v => {
            let course_completion = m.tracking.mode == TrackingMode::CourseCompletion;
            // A single SCO tracks the course threshold itself; in multi export each SCO is one
            // section (viewed = 100 %) and the organization's rollup applies the threshold.
            if course_completion && !multi {
                let measure = percent_to_measure(m.tracking.pass_threshold_percent);
                if v == ScormVersion::Scorm2004_4th {
                    x.empty(
                        "adlcp:completionThreshold",
                        vec![
                            a("completedByMeasure", "true"),
                            a("minProgressMeasure", measure),
                        ],
                    );
                } else {
                    x.text("adlcp:completionThreshold", vec![], &measure);
                }
            }
            x.start("imsss:sequencing", vec![]);
            if multi {
                // Which children count towards the course's rollup.
                let (satisfied, completion) = match m.tracking.mode {
                    TrackingMode::QuizResults => (sco.has_final_quiz, sco.has_final_quiz),
                    TrackingMode::CourseCompletion => {
                        (m.status_format == StatusFormat::PassedIncomplete, true)
                    }
                };
                x.empty(
                    "imsss:rollupRules",
                    vec![
                        a("rollupObjectiveSatisfied", satisfied.to_string()),
                        a("rollupProgressCompletion", completion.to_string()),
                    ],
                );
            }
            if judged {
                x.start("imsss:objectives", vec![]);
                x.start(
                    "imsss:primaryObjective",
                    vec![
                        a("objectiveID", "PRIMARYOBJ"),
                        a("satisfiedByMeasure", "true"),
                    ],
                );
                x.text(
                    "imsss:minNormalizedMeasure",
                    vec![],
                    &percent_to_measure(threshold),
                );
                x.end("imsss:primaryObjective");
                x.end("imsss:objectives");
            }
            // Never let the LMS auto-complete or auto-satisfy a SCO that reports nothing.
            x.empty(
                "imsss:deliveryControls",
                vec![
                    a("completionSetByContent", "true"),
                    a("objectiveSetByContent", "true"),
                ],
            );
            x.end("imsss:sequencing");
        }
    }
    x.end("item");
}

/// Multi export on 2004: free navigation (choice and flow) and a rollup that gives the course
/// the status the single-SCO package would have had.
fn write_org_sequencing(x: &mut Xml, m: &ManifestInput) {
    x.start("imsss:sequencing", vec![]);
    x.empty(
        "imsss:controlMode",
        vec![a("choice", "true"), a("flow", "true")],
    );
    if m.tracking.mode == TrackingMode::CourseCompletion {
        let pct = percent_to_measure(m.tracking.pass_threshold_percent);
        x.start("imsss:rollupRules", vec![]);
        let mut rule = |condition: &str, action: &str| {
            x.start(
                "imsss:rollupRule",
                vec![
                    a("childActivitySet", "atLeastPercent"),
                    a("minimumPercent", pct.clone()),
                ],
            );
            x.start("imsss:rollupConditions", vec![]);
            x.empty("imsss:rollupCondition", vec![a("condition", condition)]);
            x.end("imsss:rollupConditions");
            x.empty("imsss:rollupAction", vec![a("action", action)]);
            x.end("imsss:rollupRule");
        };
        rule("completed", "completed");
        if m.status_format == StatusFormat::PassedIncomplete {
            rule("satisfied", "satisfied");
        }
        x.end("imsss:rollupRules");
    }
    x.end("imsss:sequencing");
}

fn format_decimal(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures() {
        assert_eq!(percent_to_measure(80), "0.8");
        assert_eq!(percent_to_measure(100), "1");
        assert_eq!(percent_to_measure(5), "0.05");
        assert_eq!(percent_to_measure(75), "0.75");
        assert_eq!(percent_to_measure(0), "0.0");
        assert_eq!(format_decimal(4.0), "4");
        assert_eq!(format_decimal(2.4), "2.4");
    }
}
