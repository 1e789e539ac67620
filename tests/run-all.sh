#!/usr/bin/env bash
# Every check and test of the project (the README's test command runs this after installing).
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n==== %s ====\n' "$*"; }

step "cargo fmt --check"
cargo fmt --check

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets -- -D warnings

step "headless CLI build without the studio (cargo build --no-default-features)"
cargo build --no-default-features --bin course-export --target-dir target/headless

step "cargo test (engine, CLI, media, studio UI with kittest)"
cargo test --no-fail-fast

step "player unit tests (node --test tests/player/)"
node --test tests/player/

step "browser tests against scorm-again in Debian's chromium"
COURSE_EXPORT_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/course-export" node --test tests/browser/
