//! The manifest's meaning: the IMS CP content model (order and cardinality as the XSDs state
//! them), the ADL extensions spelled as the declared version spells them, identifiers, references,
//! and every file an `href` names (resolved against `xml:base`, percent-decoded).

use std::collections::{BTreeSet, HashMap, HashSet};

use super::findings::{Code, Findings};
use super::xml::{Doc, Node};
use crate::engine::ids::is_valid_xs_id;

const CP12: &str = "http://www.imsproject.org/xsd/imscp_rootv1p1p2";
const CP2004: &str = "http://www.imsglobal.org/xsd/imscp_v1p1";
const ADLCP12: &str = "http://www.adlnet.org/xsd/adlcp_rootv1p2";
const ADLCP13: &str = "http://www.adlnet.org/xsd/adlcp_v1p3";
const IMSSS: &str = "http://www.imsglobal.org/xsd/imsss";
const ADLNAV: &str = "http://www.adlnet.org/xsd/adlnav_v1p3";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ver {
    V12,
    V3rd,
    V4th,
}

impl Ver {
    fn name(self) -> &'static str {
        match self {
            Ver::V12 => "SCORM 1.2",
            Ver::V3rd => "SCORM 2004 3rd Edition",
            Ver::V4th => "SCORM 2004 4th Edition",
        }
    }

    fn adlcp_ns(self) -> &'static str {
        if self == Ver::V12 { ADLCP12 } else { ADLCP13 }
    }

    fn adlcp_elements(self) -> &'static [&'static str] {
        match self {
            Ver::V12 => &[
                "prerequisites",
                "maxtimeallowed",
                "timelimitaction",
                "datafromlms",
                "masteryscore",
                "location",
            ],
            Ver::V3rd => &[
                "location",
                "timeLimitAction",
                "dataFromLMS",
                "completionThreshold",
            ],
            Ver::V4th => &[
                "location",
                "timeLimitAction",
                "dataFromLMS",
                "completionThreshold",
                "data",
                "map",
            ],
        }
    }

    fn adlcp_attributes(self) -> &'static [&'static str] {
        match self {
            Ver::V12 => &["scormtype"],
            Ver::V3rd => &["scormType"],
            Ver::V4th => &["scormType", "sharedDataGlobalToSystem"],
        }
    }

    /// Unprefixed attributes an adlcp element may carry.
    fn adlcp_element_attributes(self, element: &str) -> &'static [&'static str] {
        match (self, element) {
            (Ver::V12, "prerequisites") => &["type"],
            (Ver::V4th, "completionThreshold") => {
                &["completedByMeasure", "minProgressMeasure", "progressWeight"]
            }
            (Ver::V4th, "map") => &["targetID", "readSharedData", "writeSharedData"],
            _ => &[],
        }
    }
}

const ALL_VERSIONS: [Ver; 3] = [Ver::V12, Ver::V3rd, Ver::V4th];

/// What the manifest check found besides problems.
#[derive(Debug, Default)]
pub(super) struct Summary {
    pub schema_version: Option<String>,
    pub scos: usize,
}

/// Check the manifest tree against the zip's file names.
pub(super) fn check(doc: &Doc, files: &BTreeSet<String>, f: &mut Findings) -> Summary {
    let mut summary = Summary::default();
    let Some(root) = doc.nodes.first() else {
        return summary;
    };
    if root.local != "manifest" {
        f.problem(
            Code::ContentModel,
            format!(
                "the root element is <{}>, not <manifest>: this is not an IMS content package manifest",
                root.qname
            ),
            None,
        );
        return summary;
    }
    summary.schema_version = schema_version(doc);
    let ver = version(root, summary.schema_version.as_deref(), f);
    let c = Ctx {
        doc,
        ver,
        cp: root.ns.clone(),
    };
    c.namespaces(f);
    c.content_model(0, f);
    c.extensions(f);
    c.identifiers(f);
    summary.scos = c.references(files, f);
    summary
}

fn schema_version(doc: &Doc) -> Option<String> {
    let root = doc.nodes.first()?;
    let meta = root
        .children
        .iter()
        .map(|&i| &doc.nodes[i])
        .find(|n| n.local == "metadata" && n.ns == root.ns)?;
    meta.children
        .iter()
        .map(|&i| &doc.nodes[i])
        .find(|n| n.local == "schemaversion" && n.ns == root.ns)
        .map(|n| n.text.trim().to_owned())
}

/// The version the manifest declares (or, without a known `<schemaversion>`, its namespaces say).
fn version(root: &Node, declared: Option<&str>, f: &mut Findings) -> Ver {
    let by_ns = match root.ns.as_deref() {
        Some(CP12) => Some(Ver::V12),
        Some(CP2004) => Some(Ver::V4th),
        _ => None,
    };
    let ver = match declared {
        Some("1.2") => Some(Ver::V12),
        Some("2004 3rd Edition" | "CAM 1.3") => Some(Ver::V3rd),
        Some("2004 4th Edition") => Some(Ver::V4th),
        Some(other) => {
            f.problem(
                Code::SchemaVersion,
                format!(
                    "<schemaversion> is “{other}”; expected “1.2”, “2004 3rd Edition” or “2004 4th Edition” (exactly, in that case)"
                ),
                None,
            );
            None
        }
        None => {
            f.warning(
                Code::SchemaVersion,
                "the manifest has no <schemaversion>: LMSs guess the SCORM version",
                None,
            );
            None
        }
    };
    ver.or(by_ns).unwrap_or(Ver::V4th)
}

/// One slot of an XSD sequence: element name, minOccurs, maxOccurs.
type Slot = (&'static str, usize, usize);
const MANY: usize = usize::MAX;

fn cp_model(local: &str, ver: Ver) -> Option<&'static [Slot]> {
    Some(match local {
        "manifest" => &[
            ("metadata", 0, 1),
            ("organizations", 1, 1),
            ("resources", 1, 1),
            ("manifest", 0, MANY),
        ],
        "metadata" => &[("schema", 0, 1), ("schemaversion", 0, 1)],
        "organizations" => &[("organization", 0, MANY)],
        "organization" if ver == Ver::V4th => {
            &[("title", 0, 1), ("item", 1, MANY), ("metadata", 0, 1)]
        }
        "organization" | "item" => &[("title", 0, 1), ("item", 0, MANY), ("metadata", 0, 1)],
        "resources" => &[("resource", 0, MANY)],
        "resource" => &[
            ("metadata", 0, 1),
            ("file", 0, MANY),
            ("dependency", 0, MANY),
        ],
        "file" => &[("metadata", 0, 1)],
        "dependency" | "title" | "schema" | "schemaversion" => &[],
        _ => return None,
    })
}

fn required_attributes(local: &str) -> &'static [&'static str] {
    match local {
        "manifest" | "organization" | "item" => &["identifier"],
        "resource" => &["identifier", "type"],
        "file" => &["href"],
        "dependency" => &["identifierref"],
        _ => &[],
    }
}

fn imsss_model(local: &str) -> Option<&'static [Slot]> {
    Some(match local {
        "sequencing" => &[
            ("controlMode", 0, 1),
            ("sequencingRules", 0, 1),
            ("limitConditions", 0, 1),
            ("auxiliaryResources", 0, 1),
            ("rollupRules", 0, 1),
            ("objectives", 0, 1),
            ("randomizationControls", 0, 1),
            ("deliveryControls", 0, 1),
        ],
        "sequencingCollection" => &[("sequencing", 1, MANY)],
        "sequencingRules" => &[
            ("preConditionRule", 0, MANY),
            ("exitConditionRule", 0, MANY),
            ("postConditionRule", 0, MANY),
        ],
        "preConditionRule" | "exitConditionRule" | "postConditionRule" => {
            &[("ruleConditions", 0, 1), ("ruleAction", 1, 1)]
        }
        "ruleConditions" => &[("ruleCondition", 1, MANY)],
        "rollupRules" => &[("rollupRule", 0, MANY)],
        "rollupRule" => &[("rollupConditions", 1, 1), ("rollupAction", 1, 1)],
        "rollupConditions" => &[("rollupCondition", 1, MANY)],
        "auxiliaryResources" => &[("auxiliaryResource", 0, MANY)],
        "objectives" => &[("primaryObjective", 1, 1), ("objective", 0, MANY)],
        "primaryObjective" | "objective" => &[("minNormalizedMeasure", 0, 1), ("mapInfo", 0, MANY)],
        "controlMode"
        | "limitConditions"
        | "randomizationControls"
        | "deliveryControls"
        | "ruleCondition"
        | "ruleAction"
        | "rollupCondition"
        | "rollupAction"
        | "mapInfo"
        | "auxiliaryResource"
        | "minNormalizedMeasure" => &[],
        _ => return None,
    })
}

/// Attributes typed `xs:boolean` in IMS SS.
const IMSSS_BOOLEANS: &[&str] = &[
    "choice",
    "choiceExit",
    "flow",
    "forwardOnly",
    "useCurrentAttemptObjectiveInfo",
    "useCurrentAttemptProgressInfo",
    "tracked",
    "completionSetByContent",
    "objectiveSetByContent",
    "satisfiedByMeasure",
    "readSatisfiedStatus",
    "readNormalizedMeasure",
    "writeSatisfiedStatus",
    "writeNormalizedMeasure",
    "rollupObjectiveSatisfied",
    "rollupProgressCompletion",
    "reorderChildren",
];

/// `xs:decimal` as the XSD reads it (no exponent, no spaces inside).
fn xs_decimal(s: &str) -> Option<f64> {
    let s = s.trim();
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    let ok = !digits.is_empty()
        && digits.chars().filter(|c| *c == '.').count() <= 1
        && digits.chars().any(|c| c.is_ascii_digit())
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.');
    if ok { s.parse().ok() } else { None }
}

fn xs_boolean(s: &str) -> bool {
    matches!(s.trim(), "true" | "false" | "1" | "0")
}

struct Ctx<'a> {
    doc: &'a Doc,
    ver: Ver,
    /// The IMS CP namespace the root element is in.
    cp: Option<String>,
}

impl Ctx<'_> {
    fn node(&self, i: usize) -> &Node {
        &self.doc.nodes[i]
    }

    fn is_cp(&self, n: &Node) -> bool {
        n.ns == self.cp
    }

    fn namespaces(&self, f: &mut Findings) {
        let want = if self.ver == Ver::V12 { CP12 } else { CP2004 };
        match self.cp.as_deref() {
            Some(ns) if ns == want => {}
            Some(ns) => f.problem(
                Code::Namespace,
                format!(
                    "<manifest> is in namespace “{ns}”; {} manifests use xmlns=\"{want}\"",
                    self.ver.name()
                ),
                None,
            ),
            None => f.problem(
                Code::Namespace,
                format!(
                    "<manifest> has no namespace: {} manifests declare xmlns=\"{want}\"",
                    self.ver.name()
                ),
                None,
            ),
        }
        let adlcp = self.ver.adlcp_ns();
        for n in &self.doc.nodes {
            let names = std::iter::once((n.ns.as_deref(), n.qname.as_str()))
                .chain(n.attrs.iter().map(|a| (a.ns.as_deref(), a.qname.as_str())));
            for (ns, qname) in names {
                if let Some(ns @ (ADLCP12 | ADLCP13)) = ns
                    && ns != adlcp
                {
                    f.problem(
                        Code::Namespace,
                        format!(
                            "adlcp is bound to “{ns}”; {} binds it to “{adlcp}”",
                            self.ver.name()
                        ),
                        Some(format!("{qname} (line {})", n.line)),
                    );
                }
                if self.ver == Ver::V12 && matches!(ns, Some(IMSSS | ADLNAV)) {
                    f.problem(
                        Code::ContentModel,
                        "SCORM 2004 sequencing/navigation element in a SCORM 1.2 manifest",
                        Some(format!("{qname} (line {})", n.line)),
                    );
                }
            }
        }
    }

    /// Children of `parent` in `ns`, checked against an XSD sequence followed by an `##other`
    /// wildcard (when `tail` allows one).
    fn sequence(
        &self,
        parent: usize,
        model: &[Slot],
        tail: bool,
        in_ns: &dyn Fn(&Node) -> bool,
        f: &mut Findings,
    ) {
        let p = self.node(parent);
        let order = || {
            model
                .iter()
                .map(|s| format!("<{}>", s.0))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (mut slot, mut count) = (0usize, 0usize);
        let mut first_ext: Option<&Node> = None;
        let missing = |name: &str, f: &mut Findings| {
            f.problem(
                Code::ContentModel,
                format!("an element lacks a child the schema requires: <{name}>"),
                Some(p.label()),
            );
        };
        for &ci in &p.children {
            let c = self.node(ci);
            if !in_ns(c) {
                if !tail {
                    f.problem(
                        Code::ContentModel,
                        format!("<{}> may hold only text, not elements", p.qname),
                        Some(c.label()),
                    );
                } else if c.ns.is_none() {
                    f.problem(
                        Code::ContentModel,
                        "an element without a namespace where only elements of other namespaces may be added",
                        Some(c.label()),
                    );
                } else {
                    first_ext.get_or_insert(c);
                }
                continue;
            }
            let Some(i) = model.iter().position(|s| s.0 == c.local) else {
                f.problem(
                    Code::ContentModel,
                    format!("element not allowed here (in <{}>)", p.qname),
                    Some(c.label()),
                );
                continue;
            };
            if let Some(ext) = first_ext {
                f.problem(
                    Code::ContentModel,
                    format!(
                        "element comes after the extension element <{}> (line {}): the schema wants its own elements first ({})",
                        ext.qname,
                        ext.line,
                        order()
                    ),
                    Some(c.label()),
                );
                continue;
            }
            if i < slot {
                f.problem(
                    Code::ContentModel,
                    format!(
                        "element out of order in <{}>: the schema's order is {}",
                        p.qname,
                        order()
                    ),
                    Some(c.label()),
                );
                continue;
            }
            if i == slot {
                count += 1;
            } else {
                for (j, s) in model.iter().enumerate().take(i).skip(slot) {
                    let have = if j == slot { count } else { 0 };
                    if have < s.1 {
                        missing(s.0, f);
                    }
                }
                slot = i;
                count = 1;
            }
            if count > model[i].2 {
                f.problem(
                    Code::ContentModel,
                    format!("<{}> holds more than one <{}>", p.qname, c.qname),
                    Some(c.label()),
                );
            }
        }
        for (j, s) in model.iter().enumerate().skip(slot) {
            let have = if j == slot { count } else { 0 };
            if have < s.1 {
                missing(s.0, f);
            }
        }
    }

    /// The IMS CP elements, recursively from `i`.
    fn content_model(&self, i: usize, f: &mut Findings) {
        let n = self.node(i);
        if !self.is_cp(n) {
            return;
        }
        let Some(model) = cp_model(&n.local, self.ver) else {
            return; // reported by its parent's sequence
        };
        for a in required_attributes(&n.local) {
            if n.attr(a).is_none() {
                f.problem(
                    Code::ContentModel,
                    format!(
                        "<{}> has no “{a}” attribute, which IMS CP requires",
                        n.qname
                    ),
                    Some(n.label()),
                );
            }
        }
        if let Some(v) = n.attr("isvisible")
            && !xs_boolean(v)
        {
            f.problem(
                Code::InvalidValue,
                format!("isvisible=\"{v}\" is not true or false"),
                Some(n.label()),
            );
        }
        let text_only = matches!(n.local.as_str(), "title" | "schema" | "schemaversion");
        self.sequence(i, model, !text_only, &|c: &Node| self.is_cp(c), f);
        for &c in &n.children {
            self.content_model(c, f);
        }
    }

    /// adlcp, imsss and adlnav elements and attributes, for the declared version.
    fn extensions(&self, f: &mut Findings) {
        for (i, n) in self.doc.nodes.iter().enumerate() {
            match n.ns.as_deref() {
                Some(ADLCP12 | ADLCP13) => self.adlcp_element(n, f),
                Some(IMSSS) if self.ver != Ver::V12 => self.imsss_element(i, n, f),
                _ => {}
            }
            for a in &n.attrs {
                if matches!(a.ns.as_deref(), Some(ADLCP12 | ADLCP13)) {
                    self.spelling(
                        &a.local,
                        self.ver.adlcp_attributes(),
                        &|v| v.adlcp_attributes(),
                        "attribute",
                        n,
                        f,
                    );
                    if a.local.eq_ignore_ascii_case("scormtype")
                        && !matches!(a.value.as_str(), "sco" | "asset")
                    {
                        f.problem(
                            Code::InvalidValue,
                            format!(
                                "{}=\"{}\": the value must be “sco” or “asset”",
                                a.qname, a.value
                            ),
                            Some(n.label()),
                        );
                    }
                }
            }
            if self.is_cp(n) && n.local == "item" {
                self.item_extension_order(n, f);
            }
        }
    }

    /// Is `local` in `names` for this version? If not, say how it is spelled or where it belongs.
    fn spelling(
        &self,
        local: &str,
        names: &[&str],
        of: &dyn Fn(Ver) -> &'static [&'static str],
        what: &str,
        at: &Node,
        f: &mut Findings,
    ) -> bool {
        if names.contains(&local) {
            return true;
        }
        let ver = self.ver.name();
        let message = if let Some(right) = names.iter().find(|n| n.eq_ignore_ascii_case(local)) {
            format!("{ver} spells the {what} adlcp:{right}, not adlcp:{local}")
        } else if let Some(other) = ALL_VERSIONS.iter().find(|v| of(**v).contains(&local)) {
            format!(
                "adlcp:{local} is a {} {what}, not part of {ver}",
                other.name()
            )
        } else {
            format!("adlcp:{local} is not an adlcp {what} of {ver}")
        };
        f.problem(Code::AdlcpSpelling, message, Some(at.label()));
        false
    }

    fn adlcp_element(&self, n: &Node, f: &mut Findings) {
        if !self.spelling(
            &n.local,
            self.ver.adlcp_elements(),
            &|v| v.adlcp_elements(),
            "element",
            n,
            f,
        ) {
            return;
        }
        let allowed = self.ver.adlcp_element_attributes(&n.local);
        for a in n.attrs.iter().filter(|a| a.ns.is_none()) {
            if !allowed.contains(&a.local.as_str()) {
                let hint = if ALL_VERSIONS.iter().any(|v| {
                    v.adlcp_element_attributes(&n.local)
                        .contains(&a.local.as_str())
                }) {
                    " (that form belongs to another SCORM edition)"
                } else {
                    ""
                };
                f.problem(
                    Code::AdlcpSpelling,
                    format!(
                        "attribute {} is not allowed on <{}> in {}{hint}",
                        a.qname,
                        n.qname,
                        self.ver.name()
                    ),
                    Some(n.label()),
                );
            }
        }
        let text = n.text.trim();
        let item_level = !matches!(n.local.as_str(), "location" | "data" | "map");
        let in_item = n
            .parent
            .map(|p| self.node(p))
            .is_some_and(|p| self.is_cp(p) && p.local == "item");
        if item_level && !in_item {
            f.problem(
                Code::ContentModel,
                format!("<{}> belongs inside an <item>", n.qname),
                Some(n.label()),
            );
        }
        let range = |v: Option<&str>, lo: f64, hi: f64, what: &str, f: &mut Findings| {
            if let Some(v) = v
                && !xs_decimal(v).is_some_and(|x| (lo..=hi).contains(&x))
            {
                f.problem(
                    Code::InvalidValue,
                    format!("{what} “{v}” is not a number from {lo} to {hi}"),
                    Some(n.label()),
                );
            }
        };
        match (self.ver, n.local.as_str()) {
            (Ver::V12, "masteryscore") => range(Some(text), 0.0, 100.0, "adlcp:masteryscore", f),
            (Ver::V12, "timelimitaction") | (_, "timeLimitAction")
                if !matches!(
                    text,
                    "exit,message" | "exit,no message" | "continue,message" | "continue,no message"
                ) =>
            {
                f.problem(
                    Code::InvalidValue,
                    format!(
                        "<{}> is “{text}”; expected “exit,message”, “exit,no message”, “continue,message” or “continue,no message”",
                        n.qname
                    ),
                    Some(n.label()),
                );
            }
            (Ver::V3rd, "completionThreshold") => {
                range(Some(text), 0.0, 1.0, "adlcp:completionThreshold", f);
            }
            (Ver::V4th, "completionThreshold") => {
                range(
                    n.attr("minProgressMeasure"),
                    0.0,
                    1.0,
                    "minProgressMeasure",
                    f,
                );
                range(n.attr("progressWeight"), 0.0, 1.0, "progressWeight", f);
                if let Some(v) = n.attr("completedByMeasure")
                    && !xs_boolean(v)
                {
                    f.problem(
                        Code::InvalidValue,
                        format!("completedByMeasure=\"{v}\" is not true or false"),
                        Some(n.label()),
                    );
                }
            }
            _ => {}
        }
    }

    fn imsss_element(&self, i: usize, n: &Node, f: &mut Findings) {
        let Some(model) = imsss_model(&n.local) else {
            f.problem(
                Code::ContentModel,
                format!("<{}> is not an IMS Simple Sequencing element", n.qname),
                Some(n.label()),
            );
            return;
        };
        self.sequence(
            i,
            model,
            true,
            &|c: &Node| c.ns.as_deref() == Some(IMSSS),
            f,
        );
        for a in n.attrs.iter().filter(|a| a.ns.is_none()) {
            let v = a.value.as_str();
            let bad = if IMSSS_BOOLEANS.contains(&a.local.as_str()) {
                (!xs_boolean(v)).then_some("true or false")
            } else {
                match a.local.as_str() {
                    "measureThreshold" => (!xs_decimal(v)
                        .is_some_and(|x| (-1.0..=1.0).contains(&x)))
                    .then_some("a number from -1 to 1"),
                    "objectiveMeasureWeight" | "minimumPercent" => (!xs_decimal(v)
                        .is_some_and(|x| (0.0..=1.0).contains(&x)))
                    .then_some("a number from 0 to 1"),
                    "attemptLimit" | "minimumCount" | "selectCount" => (v.trim().is_empty()
                        || !v.trim().chars().all(|c| c.is_ascii_digit()))
                    .then_some("a whole number, 0 or more"),
                    _ => None,
                }
            };
            if let Some(want) = bad {
                f.problem(
                    Code::InvalidValue,
                    format!("{}=\"{v}\" on <{}> is not {want}", a.qname, n.qname),
                    Some(n.label()),
                );
            }
        }
        if n.local == "minNormalizedMeasure" {
            let t = n.text.trim();
            if !xs_decimal(t).is_some_and(|x| (-1.0..=1.0).contains(&x)) {
                f.problem(
                    Code::InvalidValue,
                    format!("<{}> is “{t}”, not a number from -1 to 1", n.qname),
                    Some(n.label()),
                );
            }
        }
    }

    /// The ADL elements inside an `<item>`: each at most once, in CAM order.
    fn item_extension_order(&self, item: &Node, f: &mut Findings) {
        let rank = |c: &Node| -> Option<usize> {
            let order: &[(&str, &str)] = if self.ver == Ver::V12 {
                &[
                    (ADLCP12, "prerequisites"),
                    (ADLCP12, "maxtimeallowed"),
                    (ADLCP12, "timelimitaction"),
                    (ADLCP12, "datafromlms"),
                    (ADLCP12, "masteryscore"),
                ]
            } else {
                &[
                    (ADLCP13, "timeLimitAction"),
                    (ADLCP13, "dataFromLMS"),
                    (ADLCP13, "completionThreshold"),
                    (IMSSS, "sequencing"),
                    (ADLNAV, "presentation"),
                    (ADLCP13, "data"),
                ]
            };
            order
                .iter()
                .position(|(ns, l)| c.ns.as_deref() == Some(*ns) && c.local == *l)
        };
        let mut seen: HashSet<usize> = HashSet::new();
        let mut last: Option<(usize, &Node)> = None;
        for &ci in &item.children {
            let c = self.node(ci);
            let Some(r) = rank(c) else { continue };
            if !seen.insert(r) {
                f.problem(
                    Code::ContentModel,
                    format!("<{}> appears more than once in one <item>", c.qname),
                    Some(c.label()),
                );
            }
            // SCORM 1.2 puts its adlcp elements in a wildcard: any order is valid there.
            if self.ver != Ver::V12 {
                match last {
                    Some((lr, ln)) if r < lr => f.problem(
                        Code::ContentModel,
                        format!(
                            "<{}> comes after <{}> in an <item>; SCORM 2004 orders them adlcp:timeLimitAction, adlcp:dataFromLMS, adlcp:completionThreshold, imsss:sequencing, adlnav:presentation, adlcp:data",
                            c.qname, ln.qname
                        ),
                        Some(c.label()),
                    ),
                    _ => last = Some((r, c)),
                }
            }
        }
    }

    fn identifiers(&self, f: &mut Findings) {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for n in &self.doc.nodes {
            let Some(id) = n.attr("identifier") else {
                continue;
            };
            if let Err(why) = is_valid_xs_id(id) {
                f.problem(
                    Code::InvalidIdentifier,
                    "identifier is not a valid xs:ID (a letter or “_” first; then letters, digits, “.”, “-”, “_”)",
                    Some(format!("{why} in {}", n.label())),
                );
            }
            let c = seen.entry(id).or_default();
            *c += 1;
            if *c == 2 {
                f.problem(
                    Code::DuplicateIdentifier,
                    "identifier is used more than once (identifiers are unique in the whole manifest)",
                    Some(id.to_owned()),
                );
            }
        }
    }

    /// `default`, `identifierref`, and every file an href names; returns the number of SCOs.
    fn references(&self, files: &BTreeSet<String>, f: &mut Findings) -> usize {
        let doc = self.doc;
        let cp = |n: &Node, l: &str| self.is_cp(n) && n.local == l;
        let orgs: HashSet<&str> = doc
            .nodes
            .iter()
            .filter(|n| cp(n, "organization"))
            .filter_map(|n| n.attr("identifier"))
            .collect();
        let resources: HashMap<&str, &Node> = doc
            .nodes
            .iter()
            .filter(|n| cp(n, "resource"))
            .filter_map(|n| Some((n.attr("identifier")?, n)))
            .collect();
        for n in &doc.nodes {
            if cp(n, "organizations")
                && let Some(d) = n.attr("default")
                && !orgs.contains(d)
            {
                f.problem(
                    Code::DanglingReference,
                    "<organizations default> names no organization",
                    Some(d.to_owned()),
                );
            }
            if cp(n, "item")
                && let Some(r) = n.attr("identifierref")
            {
                let item = n.attr("identifier").unwrap_or("?");
                match resources.get(r) {
                    None => f.problem(
                        Code::DanglingReference,
                        "item refers to a resource that does not exist",
                        Some(format!("item {item}, resource {r}")),
                    ),
                    Some(res) if res.attr("href").is_none() => f.problem(
                        Code::DanglingReference,
                        "item launches a resource that has no href",
                        Some(format!("item {item}, resource {r}")),
                    ),
                    Some(_) => {}
                }
            }
            if cp(n, "dependency")
                && let Some(r) = n.attr("identifierref")
                && !resources.contains_key(r)
            {
                f.problem(
                    Code::DanglingReference,
                    "dependency on a resource that does not exist",
                    Some(r.to_owned()),
                );
            }
        }
        let mut scos = 0;
        let mut listed = BTreeSet::new();
        for (i, n) in doc.nodes.iter().enumerate() {
            if cp(n, "resource") {
                let kind = n
                    .attrs
                    .iter()
                    .find(|a| a.local.eq_ignore_ascii_case("scormtype") && a.ns.is_some())
                    .map(|a| a.value.as_str());
                match kind {
                    Some("sco") => scos += 1,
                    Some(_) => {}
                    None => f.problem(
                        Code::ScormTypeMissing,
                        format!(
                            "resource has no {} (“sco” or “asset”): LMSs cannot tell whether to track it",
                            if self.ver == Ver::V12 { "adlcp:scormtype" } else { "adlcp:scormType" }
                        ),
                        Some(n.attr("identifier").unwrap_or("?").to_owned()),
                    ),
                }
            }
            let href = match n.local.as_str() {
                "resource" | "file" if self.is_cp(n) => n.attr("href"),
                _ => None,
            };
            let Some(href) = href else { continue };
            match resolve(&self.base_of(i), href) {
                Href::External => {}
                Href::Outside => f.problem(
                    Code::FileOutsidePackage,
                    "file points outside the package",
                    Some(href.to_owned()),
                ),
                Href::Local(path) => {
                    if !files.contains(&path) {
                        match files.iter().find(|n| n.eq_ignore_ascii_case(&path)) {
                            Some(other) => f.problem(
                                Code::FileCase,
                                "file is listed, but the zip has it with different upper/lower case (LMS servers are case-sensitive)",
                                Some(format!("{path} ≠ {other}")),
                            ),
                            None => f.problem(
                                Code::FileMissing,
                                "file is listed in the manifest but not in the zip",
                                Some(path.clone()),
                            ),
                        }
                    }
                    listed.insert(path);
                }
            }
        }
        if scos == 0 {
            f.warning(
                Code::NoSco,
                "no resource is marked as a SCO: the LMS will not track anything",
                None,
            );
        }
        for n in files {
            if n != crate::engine::manifest::MANIFEST_NAME && !listed.contains(n) {
                f.warning(
                    Code::UnlistedFile,
                    "file is in the zip but not listed in the manifest",
                    Some(n.clone()),
                );
            }
        }
        scos
    }

    /// The `xml:base` in effect for the hrefs of element `i` (its own and its ancestors').
    fn base_of(&self, i: usize) -> String {
        let mut chain = Vec::new();
        let mut at = Some(i);
        while let Some(j) = at {
            let n = self.node(j);
            if let Some(b) = n.xml_base() {
                chain.push(b);
            }
            at = n.parent;
        }
        chain
            .iter()
            .rev()
            .fold(String::new(), |base, b| join(&base, b))
    }
}

enum Href {
    /// A URL with a scheme: not a file of the package.
    External,
    Outside,
    Local(String),
}

fn has_scheme(s: &str) -> bool {
    s.split_once(':').is_some_and(|(scheme, _)| {
        scheme.len() > 1
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// RFC 3986 reference resolution for the relative paths manifests use.
fn join(base: &str, rel: &str) -> String {
    if has_scheme(rel) || rel.starts_with('/') || base.is_empty() {
        return rel.to_owned();
    }
    let dir = base.rfind('/').map_or("", |i| &base[..=i]);
    format!("{dir}{rel}")
}

/// An href (already joined with its `xml:base`) as a zip entry name.
fn resolve(base: &str, href: &str) -> Href {
    let joined = join(base, href.trim());
    if has_scheme(&joined) {
        return Href::External;
    }
    let end = joined.find(['?', '#']).unwrap_or(joined.len());
    let decoded = crate::engine::render::percent_decode(&joined[..end]);
    if decoded.starts_with('/') {
        return Href::Outside;
    }
    let mut parts: Vec<&str> = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Href::Outside;
                }
            }
            s => parts.push(s),
        }
    }
    Href::Local(parts.join("/"))
}
