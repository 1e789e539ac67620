//! The player files embedded in the binary and copied into every package.

/// `(path inside the package, contents)`.
pub const PLAYER_FILES: &[(&str, &[u8])] = &[
    (
        "player/player.js",
        include_bytes!("../../assets/player/player.js"),
    ),
    (
        "player/player.css",
        include_bytes!("../../assets/player/player.css"),
    ),
];

const LAUNCH_TEMPLATE: &str = include_str!("../../assets/player/launch.html");

/// A launch page. Both values are restricted to `[A-Za-z0-9_-]` (checked here as well as at load
/// time), and are HTML-escaped all the same: nothing is pasted unescaped.
pub fn launch_page(lang: &str, sco: &str) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect()
    };
    let mut lang_html = String::new();
    let mut sco_html = String::new();
    let _ = pulldown_cmark_escape::escape_html(&mut lang_html, &clean(lang));
    let _ = pulldown_cmark_escape::escape_html(&mut sco_html, &clean(sco));
    LAUNCH_TEMPLATE
        .replace("{{LANG}}", &lang_html)
        .replace("{{SCO}}", &sco_html)
}
