//! Every shipped standard's worked examples give the outcome they declare, and every
//! standard has at least one passing and one failing example.

use carecheck_core::finding::Outcome;
use carecheck_core::selftest;
use carecheck_core::standards::{self, StandardSet};

fn shipped() -> StandardSet {
    match carecheck_shipped::whole_set(&Vec::new()) {
        Ok(s) => s,
        Err(standards::SetError::Problems(p)) => panic!(
            "shipped standards do not load: {:#?}",
            p.iter().map(|f| (&f.source.name, &f.problems)).collect::<Vec<_>>()
        ),
        Err(standards::SetError::Io(e)) => panic!("{e}"),
    }
}

#[test]
fn every_example_gives_its_declared_outcome() {
    let set = shipped();
    let runs = selftest::run_all(&set);
    assert!(runs.len() >= 2 * set.standards.len());
    let bad: Vec<String> = runs
        .iter()
        .filter(|r| !r.ok())
        .map(|r| {
            format!(
                "{} example {} \"{}\": expected {}, got {:?}",
                r.standard,
                r.index,
                r.name,
                r.expected.as_str(),
                r.got
            )
        })
        .collect();
    assert!(bad.is_empty(), "{} example(s) differ:\n{}", bad.len(), bad.join("\n"));
}

#[test]
fn every_standard_has_a_pass_and_a_fail_example() {
    let set = shipped();
    for s in &set.standards {
        assert!(
            s.examples.iter().any(|e| e.expect == Outcome::Pass),
            "{} has no passing example",
            s.id
        );
        assert!(
            s.examples.iter().any(|e| e.expect == Outcome::Fail),
            "{} has no failing example",
            s.id
        );
    }
}
