//! Course Export Studio: the engine (no UI) and, behind the `gui` feature, the desktop studio.
pub mod cli;
pub mod engine;
mod interrupt;
#[cfg(feature = "gui")]
pub mod ui;
