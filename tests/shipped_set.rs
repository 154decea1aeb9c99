//! Invariants of the shipped standards set (issue 3's "done means").

use std::collections::BTreeSet;
use std::process::Command;

use carecheck_core::finding::Severity;
use carecheck_core::standards::{DutyHolder, Status, TEST_IDS};

#[test]
fn size_coverage_and_honest_severity() {
    let set = carecheck_shipped::whole_set(&Vec::new()).unwrap();
    assert!(set.standards.len() >= 60, "{}", set.standards.len());
    for t in TEST_IDS {
        let n = set.standards.iter().filter(|s| s.test == *t).count();
        assert!(n >= 5, "{t}: {n} standards");
    }
    for s in &set.standards {
        if s.severity == Severity::Error {
            assert!(
                s.status == Status::Law && s.duty_holder != DutyHolder::PlacingAuthority,
                "{} is an error but {} on {}",
                s.id,
                s.status,
                s.duty_holder
            );
        }
        assert!(
            !s.citation.instrument.is_empty() && !s.citation.provision.is_empty(),
            "{}",
            s.id
        );
    }
    // every vague term is a parameter with a default and a reason
    for (name, p) in &set.params {
        assert!(p.doc.len() > 40, "parameter {name} needs its reason");
    }
    for name in [
        "notify_without_delay_hours",
        "reg44_month_semantics",
        "review_travel_minutes_max",
    ] {
        assert!(set.params.contains_key(name), "{name}");
    }
}

/// Our own thresholds are never labelled law: a standard of the law uses no parameter that
/// is carecheck's practice reading of a vague term. Where the law sets no number ("without
/// delay", "prompt", a review asked for when the need arises), the law standard checks an
/// outer limit and a practice standard beside it the quicker threshold. VOICE-020 once
/// failed as law at the fifth working day, carecheck's own number.
#[test]
fn no_law_standard_uses_a_practice_threshold() {
    let set = carecheck_shipped::whole_set(&Vec::new()).unwrap();
    for s in set.standards.iter().filter(|s| s.status.is_law()) {
        for name in &s.params_used {
            let Some(p) = set.params.get(name) else {
                panic!("{} uses {name}, which the set does not define", s.id)
            };
            // an outer limit's doc names the practice threshold it is checked apart from
            let own = p.doc.replace("separately as carecheck's practice", "");
            assert!(
                !own.contains("carecheck's practice"),
                "{} is law but uses {name}, carecheck's practice threshold: {}",
                s.id,
                p.doc
            );
        }
    }
}

#[test]
fn the_examples_fail_under_all_seven_tests() {
    let out = Command::new(env!("CARGO_BIN_EXE_carecheck"))
        .args(["check", "examples/", "--format", "json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let tests: BTreeSet<String> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap().clone())
        .filter(|x| x["outcome"] == "fail")
        .filter_map(|x| x["test"].as_str().map(str::to_string))
        .collect();
    for t in TEST_IDS {
        assert!(tests.contains(*t), "no failing finding under {t}");
    }
}

/// `check` reads the shipped standards without their examples (cut off at build time): it
/// must get exactly the standards the whole files give, and the cut must really happen.
#[test]
fn the_rules_a_check_reads_are_the_whole_standards_without_their_examples() {
    let whole = carecheck_shipped::whole_set(&Vec::new()).unwrap();
    let rules = carecheck_shipped::compile_rules().unwrap();
    assert_eq!(whole.standards.len(), rules.standards.len());
    let cut_files = carecheck_shipped::files()
        .iter()
        .zip(carecheck_shipped::rules())
        .filter(|(w, r)| r.text.len() < w.text.len())
        .count();
    assert_eq!(
        cut_files,
        whole.standards.len(),
        "every standard's examples are cut off"
    );
    for (w, r) in whole.standards.iter().zip(&rules.standards) {
        assert!(!w.examples.is_empty(), "{}", w.id);
        assert!(r.examples.is_empty(), "{}", r.id);
        // the same standard in every other respect; its source text differs by the cut
        let mut w = w.clone();
        w.examples.clear();
        w.source = r.source.clone();
        assert_eq!(format!("{w:?}"), format!("{r:?}"), "{}", r.id);
    }
    assert_eq!(format!("{:?}", whole.params), format!("{:?}", rules.params));
    assert_eq!(format!("{:?}", whole.tests), format!("{:?}", rules.tests));
}

/// `check` reads the trees the build script encoded, not the TOML: every shipped file must
/// have one (or the start is slow again, silently), and it must be the tree its text parses to.
#[test]
fn every_shipped_file_has_a_prebuilt_tree_equal_to_its_parsed_text() {
    for f in carecheck_shipped::rules() {
        let bytes = f.prebuilt.unwrap_or_else(|| panic!("{} has no prebuilt tree", f.path));
        let prebuilt =
            carecheck_core::toml_tree::decode(bytes).unwrap_or_else(|| panic!("{}: unreadable tree", f.path));
        let parsed = carecheck_core::toml_tree::parse(&f.text).unwrap();
        assert_eq!(prebuilt, parsed, "{}", f.path);
    }
    // the whole files (with their examples) are parsed, their trees being of the rules alone
    assert!(carecheck_shipped::files().iter().all(|f| f.prebuilt.is_none()));
}

/// `check` reads the shipped standards compiled when the program was built: they must be
/// there (or every start compiles them again, silently), and be exactly the standards the
/// shipped rules compile to now.
#[test]
fn the_standards_compiled_at_build_time_are_the_compiled_standards() {
    let compiled = carecheck_shipped::compile_rules().unwrap();
    let built = carecheck_shipped::compiled().expect("the build compiled the shipped standards");
    assert_eq!(format!("{built:?}"), format!("{compiled:?}"));
    // and `check` uses them, unless a parameter is overridden
    let shipped = carecheck_shipped::rules_set(&Vec::new()).unwrap();
    assert_eq!(format!("{shipped:?}"), format!("{compiled:?}"));
}

/// The standards compiled at build time are read where they lie in the program, not copied
/// at every start: each standard's text, its prose and its citation (copying them was a
/// fifth of a one-file check's memory and most of its page faults).
#[test]
fn the_standards_compiled_at_build_time_are_read_in_place() {
    use carecheck_core::source::Text;
    let built = carecheck_shipped::compiled().expect("the build compiled the shipped standards");
    let in_place = |t: &Text| matches!(t, Text::BuiltIn(_));
    for s in &built.standards {
        assert!(in_place(&s.source.text), "{}: its text", s.id);
        for (what, t) in [
            ("title", &s.title),
            ("rationale", &s.rationale),
            ("help", &s.help),
            ("message", &s.message),
            ("citation", &s.citation_text),
            ("instrument", &s.citation.instrument),
        ] {
            assert!(in_place(t), "{}: its {what}", s.id);
        }
    }
    // a set compiled now, from texts read at run time, holds its own copies
    let compiled = carecheck_shipped::compile_rules().unwrap();
    assert!(compiled.standards.iter().all(|s| !in_place(&s.title)));
}

/// A standard from a folder (an author's draft) still needs its examples when checked.
#[test]
fn a_standard_without_examples_is_still_refused_from_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    for f in carecheck_shipped::files() {
        let text = if f.path.starts_with("care-for-every-child/CARE-001") {
            f.text[..f.text.find("[[examples]]").unwrap()].to_string()
        } else {
            f.text.clone()
        };
        let p = dir.path().join(&f.path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_carecheck"))
        .args(["check", "--standards"])
        .arg(dir.path())
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/oakwood-childrens-home.yaml"
        ))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("no passing example"), "{err}");
}
